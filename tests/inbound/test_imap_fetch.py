"""``mailer imap fetch`` against a real Dovecot: each message in, then moved out of the folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mailer.api import Mailer
from mailer.cli import cli
from mailer.config import load_config
from mailer.inbound.imap import Mailbox
from mailer.inbound.imap_receive import Receiver
from mailer.pipeline import Pipeline
from tests.conftest import write_config
from tests.inbound.dovecot import PASSWORD, Dovecot, dovecot, imap_section  # noqa: F401
from tests.messages import invite_message, plain_message

PROCESSED, FAILED = "mailer-processed", "mailer-failed"


@pytest.fixture
def imap_config(tmp_path: Path, database_url: str, dovecot: Dovecot, monkeypatch) -> Path:  # noqa: F811
    monkeypatch.setenv("MAILER_TEST_IMAP_PASSWORD", PASSWORD)
    return write_config(tmp_path, database_url, imap_section(dovecot))


def fetch(config_path: Path):
    return CliRunner().invoke(cli, ["--config", str(config_path), "imap", "fetch"])


def test_messages_are_processed_then_moved(imap_config: Path, dovecot: Dovecot):  # noqa: F811
    dovecot.append(invite_message())
    dovecot.append(invite_message(sender="mallory@evil.example", subject="From a stranger"))
    dovecot.append(plain_message(body="nothing to file here", subject="Not understood"))
    result = fetch(imap_config)
    assert result.exit_code == 0, result.output
    assert "1 processed, 1 failed, 1 refused, 0 already stored" in result.output
    assert dovecot.subjects("INBOX") == []
    assert dovecot.subjects(PROCESSED) == [
        "Fwd: Invitation: Coffee with Anna @ Tue Dec 22, 2026 1:30pm - 2:30pm (CET)"
    ]
    assert dovecot.subjects(FAILED) == ["From a stranger", "Not understood"]
    mailer = Mailer(load_config(imap_config))
    assert [m["title"] for m in mailer.meetings()] == ["Coffee with Anna"]
    rows = {r["subject"]: r for r in mailer.inbound()}
    assert rows["Not understood"]["status"] == "failed"
    assert [m["template"] for m in mailer.outbox()] == ["confirmation", "error_reply"]
    # a second run finds nothing left to do
    again = fetch(imap_config)
    assert "0 processed, 0 failed, 0 refused, 0 already stored" in again.output


def test_recipients_at_our_domain_are_the_envelope(imap_config: Path, dovecot: Dovecot):  # noqa: F811
    dovecot.append(b"Delivered-To: recap@assistant.localhost\r\n" + plain_message(body="x"))
    dovecot.append(plain_message(body="y", subject="No address of ours"))
    assert fetch(imap_config).exit_code == 0
    mailer = Mailer(load_config(imap_config))
    recipients = {r["subject"]: r["recipients"] for r in mailer.inbound()}
    assert recipients == {
        "Hi": ["recap@assistant.localhost"],
        # plain_message is addressed To: invites@assistant.localhost
        "No address of ours": ["invites@assistant.localhost"],
    }


def test_without_move_it_copies_flags_and_expunges(imap_config: Path, dovecot: Dovecot):  # noqa: F811
    """Servers without MOVE (RFC 6851) get COPY, \\Deleted and UID EXPUNGE instead."""
    dovecot.append(invite_message())
    mailer = Mailer(load_config(imap_config))
    mailbox = Mailbox.open(mailer.config)
    try:
        mailbox.can_move = False
        report = mailbox.process_waiting(
            Receiver(mailer.config, mailer.intake(), Pipeline(mailer.config, mailer.sessions))
        )
    finally:
        mailbox.close()
    assert report.processed == 1
    assert dovecot.uids("INBOX") == []
    assert len(dovecot.uids(PROCESSED)) == 1


def test_a_message_over_the_size_limit_is_refused_unread(imap_config: Path, dovecot: Dovecot):  # noqa: F811
    dovecot.append(invite_message(body="x" * 250_000, subject="Huge"))
    result = fetch(imap_config)
    assert "1 refused" in result.output
    assert dovecot.subjects(FAILED) == ["Huge"]
    rows = Mailer(load_config(imap_config)).inbound()
    assert rows == []  # a refused message is not the user's: it is not in their list
