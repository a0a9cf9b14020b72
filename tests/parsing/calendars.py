"""Build small iCalendar objects for parser tests."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from mailer.parsing.calendar import parse_calendar
from mailer.parsing.types import CalendarEvent

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def vcalendar(*event_lines: str, method: str = "REQUEST", head: str = "") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    if method:
        lines.append(f"METHOD:{method}")
    if head:
        lines.append(head)
    lines += [
        "BEGIN:VEVENT",
        "UID:test-1@example.com",
        "DTSTAMP:20261120T100000Z",
        "SUMMARY:Coffee",
    ]
    lines += [*event_lines, "END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode()


def events(data: bytes, **kwargs: object) -> list[CalendarEvent]:
    return parse_calendar(data, default_zone=kwargs.pop("zone", MADRID), now=NOW, **kwargs)  # type: ignore[arg-type]


def one(data: bytes, **kwargs: object) -> CalendarEvent:
    [event] = events(data, **kwargs)
    return event


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)
