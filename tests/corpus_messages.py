"""A corpus file made into what a user would send: a message re-addressed from the user (as if
they had saved and re-sent it), a bare .ics attached to a message, a text or HTML body made one.
"""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from pathlib import Path

from tests.conftest import ALICE

HEADER = re.compile(rb"^[!-9;-~]+:", re.M)


def from_user(raw: bytes) -> bytes:
    """The message with its From header(s) replaced by the user's address."""
    head, sep, body = (
        raw.partition(b"\n\n") if b"\r\n\r\n" not in raw else raw.partition(b"\r\n\r\n")
    )
    lines = head.splitlines(keepends=True)
    kept, skipping = [], False
    for line in lines:
        if line[:1] in (b" ", b"\t") and skipping:
            continue
        skipping = line.lower().startswith(b"from:")
        if not skipping:
            kept.append(line)
    newline = b"\r\n" if b"\r\n" in head else b"\n"
    return b"From: " + ALICE.encode() + newline + b"".join(kept) + sep + body


def as_sent(path: Path) -> bytes:
    raw = path.read_bytes()
    if path.suffix in {".eml"} or (path.suffix == ".txt" and HEADER.match(raw.lstrip(b"From \n"))):
        return from_user(raw)
    message = EmailMessage()
    message["From"] = ALICE
    message["To"] = "invites@assistant.localhost"
    message["Subject"] = f"Fwd: {path.name}"
    if path.suffix == ".ics":
        message.set_content("See the attached calendar.")
        message.add_attachment(raw, maintype="text", subtype="calendar", filename=path.name)
    elif path.suffix == ".html":
        message.set_content(raw.decode("utf-8", "replace"), subtype="html")
    else:
        message.set_content(raw.decode("utf-8", "replace"))
    return message.as_bytes(policy=policy.SMTP)
