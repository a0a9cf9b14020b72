"""Set-up (a), a mailbox at a provider, with a real provider on loopback: Postfix receives the
user's forwarded invite for the assistant's address and delivers it into Dovecot; the assistant
fetches it over IMAP (TLS), and sends its answer by submission through Postfix (STARTTLS, then
a SASL login checked by Dovecot), which relays it on towards the user. Nothing leaves the
machine: the "rest of the Internet" is one loopback sink."""

from __future__ import annotations

import email
import email.policy
import smtplib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mailer.api import Mailer
from mailer.clock import PinnedClock
from mailer.config import load_config
from tests.conftest import ALICE, write_config
from tests.inbound.dovecot import PASSWORD, USER, Dovecot, imap_section
from tests.inbound.postfix import Mailboxes, Postfix, Submission, wait_for
from tests.messages import invite_message
from tests.outbound.sinks import RecordingSink, smtp_sink

DOMAIN = "assistant.localhost"
"""The assistant's addresses: a catch-all domain at the provider, one mailbox for all of it."""
TUESDAY = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
AUTH_SOCKET = "auth-postfix"
DOVECOT_AUTH_FOR_POSTFIX = f"""
auth_failure_delay = 0
service auth {{
  unix_listener {AUTH_SOCKET} {{
    mode = 0666
  }}
}}
"""


@dataclass
class Provider:
    dovecot: Dovecot
    postfix: Postfix
    far_end: RecordingSink
    """Where Postfix relays everything not for the assistant: the user's own mail server."""


@pytest.fixture
def provider() -> Iterator[Provider]:
    with smtp_sink() as (far_end, far_port):
        dovecot = Dovecot(tls=True, extra=DOVECOT_AUTH_FOR_POSTFIX)
        try:
            uid, gid = dovecot.owner()
            postfix = Postfix(
                hostname="smtp.provider.test",
                relay_port=far_port,
                mailboxes=Mailboxes(DOMAIN, dovecot.root / "home", f"{USER}/Maildir/", uid, gid),
                submission=Submission(
                    dovecot.cert, dovecot.root / "key.pem", dovecot.root / "run" / AUTH_SOCKET
                ),
            )
            try:
                yield Provider(dovecot, postfix, far_end)
            finally:
                postfix.close()
        finally:
            dovecot.close()


def _assistant(
    tmp_path: Path, database_url: str, clock: PinnedClock, provider: Provider, password: str
) -> Mailer:
    """The assistant configured as README's set-up (a) says: IMAP over TLS, submission with
    STARTTLS and a login, both trusting the provider's (self-signed) certificate."""
    cert = provider.dovecot.cert
    outbound = f"""
[outbound]
transport = "smtp"
smtp_host = "127.0.0.1"
smtp_port = {provider.postfix.submission_port}
smtp_security = "starttls"
smtp_ca_file = "{cert}"
smtp_username = "{USER}"
smtp_password_env = "MAILER_TEST_SMTP_PASSWORD"
smtp_timeout_seconds = 10
"""
    imap = imap_section(
        provider.dovecot, port=provider.dovecot.tls_port, security="tls", ca_file=str(cert)
    )
    path = write_config(tmp_path, database_url, outbound + imap)
    return Mailer(load_config(path), clock=clock)


def _forward_invite(provider: Provider) -> None:
    """Alice forwards an invitation to the assistant's address at the provider."""
    with smtplib.SMTP("127.0.0.1", provider.postfix.port, timeout=10) as smtp:
        smtp.sendmail(ALICE, [f"invites@{DOMAIN}"], invite_message())
    wait_for(lambda: len(provider.dovecot.uids("INBOX")) == 1, provider.postfix, "in Dovecot")


def test_fetched_by_imap_and_answered_through_authenticated_submission(
    tmp_path: Path, database_url: str, clock: PinnedClock, provider: Provider, monkeypatch
):
    monkeypatch.setenv("MAILER_TEST_IMAP_PASSWORD", PASSWORD)
    monkeypatch.setenv("MAILER_TEST_SMTP_PASSWORD", PASSWORD)
    mailer = _assistant(tmp_path, database_url, clock, provider, PASSWORD)
    try:
        _forward_invite(provider)
        report = mailer.imap_fetch()
        assert (report.processed, report.failed) == (1, 0)
        assert provider.dovecot.subjects("INBOX") == []
        assert [m["title"] for m in mailer.meetings()] == ["Coffee with Anna"]

        mailer.tick()  # the confirmation, and Monday's digest
        sent = {row["message_id"]: row for row in mailer.outbox(ALICE)}
        assert {row["status"] for row in sent.values()} == {"sent"}
        wait_for(lambda: len(provider.far_end.messages) == len(sent), provider.postfix, "relayed")
        assert provider.far_end.recipients == [[ALICE]] * len(sent)
        relayed = [email.message_from_bytes(m, policy=email.policy.default)
                   for m in provider.far_end.messages]  # fmt: skip
        assert {m["Message-ID"] for m in relayed} == set(sent)
        [received] = [m for m in relayed if sent[m["Message-ID"]]["template"] == "confirmation"]
        assert received["From"].addresses[0].addr_spec == f"assistant@{DOMAIN}"
        assert "coffee with Anna" in received["Subject"]
        # Postfix's own stamp: our client spoke TLS (ESMTPS, with its cipher) and logged in (A)
        stamp = " ".join(str(received["Received"]).split())
        assert "with ESMTPSA" in stamp and f"Authenticated sender: {USER}" in stamp
        assert "using TLS" in stamp
    finally:
        mailer.engine.dispose()


def test_a_wrong_submission_password_fails_the_message_with_the_servers_words(
    tmp_path: Path, database_url: str, clock: PinnedClock, provider: Provider, monkeypatch
):
    monkeypatch.setenv("MAILER_TEST_IMAP_PASSWORD", PASSWORD)
    monkeypatch.setenv("MAILER_TEST_SMTP_PASSWORD", "not the password")
    clock.set(TUESDAY)  # no digest due: one message, one failed login (Dovecot slows the next)
    mailer = _assistant(tmp_path, database_url, clock, provider, "not the password")
    try:
        _forward_invite(provider)
        assert mailer.imap_fetch().processed == 1
        mailer.tick()
        [row] = mailer.outbox(ALICE)
        assert row["status"] == "failed" and row["last_error"].startswith("535 5.7.8")
        assert provider.far_end.messages == []
    finally:
        mailer.engine.dispose()
