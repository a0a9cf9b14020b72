"""The challenge invitation as Pau receives it, and the calendar answers Pau's calendar sends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import icalendar

from mailer.api import Mailer
from tests.outbound.sinks import maildir_messages

PAU = "pau@example.org"


def invitation(mailer: Mailer, to: str = PAU) -> EmailMessage:
    """The one challenge invitation sent to ``to``."""
    [message] = [m for m in maildir_messages(mailer.config.maildir) if to in str(m["To"])]
    return message


def request_of(message: EmailMessage) -> tuple[icalendar.Calendar, str]:
    """The REQUEST in an invitation and its ORGANIZER address (where answers go)."""
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    request = icalendar.Calendar.from_ical(part.get_content())
    organizer = str(request.walk("VEVENT")[0]["ORGANIZER"]).removeprefix("mailto:")
    return request, organizer


def calendar_reply(
    request: icalendar.Calendar,
    organizer: str,
    partstat: str,
    headers: str = "",
    *,
    method: str = "REPLY",
    start: datetime | None = None,
) -> bytes:
    """What Google Calendar sends back when Pau clicks Yes (to the ORGANIZER address), or,
    with ``method="COUNTER"`` and a ``start``, when Pau proposes another time (an hour)."""
    [event] = request.walk("VEVENT")
    start = start or event.start
    end = start + timedelta(hours=1)
    return (
        "From: Pau <pau@example.org>\r\n"
        f"To: {organizer}\r\n"
        f"{headers}"
        "Subject: Accepted: Coffee\r\n"
        "Message-ID: <reply-1@example.org>\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: text/calendar; method={method}; charset="UTF-8"\r\n\r\n'
        "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        f"VERSION:2.0\r\nMETHOD:{method}\r\nBEGIN:VEVENT\r\n"
        f"DTSTART:{start.astimezone(UTC):%Y%m%dT%H%M%SZ}\r\n"
        f"DTEND:{end.astimezone(UTC):%Y%m%dT%H%M%SZ}\r\n"
        "DTSTAMP:20261124T090000Z\r\n"
        f"UID:{event['UID']}\r\n"
        f"ATTENDEE;CN=Pau;PARTSTAT={partstat}:mailto:{PAU}\r\n"
        "SEQUENCE:0\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
