"""`mailer tick --now` walks a meeting through its life, and an opt-out stops everything."""

from __future__ import annotations

from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from tests.conftest import ALICE
from tests.messages import ANNA, invite_ics, invite_message
from tests.outbound.sinks import maildir_messages

MADRID = ZoneInfo("Europe/Madrid")
FORWARDED = datetime(2026, 12, 1, 10, 0, tzinfo=MADRID)
"""When the invite is forwarded: every step passes its own time, never the wall clock."""


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=MADRID)


def reply(to: str, body: str, *, sender: str = ALICE, in_reply_to: str | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = "Re: your message"
    message["Date"] = "Wed, 23 Dec 2026 10:00:00 +0100"
    message["Message-ID"] = make_msgid(domain="example.com")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    message.set_content(body)
    return message.as_bytes(policy=policy.SMTP)


def sent_to(mailer: Mailer, address: str) -> list[EmailMessage]:
    return [m for m in maildir_messages(mailer.config.maildir) if address in str(m["To"])]


def test_a_meeting_from_invite_to_follow_up(mailer: Mailer):
    assert (
        mailer.ingest(invite_message(invite_ics()), source="invite", now=FORWARDED).status
        == "processed"
    )

    mailer.tick(at("2026-12-22T12:00"))  # before the meeting: the confirmation and the brief
    brief, confirmation = sorted(sent_to(mailer, ALICE), key=lambda m: m["Subject"])
    assert brief["Subject"] == "Before you meet: coffee with Anna Ruiz at 13:30"
    assert confirmation["Subject"] == "Logged: coffee with Anna Ruiz, Tue 22 Dec"
    text = confirmation.get_body(("plain",)).get_content()
    assert "Tuesday 22 December at 13:30" in text and "Satan's Coffee Corner" in text

    mailer.tick(at("2026-12-22T17:00"))  # it ended at 14:30: the recap prompt
    [prompt] = [m for m in sent_to(mailer, ALICE) if m["Subject"].startswith("How was")]
    assert prompt["Subject"] == "How was your coffee with Anna?"

    mailer.tick(at("2026-12-23T09:00"))  # the day after: the thank-you draft
    draft = next(m for m in sent_to(mailer, ALICE) if m["Subject"].startswith("Draft"))
    approve = str(draft["Reply-To"].addresses[0].addr_spec)
    assert approve.startswith("approve+")

    result = mailer.ingest(
        reply(approve, "send"), source="send", envelope_to=[approve], now=at("2026-12-23T09:01")
    )
    assert result.status == "processed" and "queued" in result.detail
    mailer.tick(at("2026-12-23T09:05"))
    [note] = sent_to(mailer, ANNA)
    assert note["From"].addresses[0].display_name == "Alice Martín"
    assert ALICE in str(note["Reply-To"]) and "reply+" in str(note["Reply-To"])
    assert note["List-Unsubscribe"].startswith("<mailto:unsubscribe+")
    assert "Thank you for the coffee yesterday!" in note.get_body(("plain",)).get_content()

    recap = (
        "Great coffee. Gave: my notes on event formats\nGot: two contacts\nFollow up in 2 weeks."
    )
    result = mailer.ingest(
        reply("assistant@assistant.localhost", recap, in_reply_to=prompt["Message-ID"]),
        source="recap",
        now=at("2026-12-23T18:00"),
    )
    assert result.status == "processed", result.detail
    [meeting] = mailer.meetings(ALICE)
    assert (meeting["status"], meeting["gave"]) == ("done", ["my notes on event formats"])

    mailer.tick(at("2027-01-06T09:00"))  # the follow-up falls due
    followup = next(m for m in sent_to(mailer, ALICE) if m["Subject"].startswith("Today:"))
    assert followup["Subject"] == "Today: Follow up with Anna Ruiz"
    assert ANNA in followup.get_body(("plain",)).get_content()

    result = mailer.ingest(
        reply(
            followup["Message-ID"] and "assistant@assistant.localhost",
            "done",
            in_reply_to=followup["Message-ID"],
        ),
        source="done",
        now=at("2027-01-06T10:00"),
    )
    assert result.detail.startswith("done: 1 item")
    assert [f for f in mailer.followups(ALICE) if f["kind"] == "followup"] == []


def test_an_opt_out_stops_everything_to_that_contact(mailer: Mailer):
    mailer.ingest(invite_message(invite_ics()), source="invite", now=FORWARDED)
    mailer.tick(at("2026-12-23T09:00"))
    draft = next(m for m in sent_to(mailer, ALICE) if m["Subject"].startswith("Draft"))
    approve = str(draft["Reply-To"].addresses[0].addr_spec)
    mailer.ingest(
        reply(approve, "My own words, thanks!"),
        source="own",
        envelope_to=[approve],
        now=at("2026-12-23T09:01"),
    )
    mailer.tick(at("2026-12-23T09:05"))
    [note] = sent_to(mailer, ANNA)
    assert note.get_body(("plain",)).get_content().startswith("My own words, thanks!")

    unsubscribe = note["List-Unsubscribe"].strip("<>").removeprefix("mailto:")
    result = mailer.ingest(
        reply(unsubscribe, "unsubscribe", sender=ANNA),
        source="opt-out",
        envelope_from=ANNA,
        envelope_to=[unsubscribe],
        now=at("2026-12-24T10:00"),
    )
    assert result.status == "processed" and "opted out" in result.detail
    assert next(c for c in mailer.contacts(ALICE) if c["email"] == ANNA)["opted_out"]

    later = invite_ics(uid="second@example.com", start="20270112T100000", end="20270112T110000")
    mailer.ingest(invite_message(later), source="second invite", now=at("2026-12-24T11:00"))
    mailer.tick(at("2027-01-13T09:00"))
    mailer.tick(at("2027-01-13T09:05"))
    assert len(sent_to(mailer, ANNA)) == 1  # nothing more, ever


def test_a_stranger_cannot_use_a_token_issued_to_someone_else(mailer: Mailer):
    mailer.ingest(invite_message(invite_ics()), source="invite", now=FORWARDED)
    mailer.tick(at("2026-12-23T09:00"))
    draft = next(m for m in sent_to(mailer, ALICE) if m["Subject"].startswith("Draft"))
    approve = str(draft["Reply-To"].addresses[0].addr_spec)
    mallory = "mallory@evil.example"
    result = mailer.ingest(
        reply(approve, "send", sender=mallory),
        source="forged",
        envelope_from=mallory,
        envelope_to=[approve],
        now=at("2026-12-23T09:01"),
    )
    assert result.status == "rejected"
    tampered = approve.replace("approve+", "approve+9")
    result = mailer.ingest(
        reply(tampered, "send"),
        source="tampered",
        envelope_to=[tampered],
        now=at("2026-12-23T09:02"),
    )
    assert "queued" not in result.detail
    mailer.tick(at("2026-12-23T09:05"))
    assert sent_to(mailer, ANNA) == []
