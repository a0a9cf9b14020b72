"""Rewrite the paths of a restored ``config.toml`` to its new folder, keeping its comments.

The file stays the person's own, comments and all: only the lines of the keys that name the
restored files change. Data paths point into the new folder (``var/...``, relative to the file);
other relative paths (a CA file, a password file) are made absolute, to where they were.
"""

from __future__ import annotations

from pathlib import Path

from mailer.config import Config
from mailer.toml_lines import Changes, set_values

__all__ = ["restored_paths", "set_values"]


def restored_paths(
    config: Config, origin: Path, database_url: str, *, dkim: bool, templates: bool
) -> Changes:
    """What changes in ``config`` (the backed-up one, which was at ``origin``) once restored
    next to ``var/``."""
    changes: Changes = {
        ("database", "url"): database_url,
        ("inbound", "spool"): "var/spool",
        ("photos", "folder"): "var/photos",
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
