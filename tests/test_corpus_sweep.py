"""Every file in ../shared/corpus goes through `mailer ingest` without an unhandled exception.

The sweep reads the shared corpus in place (it holds AGPL and GPL files we do not copy). Each
file is made into what a user would send: a message is re-addressed from the user (as if they
had saved and re-sent it), a bare .ics is attached to a message, a text or HTML body becomes one.
"""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailer.cli import cli
from tests.conftest import ALICE, SHARED_CORPUS

HEADER = re.compile(rb"^[!-9;-~]+:", re.M)


def _from_user(raw: bytes) -> bytes:
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


def _as_sent(path: Path) -> bytes:
    raw = path.read_bytes()
    if path.suffix in {".eml"} or (path.suffix == ".txt" and HEADER.match(raw.lstrip(b"From \n"))):
        return _from_user(raw)
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


def test_every_corpus_file_goes_through_ingest(config_path: Path, tmp_path: Path):
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"{SHARED_CORPUS} is absent: the corpus sweep reads it in place")
    sources = sorted(p for p in SHARED_CORPUS.rglob("*") if p.is_file() and p.suffix != ".md")
    assert len(sources) > 100
    saved = []
    for number, source in enumerate(sources):
        target = tmp_path / "sweep" / f"{number:03d}-{source.name}.eml"
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(_as_sent(source))
        saved.append(str(target))
    result = CliRunner().invoke(cli, ["--config", str(config_path), "ingest", *saved])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == len(saved), "one line per file"
    internal = [line for line in lines if "internal error" in line]
    assert internal == []
    rejected = [line for line in lines if ": rejected:" in line]
    assert rejected == []
    processed = [line for line in lines if ": failed:" not in line]
    assert len(processed) >= 100
