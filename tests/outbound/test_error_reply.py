"""A message that cannot be filed is kept, marked failed, and its sender is told why."""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime

import pytest

from mailer.api import Mailer
from mailer.clock import PinnedClock
from mailer.config import Config
from tests.conftest import ALICE, RunningService
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
    text = " ".join(reply.get_body(preferencelist=("plain",)).get_content().split())
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


SPANISH = "Hola, ¿cómo va todo? Un abrazo."


@pytest.mark.parametrize(
    ("alice_language", "to", "reason"),
    [
        ("es", "invites", "no he sabido con quién te has visto"),
        ("ca", "invites", "no he sabut amb qui t’has vist"),
        ("es", "monday25am", "No sé qué fecha es monday25am@. Prueba, por ejemplo, con 3days@"),
        ("ca", "monday25am", "No sé quina data és monday25am@. Prova, per exemple, amb 3days@"),
    ],
)
def test_the_reason_is_in_the_language_the_reply_is_in(
    config: Config, mailer: Mailer, clock: PinnedClock, to: str, reason: str
):
    """Through the real server: the reason, like the words around it, is in Alice's language,
    in both parts; the log keeps it in English."""
    server = RunningService(config, clock=clock)
    try:
        with smtplib.SMTP(server.host, server.port) as client:
            message = plain_message(body=SPANISH)
            client.sendmail(ALICE, [f"{to}@assistant.localhost"], message)
        server.drain()
    finally:
        server.stop()
    [inbound] = mailer.inbound(ALICE)
    assert inbound["status"] == "failed", inbound
    assert inbound["error"].startswith(("this message has no", "I do not know when"))
    mailer.tick()
    [reply] = [m for m in maildir_messages(mailer.config.maildir) if m["In-Reply-To"]]
    text = " ".join(reply.get_body(preferencelist=("plain",)).get_content().split())
    html = " ".join(reply.get_body(preferencelist=("html",)).get_content().split())
    assert reason in text and reason in html
    assert inbound["error"][:20] not in text and inbound["error"][:20] not in html
