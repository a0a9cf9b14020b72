"""TLS to the IMAP server, implicit and STARTTLS, verified against ``[imap] ca_file``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailer.cli import cli
from tests.conftest import write_config
from tests.inbound.dovecot import PASSWORD, Dovecot, imap_section
from tests.messages import invite_message


@pytest.fixture
def server() -> Iterator[Dovecot]:
    dovecot = Dovecot(tls=True)
    try:
        yield dovecot
    finally:
        dovecot.close()


def fetch(tmp_path: Path, server: Dovecot, **imap: object):
    config_path = write_config(
        tmp_path, f"sqlite:///{tmp_path / 'm.db'}", imap_section(server, **imap)
    )
    return CliRunner().invoke(cli, ["--config", str(config_path), "imap", "fetch"])


@pytest.fixture(autouse=True)
def password(monkeypatch) -> None:
    monkeypatch.setenv("MAILER_TEST_IMAP_PASSWORD", PASSWORD)


def test_implicit_tls_with_our_own_ca(tmp_path: Path, server: Dovecot):
    server.append(invite_message())
    result = fetch(tmp_path, server, security="tls", port=server.tls_port, ca_file=server.cert)
    assert result.exit_code == 0, result.output
    assert "1 processed" in result.output


def test_starttls_with_our_own_ca(tmp_path: Path, server: Dovecot):
    server.append(invite_message())
    result = fetch(tmp_path, server, security="starttls", ca_file=server.cert)
    assert result.exit_code == 0, result.output
    assert "1 processed" in result.output


def test_an_untrusted_certificate_is_refused(tmp_path: Path, server: Dovecot):
    server.append(invite_message())
    result = fetch(tmp_path, server, security="tls", port=server.tls_port)
    assert result.exit_code == 1
    assert "CERTIFICATE_VERIFY_FAILED" in result.output
    assert "ca_file" in result.output
    assert len(server.uids("INBOX")) == 1
