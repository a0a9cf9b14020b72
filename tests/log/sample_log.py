"""A small but varied meeting log, built through the real pipeline, for the export tests.

Alice: a coffee with a recap (done, gave/got, tags), a cancelled lunch, a weekly walk (three
occurrences) and an all-day conference. Bob: one meeting of his own, which nothing of Alice's
may ever show.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from tests.conftest import ALICE, BOB
from tests.messages import ANNA, RECAP, invite_ics, invite_message, recap_message

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
PAU = "pau@example.org"
MARTA = "marta@example.net"
BOB_SECRET = "Bob's confidential board dinner"

ALL_DAY = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        "DTSTART;VALUE=DATE:20270115",
        "DTEND;VALUE=DATE:20270117",
        "DTSTAMP:20261120T100000Z",
        f"ORGANIZER;CN=Alice Martín:mailto:{ALICE}",
        "UID:conference-2027@example.com",
        f"ATTENDEE;PARTSTAT=TENTATIVE;CN=Pau Vidal:mailto:{PAU}",
        f"ATTENDEE;PARTSTAT=ACCEPTED;CN=Alice Martín:mailto:{ALICE}",
        "SUMMARY:Slow Networking Conference, día 1–2",
        "LOCATION:CCIB, Barcelona",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)


def _ingest(mailer: Mailer, message: bytes) -> None:
    result = mailer.ingest(message, source="sample", now=NOW)
    assert result.status == "processed", result.detail


def fill_log(mailer: Mailer) -> None:
    _ingest(mailer, invite_message(invite_ics()))
    recap = recap_message(RECAP, sent=datetime(2026, 12, 22, 18, 0, tzinfo=MADRID))
    result = mailer.ingest(recap, source="recap", now=datetime(2026, 12, 22, 17, 0, tzinfo=UTC))
    assert result.status == "processed", result.detail

    lunch = dict(
        uid="lunch-pau@google.com",
        summary="Lunch with Pau",
        start="20270110T140000",
        end="20270110T153000",
        attendees=((PAU, "Pau Vidal", "ACCEPTED"), (ALICE, "Alice Martín", "ACCEPTED")),
    )
    _ingest(mailer, invite_message(invite_ics(**lunch)))
    cancel = invite_ics(**lunch, method="CANCEL", sequence=1, extra="STATUS:CANCELLED")
    _ingest(mailer, invite_message(cancel, method="CANCEL"))

    walk = invite_ics(
        uid="walk-marta@google.com",
        summary="Walk with Marta",
        start="20261203T090000",
        end="20261203T100000",
        location="Parc de la Ciutadella",
        attendees=((MARTA, "Marta López", "DECLINED"), (ALICE, "Alice Martín", "ACCEPTED")),
        extra="RRULE:FREQ=WEEKLY;COUNT=3",
    )
    _ingest(mailer, invite_message(walk))
    _ingest(mailer, invite_message(ALL_DAY))

    bob = invite_ics(
        uid="bob-dinner@example.org",
        summary=BOB_SECRET,
        organizer=BOB,
        attendees=(("ceo@example.com", "The CEO", "ACCEPTED"), (BOB, "Bob Stone", "ACCEPTED")),
    )
    _ingest(mailer, invite_message(bob, sender=BOB))


__all__ = ["ANNA", "BOB_SECRET", "MARTA", "NOW", "PAU", "fill_log"]
