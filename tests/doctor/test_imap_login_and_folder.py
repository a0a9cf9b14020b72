"""Provider mailbox (a): the IMAP login and folder, against the real Dovecot of the IMAP tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailer.doctor import Checkup
from tests.doctor.checkups import configure, findings
from tests.inbound.dovecot import PASSWORD, Dovecot, imap_section

VARIABLE = "MAILER_TEST_IMAP_PASSWORD"


def _imap(tmp_path: Path, server: Dovecot, **overrides: object) -> list[tuple[str, str]]:
    path = configure(tmp_path, extra=imap_section(server, enabled=True, **overrides))
    return [(f.level, f.message) for f in findings(Checkup(path), "imap")]


def test_login_and_folder_ok(tmp_path: Path, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(VARIABLE, PASSWORD)
    dovecot.append(b"Subject: one\r\n\r\nx\r\n")
    [(level, message)] = _imap(tmp_path, dovecot)
    assert level == "ok" and "'INBOX' holds 1 message(s)" in message


def test_a_missing_folder_fails(tmp_path: Path, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(VARIABLE, PASSWORD)
    [(level, message)] = _imap(tmp_path, dovecot, folder="assistant")
    assert level == "FAIL" and "no folder 'assistant'" in message


def test_a_wrong_password_fails(tmp_path: Path, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(VARIABLE, "not the password")
    [(level, message)] = _imap(tmp_path, dovecot)
    assert level == "FAIL" and "refused the login" in message


def test_a_missing_password_fails(
    tmp_path: Path, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv(VARIABLE, raising=False)
    [(level, message)] = _imap(tmp_path, dovecot)
    assert level == "FAIL" and f"{VARIABLE} is not set" in message


def test_the_password_from_a_file_logs_in(tmp_path: Path, dovecot: Dovecot):
    secret = tmp_path / "mailbox.password"
    secret.write_text(PASSWORD + "\n")
    secret.chmod(0o600)
    [(level, message)] = _imap(tmp_path, dovecot, password_file="mailbox.password")
    assert level == "ok" and "logged in as assistant@127.0.0.1" in message
