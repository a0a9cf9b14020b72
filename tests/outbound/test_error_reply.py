"""A message that cannot be filed is kept, marked failed, and its sender is told why."""

from __future__ import annotations

from datetime import UTC, datetime

from mailer.api import Mailer
from tests.conftest import ALICE
from tests.messages import plain_message
from tests.outbound.sinks import maildir_messages

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
"""Before the ticks below: the reply is queued at the moment the message is processed."""


def _sent(mailer: Mailer) -> list:
    """What was sent about the message (the weekly digest may go out in the same ticks)."""
    return [
        m for m in maildir_messages(mailer.config.maildir) if "could not file" in str(m["Subject"])
    ]


def _rows(mailer: Mailer) -> list[dict]:
    return [r for r in mailer.outbox(ALICE) if r["template"] == "error_reply"]


def test_the_sender_gets_the_reason_once(mailer: Mailer):
    result = mailer.ingest(plain_message(body="Just saying hi."), source="hi", now=NOW)
    assert result.status == "failed"
    mailer.tick(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    mailer.tick(datetime(2026, 11, 23, 10, 5, tzinfo=UTC))
    [reply] = _sent(mailer)
    assert reply["To"] == f"Alice Martín <{ALICE}>"
    assert reply["Subject"] == "I could not file your message “Hi”"
    assert reply["Auto-Submitted"] == "auto-generated"
    text = reply.get_body(preferencelist=("plain",)).get_content()
    assert "whom you met" in text and "Nothing is lost" in text
    [row] = _rows(mailer)
    assert (row["status"], row["attempts"]) == ("sent", 1)


def test_automatic_mail_gets_no_answer(mailer: Mailer):
    message = plain_message(body="Out of office").replace(
        b"Subject: Hi", b"Auto-Submitted: auto-replied\r\nSubject: Hi"
    )
    assert mailer.ingest(message, source="auto", now=NOW).status == "failed"
    mailer.tick(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    assert _sent(mailer) == []
    assert _rows(mailer) == []
