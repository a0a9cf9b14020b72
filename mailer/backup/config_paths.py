"""Rewrite the paths of a restored ``config.toml`` to its new folder, keeping its comments.

The file stays the person's own, comments and all: only the lines of the keys that name the
restored files change. Data paths point into the new folder (``var/...``, relative to the file);
other relative paths (a CA file, a password file) are made absolute, to where they were.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from mailer.config import Config

Changes = dict[tuple[str, str], str]
"""(section, key) -> the new string value."""


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string is a JSON string


def set_values(text: str, changes: Changes) -> str:
    """``text`` with each top-level section's key set; a missing key or section is added."""
    for (section, key), value in changes.items():
        line = f"{key} = {toml_string(value)}"
        header = re.search(rf"(?m)^\[{re.escape(section)}\][ \t]*(#.*)?$", text)
        if header is None:
            text = text.rstrip("\n") + f"\n\n[{section}]\n{line}\n"
            continue
        following = re.search(r"(?m)^\s*\[", text[header.end() :])
        end = header.end() + following.start() if following else len(text)
        body = text[header.end() : end]
        found = re.search(rf"(?m)^{re.escape(key)}[ \t]*=.*$", body)
        body = body[: found.start()] + line + body[found.end() :] if found else f"\n{line}{body}"
        text = text[: header.end()] + body + text[end:]
    tomllib.loads(text)  # what we wrote must still be TOML
    return text


def restored_paths(
    config: Config, origin: Path, database_url: str, *, dkim: bool, templates: bool
) -> Changes:
    """What changes in ``config`` (the backed-up one, which was at ``origin``) once restored
    next to ``var/``."""
    changes: Changes = {
        ("database", "url"): database_url,
        ("inbound", "spool"): "var/spool",
        ("outbound", "maildir"): "var/sent",
        ("outbound", "secret_file"): "var/secret.key",
    }
    if dkim:
        changes["outbound", "dkim_key_file"] = "var/dkim.key"
    if templates:
        changes["outbound", "templates"] = "templates"
    for section, key, value in (
        ("imap", "ca_file", config.imap.ca_file),
        ("imap", "password_file", config.imap.password_file),
        ("outbound", "smtp_password_file", config.outbound.smtp_password_file),
    ):
        if value and not Path(value).is_absolute() and "$" not in value:
            changes[section, key] = str(origin.parent / value)
    return changes
