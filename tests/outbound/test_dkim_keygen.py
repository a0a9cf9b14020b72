"""`mailer dkim keygen` makes a key our signer uses and a record that verifies its signatures."""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from pathlib import Path

import dkim
from click.testing import CliRunner

from mailer.cli import cli
from mailer.outbound.dkim_signing import DkimSigner
from tests.conftest import write_config

MESSAGE = (
    b"From: Slow Networking Assistant <assistant@assistant.example.org>\r\n"
    b"To: alice@example.com\r\n"
    b"Subject: Coffee with Anna\r\n"
    b"Date: Mon, 23 Nov 2026 09:00:00 +0000\r\n"
    b"Message-ID: <1@assistant.example.org>\r\n"
    b"\r\n"
    b"How was it?\r\n"
)


def _keygen(tmp_path: Path, keyfile: Path, *args: str):  # type: ignore[no-untyped-def]
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'm.db'}")
    config.write_text(
        config.read_text().replace('"assistant.localhost"', '"assistant.example.org"'),
        encoding="utf-8",
    )
    return CliRunner().invoke(cli, ["--config", str(config), "dkim", "keygen", *args, str(keyfile)])


def _published(line: str) -> Callable[..., bytes | None]:
    """dkimpy's dnsfunc answering what a DNS server would for the printed zone line: its
    strings joined, at its name."""
    name, rest = line.split(" IN TXT ", 1)
    strings = re.findall(r'"([^"]*)"', rest)
    assert all(len(s) <= 255 for s in strings) and len(strings) >= 2  # 2048 bits need two
    records = {name.encode() + b".": "".join(strings).encode()}

    def dns(name: bytes, timeout: int = 5) -> bytes | None:
        return records.get(name if name.endswith(b".") else name + b".")

    return dns


def test_a_message_signed_with_the_new_key_verifies_against_the_printed_record(tmp_path: Path):
    keyfile = tmp_path / "keys" / "mail.key"
    result = _keygen(tmp_path, keyfile, "--selector", "mail")
    assert result.exit_code == 0, result.output
    line = result.stdout.splitlines()[0]
    assert line.startswith('mail._domainkey.assistant.example.org IN TXT "v=DKIM1; k=rsa; p=')
    dns = _published(line)
    signed = DkimSigner("mail", keyfile)(MESSAGE)
    assert dkim.verify(signed, dnsfunc=dns)
    assert not dkim.verify(signed.replace(b"How was it?", b"How was it!"), dnsfunc=dns)
    assert stat.S_IMODE(keyfile.stat().st_mode) == 0o600
    assert "-----BEGIN PRIVATE KEY-----" in keyfile.read_text()


def test_another_key_does_not_verify_against_the_record(tmp_path: Path):
    first, second = tmp_path / "first.key", tmp_path / "second.key"
    line = _keygen(tmp_path, first, "--selector", "mail").stdout.splitlines()[0]
    _keygen(tmp_path, second, "--selector", "mail", "--domain", "elsewhere.example")
    signed = DkimSigner("mail", second)(MESSAGE)
    assert not dkim.verify(signed, dnsfunc=_published(line))
    assert dkim.verify(DkimSigner("mail", first)(MESSAGE), dnsfunc=_published(line))


def test_an_existing_key_is_never_overwritten(tmp_path: Path):
    keyfile = tmp_path / "mail.key"
    keyfile.write_text("the published key\n")
    result = _keygen(tmp_path, keyfile, "--selector", "mail")
    assert result.exit_code == 1
    assert "exists" in result.output
    assert keyfile.read_text() == "the published key\n"


def test_domain_option_names_the_record(tmp_path: Path):
    result = _keygen(tmp_path, tmp_path / "k.pem", "--selector", "s1", "--domain", "example.net")
    assert result.stdout.startswith("s1._domainkey.example.net IN TXT ")
