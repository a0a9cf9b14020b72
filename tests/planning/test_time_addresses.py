"""Bcc 3days@ on a mail to a contact: reminded if nobody answers, not if the thread moves on."""

from __future__ import annotations

from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from mailer.clock import PinnedClock
from tests.conftest import ALICE
from tests.messages import ANNA
from tests.outbound.sinks import maildir_messages

MADRID = ZoneInfo("Europe/Madrid")
SENT = datetime(2026, 11, 25, 10, 0, tzinfo=MADRID)  # a Wednesday
ORIGINAL_ID = "<proposal-1@example.com>"


def mail(sender: str, to: str, subject: str, body: str, message_id: str, **headers: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Message-ID"] = message_id
    message["Date"] = "Wed, 25 Nov 2026 10:00:00 +0100"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes(policy=policy.SMTP)


def send_with_bcc(mailer: Mailer, local: str = "3days") -> str:
    proposal = mail(
        ALICE,
        f"Anna Ruiz <{ANNA}>",
        "Coffee next week?",
        "Would Tuesday work for a coffee?",
        ORIGINAL_ID,
    )
    result = mailer.ingest(
        proposal,
        source="bcc",
        envelope_from=ALICE,
        envelope_to=[f"{local}@assistant.localhost"],
        now=SENT,
    )
    return result.detail


def reminders(mailer: Mailer) -> list:
    return [
        m
        for m in maildir_messages(mailer.config.maildir)
        if str(m["Subject"]).startswith("Reminder:")
    ]


def test_no_answer_means_a_reminder_with_the_original_quoted(mailer: Mailer):
    assert send_with_bcc(mailer) == "reminder set for Saturday 28 November 10:00 (3days@)"
    assert next(c for c in mailer.contacts(ALICE) if c["email"] == ANNA)
    mailer.tick(SENT + timedelta(days=2))
    assert reminders(mailer) == []
    mailer.tick(SENT + timedelta(days=3, minutes=1))
    [reminder] = reminders(mailer)
    assert reminder["In-Reply-To"] == ORIGINAL_ID
    text = reminder.get_body(("plain",)).get_content()
    assert "Anna Ruiz" in text and "> Would Tuesday work for a coffee?" in text


def test_the_contacts_reply_all_cancels_it(mailer: Mailer):
    send_with_bcc(mailer, "monday9am")
    answer = mail(
        ANNA,
        f"{ALICE}, monday9am@assistant.localhost",
        "Re: Coffee next week?",
        "Tuesday is perfect!",
        "<answer-1@example.com>",
        In_Reply_To=ORIGINAL_ID,
    )
    result = mailer.ingest(
        answer,
        source="reply-all",
        envelope_from=ANNA,
        envelope_to=["monday9am@assistant.localhost"],
    )
    assert result.status == "processed" and "reminder cancelled" in result.detail
    mailer.tick(SENT + timedelta(days=7))
    assert reminders(mailer) == []


def test_forwarding_the_thread_to_cancel(mailer: Mailer):
    send_with_bcc(mailer)
    forward = mail(
        ALICE,
        "cancel@assistant.localhost",
        "Fwd: Re: Coffee next week?",
        "She answered.",
        "<fwd-1@example.com>",
    )
    result = mailer.ingest(forward, source="cancel", envelope_to=["cancel@assistant.localhost"])
    assert "reminder cancelled" in result.detail
    mailer.tick(SENT + timedelta(days=4))
    assert reminders(mailer) == []


def test_unknown_time_words_get_examples(mailer: Mailer):
    detail = send_with_bcc(mailer, "3dyas")
    assert "3days@assistant.localhost" in detail and "monday9am@" in detail


def test_pending_lists_what_waits(mailer: Mailer, clock: PinnedClock):
    send_with_bcc(mailer, "2weeks")
    clock.set(SENT + timedelta(minutes=5))  # asked right after the proposal: the answer is due
    ask = mail(ALICE, "pending@assistant.localhost", "pending?", "", "<pending-1@example.com>")
    result = mailer.ingest(ask, source="pending", envelope_to=["pending@assistant.localhost"])
    assert result.detail == "pending list sent (1 items)"
    mailer.tick(SENT + timedelta(minutes=5))
    [answer] = [
        m for m in maildir_messages(mailer.config.maildir) if m["Subject"] == "1 thing pending"
    ]
    assert "Coffee next week? (Anna Ruiz)" in answer.get_body(("plain",)).get_content()


def test_a_stranger_in_no_tracked_thread_is_refused(mailer: Mailer):
    send_with_bcc(mailer)
    spam = mail(
        "mallory@evil.example",
        "3days@assistant.localhost",
        "Re: hi",
        "buy",
        "<spam@evil.example>",
        In_Reply_To="<unrelated@evil.example>",
    )
    result = mailer.ingest(
        spam,
        source="spam",
        envelope_from="mallory@evil.example",
        envelope_to=["3days@assistant.localhost"],
    )
    assert result.status == "rejected"
