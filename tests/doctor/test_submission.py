"""Provider mailbox (a): submission with STARTTLS and AUTH, against a real aiosmtpd server on
loopback with a certificate made in the test."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from mailer.doctor import Checkup
from tests.certificates import self_signed
from tests.doctor.checkups import configure, only
from tests.inbound.dovecot import free_port
from tests.outbound.sinks import RecordingSink

LOGIN = ("me@example.com", "app password")
VARIABLE = "MAILER_TEST_SUBMISSION_PASSWORD"


def _authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:  # type: ignore[no-untyped-def]
    """One login accepted; a wrong one answered 535 (``handled=False``: aiosmtpd's default
    ``handled=True`` means the authenticator replied itself, and the client would wait)."""
    given = (auth_data.login.decode(), auth_data.password.decode())
    return AuthResult(success=given == LOGIN, handled=False)


@contextmanager
def submission_server(folder: Path, *, starttls: bool = True) -> Iterator[int]:
    """aiosmtpd offering STARTTLS (when ``starttls``) and AUTH only after it, as port 587 does."""
    cert, key = self_signed(folder)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    port = free_port()
    tls = {"tls_context": context, "require_starttls": True} if starttls else {}
    controller = Controller(RecordingSink(), hostname="127.0.0.1", port=port,
                            authenticator=_authenticator, auth_required=True,
                            auth_require_tls=starttls, **tls)  # fmt: skip
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def _relay(tmp_path: Path, port: int, security: str = "starttls") -> Path:
    return configure(
        tmp_path,
        extra=f'\n[outbound]\ntransport = "smtp"\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\n'
        f'smtp_security = "{security}"\nsmtp_username = "{LOGIN[0]}"\n'
        f'smtp_password_env = "{VARIABLE}"\nsmtp_timeout_seconds = 5\n',
    )


@pytest.fixture
def trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test's certificate trusted as OpenSSL's default CA file (for this process only)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "cert.pem"))


def test_starttls_and_login_accepted(
    tmp_path: Path, trusted: None, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv(VARIABLE, LOGIN[1])
    with submission_server(tmp_path) as port:
        found = only(Checkup(_relay(tmp_path, port)), "submission outbound")
    assert found.level == "ok", found
    assert found.message == f"127.0.0.1:{port}: STARTTLS and login as {LOGIN[0]} accepted"


def test_a_wrong_password_fails(tmp_path: Path, trusted: None, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(VARIABLE, "wrong")
    with submission_server(tmp_path) as port:
        found = only(Checkup(_relay(tmp_path, port)), "submission outbound")
    assert found.level == "FAIL" and "refused the login" in found.message


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_no_starttls_offered_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(VARIABLE, LOGIN[1])
    with submission_server(tmp_path, starttls=False) as port:
        found = only(Checkup(_relay(tmp_path, port)), "submission outbound")
    assert found.level == "FAIL" and "does not offer STARTTLS" in found.message


def test_an_untrusted_certificate_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(VARIABLE, LOGIN[1])
    with submission_server(tmp_path) as port:
        found = only(Checkup(_relay(tmp_path, port)), "submission outbound")
    assert found.level == "FAIL" and "certificate" in found.message


def test_a_missing_password_fails_before_connecting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv(VARIABLE, raising=False)
    found = only(Checkup(_relay(tmp_path, free_port())), "submission outbound")
    assert found.level == "FAIL" and f"{VARIABLE} is not set" in found.message
    assert "outbound.smtp_password_env" in found.message
