"""A wrong password, a missing one or an unreachable server: one clear line, no traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailer.cli import cli
from mailer.config import ConfigError, load_config
from tests.conftest import RunningService, write_config
from tests.inbound.dovecot import PASSWORD, Dovecot, dovecot, imap_section  # noqa: F401
from tests.messages import invite_message


def fetch(config_path: Path):
    return CliRunner().invoke(cli, ["--config", str(config_path), "imap", "fetch"])


def test_a_wrong_password_is_named_and_nothing_is_read(
    tmp_path: Path,
    dovecot: Dovecot,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setenv("MAILER_TEST_IMAP_PASSWORD", "not the password")
    config_path = write_config(tmp_path, f"sqlite:///{tmp_path / 'm.db'}", imap_section(dovecot))
    dovecot.append(invite_message())
    result = fetch(config_path)
    assert result.exit_code == 1
    assert "refused the login of assistant" in result.output
    assert "MAILER_TEST_IMAP_PASSWORD" in result.output
    assert "Traceback" not in result.output
    assert len(dovecot.uids("INBOX")) == 1


def test_a_missing_password_variable_is_a_configuration_error(
    tmp_path: Path,
    dovecot: Dovecot,  # noqa: F811
    monkeypatch,
):
    monkeypatch.delenv("MAILER_TEST_IMAP_PASSWORD", raising=False)
    extra = imap_section(dovecot, enabled=True)
    config_path = write_config(tmp_path, f"sqlite:///{tmp_path / 'm.db'}", extra)
    result = fetch(config_path)
    assert result.exit_code == 2
    assert "imap.password_env" in result.output
    assert "MAILER_TEST_IMAP_PASSWORD is not set" in result.output
    with pytest.raises(ConfigError, match="MAILER_TEST_IMAP_PASSWORD"):
        RunningService(load_config(config_path))  # `mailer serve` stops at start


def test_an_unreachable_server_says_what_to_check(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("MAILER_TEST_IMAP_PASSWORD", PASSWORD)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    extra = (
        f'\n[imap]\nhost = "127.0.0.1"\nport = {closed}\nsecurity = "none"\nusername = "a"\n'
        'password_env = "MAILER_TEST_IMAP_PASSWORD"\n'
    )
    config_path = write_config(tmp_path, f"sqlite:///{tmp_path / 'm.db'}", extra)
    result = fetch(config_path)
    assert result.exit_code == 1
    assert f"cannot connect to the IMAP server 127.0.0.1:{closed}" in result.output
    assert "check [imap] host, port" in result.output
