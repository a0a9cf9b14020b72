"""Passwords come from a file (a systemd credential, a Docker secret) or an environment variable
the config names, never from the config itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailer.config import ConfigError, load_config
from mailer.inbound.imap import imap_password
from mailer.outbound.routes import transport_for
from tests.conftest import write_config


def _config(tmp_path: Path, extra: str):  # type: ignore[no-untyped-def]
    return load_config(write_config(tmp_path, f"sqlite:///{tmp_path / 'm.db'}", extra))


def test_the_imap_password_is_read_from_the_file_named(tmp_path: Path):
    (tmp_path / "imap.secret").write_text("s3cret word\n", encoding="utf-8")
    config = _config(tmp_path, '\n[imap]\npassword_file = "imap.secret"\n')
    assert imap_password(config) == "s3cret word"  # the file's last newline is not the password


def test_variables_in_the_path_are_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / "smtp").write_text("relay-pass", encoding="utf-8")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials))
    extra = (
        '\n[outbound]\ntransport = "smtp"\nsmtp_username = "me"\n'
        'smtp_password_file = "${CREDENTIALS_DIRECTORY}/smtp"\n'
    )
    assert transport_for(_config(tmp_path, extra)).password == "relay-pass"  # type: ignore[attr-defined]


def test_a_missing_file_names_its_key_and_path(tmp_path: Path):
    config = _config(tmp_path, '\n[imap]\npassword_file = "nowhere.secret"\n')
    with pytest.raises(ConfigError) as error:
        imap_password(config)
    assert error.value.key == "imap.password_file"
    assert str(tmp_path / "nowhere.secret") in str(error.value)


def test_an_empty_file_is_refused(tmp_path: Path):
    (tmp_path / "empty").write_text("\n", encoding="utf-8")
    config = _config(tmp_path, '\n[imap]\npassword_file = "empty"\n')
    with pytest.raises(ConfigError, match="is empty"):
        imap_password(config)
