"""Setting keys in a ``config.toml`` by its lines, so that its comments stay.

tomllib only reads, and writing the parsed data back would drop every comment that documents
the file. Used by ``mailer init`` (the example, filled in for a set-up) and ``mailer restore``
(paths moved to the new folder).
"""

from __future__ import annotations

import json
import re
import tomllib

Value = str | int | bool | list[str]
Changes = dict[tuple[str, str], Value]
"""(section, key) -> the new value; section ``users`` is the first ``[[users]]`` table."""


def toml_value(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string is a JSON string


def set_values(text: str, changes: Changes) -> str:
    """``text`` with each key set in its section; a missing key or section is added."""
    for (section, key), value in changes.items():
        line = f"{key} = {toml_value(value)}"
        header = re.search(rf"(?m)^\[\[?{re.escape(section)}\]\]?[ \t]*(#.*)?$", text)
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
