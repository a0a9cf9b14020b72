"""Running the doctor in tests: a config of Alice and Bob, and the findings of one check."""

from __future__ import annotations

from pathlib import Path

from mailer.doctor import Checkup, Finding
from tests.conftest import write_config


def configure(directory: Path, database_url: str = "", extra: str = "", **inbound: str) -> Path:
    """tests/conftest.py's config, with ``[inbound]`` keys replaced or added."""
    path = write_config(directory, database_url or f"sqlite:///{directory / 'mailer.db'}", extra)
    text = path.read_text(encoding="utf-8")
    for key, value in inbound.items():
        line = f"{key} = {value}"
        if f"\n{key} = " in text.split("[[users]]")[0]:
            start = text.index(f"\n{key} = ") + 1
            text = text[:start] + line + text[text.index("\n", start) :]
        else:
            text = text.replace("max_message_bytes = 200000", f"max_message_bytes = 200000\n{line}")
    path.write_text(text, encoding="utf-8")
    return path


def findings(checkup: Checkup, check: str) -> list[Finding]:
    return [f for f in checkup.run() if f.check == check]


def only(checkup: Checkup, check: str) -> Finding:
    [found] = findings(checkup, check)
    return found
