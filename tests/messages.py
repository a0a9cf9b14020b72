"""Build messages in the shapes real clients send, for tests that need a specific one."""

from __future__ import annotations

from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

ALICE = "alice@example.com"

ANNA = "anna@example.com"


def invite_ics(
    *,
    uid: str = "coffee-anna-1@google.com",
    summary: str = "Coffee with Anna",
    start: str = "20261222T133000",
    end: str = "20261222T143000",
    tzid: str = "Europe/Madrid",
    sequence: int = 0,
    method: str = "REQUEST",
    location: str = "Satan's Coffee Corner, Barcelona",
    organizer: str = ALICE,
    attendees: tuple[tuple[str, str, str], ...] = (
        (ANNA, "Anna Ruiz", "NEEDS-ACTION"),
        (ALICE, "Alice Martín", "ACCEPTED"),
    ),
    dtstamp: str = "20261120T100000Z",
    extra: str = "",
) -> str:
    """A Google Calendar-style REQUEST with a VTIMEZONE for Europe/Madrid."""
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Madrid",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        f"DTSTART;TZID={tzid}:{start}",
        f"DTEND;TZID={tzid}:{end}",
        f"DTSTAMP:{dtstamp}",
        f"ORGANIZER;CN=Alice Martín:mailto:{organizer}",
        f"UID:{uid}",
        *(
            f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};CN={name}:"
            f"mailto:{email}"
            for email, name, partstat in attendees
        ),
        f"SEQUENCE:{sequence}",
        "STATUS:CONFIRMED",
        f"SUMMARY:{summary}",
        f"LOCATION:{location}",
        *([extra] if extra else []),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def invite_message(
    ics: str | None = None,
    *,
    sender: str = ALICE,
    to: str = "invites@assistant.localhost",
    subject: str = "Fwd: Invitation: Coffee with Anna @ Tue Dec 22, 2026 1:30pm - 2:30pm (CET)",
    method: str = "REQUEST",
    body: str = "Forwarding my coffee with Anna.",
) -> bytes:
    """A message forwarding an invitation, with the calendar as a text/calendar part."""
    message = EmailMessage()
    message["From"] = f"Alice Martín <{sender}>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))
    message["Message-ID"] = make_msgid(domain="example.com")
    message.set_content(body)
    message.add_alternative(
        (ics or invite_ics()).encode("utf-8"),
        maintype="text",
        subtype="calendar",
        params={"method": method, "charset": "UTF-8"},
    )
    return message.as_bytes(policy=policy.SMTP)


def plain_message(*, sender: str = ALICE, body: str = "Hello", subject: str = "Hi") -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "invites@assistant.localhost"
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="example.com")
    message.set_content(body)
    return message.as_bytes(policy=policy.SMTP)


RECAP = """Had coffee with Anna Ruiz <anna@example.com> this morning at Satan's Coffee Corner.
Gave: shared my notes on event formats; offered to e-introduce her to Pau (pau@example.org)
Got: two contacts for the project; honest feedback on my pitch
Follow up in 2 weeks. #slownetworking
"""


BREAKFAST_RECAP = """Breakfast with Oriol Puig <oriol@example.cat> and \
Jordi Vidal <jordi@example.cat> this morning at Federal Café.
Gave: my notes on event formats
Got: two contacts for the project
I will send him my deck on community building.
Offered to introduce Oriol to Pau (pau@example.org).
Follow up in two weeks.
"""
"""A recap with two people, gave and got, a promise, an introduction and a follow-up."""


def recap_message(
    body: str,
    *,
    sent: datetime,
    to: str = "recap@assistant.localhost",
    sender: str = ALICE,
    subject: str = "Recap",
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = make_msgid(domain="example.com")
    message.set_content(body)
    return message.as_bytes()
