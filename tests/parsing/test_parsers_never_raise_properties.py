"""Property-based (hypothesis): whatever the Internet sends, the parsers keep their contracts.

parse_message never raises; parse_calendar raises nothing but CalendarParseError and returns
aware UTC events that end no earlier than they start; parse_recap never raises and never dates
a meeting after the recap was sent.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailer.parsing.calendar import CalendarParseError, parse_calendar
from mailer.parsing.message import parse_message
from mailer.parsing.recap import parse_recap
from mailer.parsing.types import ParsedMessage
from tests.conftest import FIXTURES
from tests.parsing.calendars import vcalendar

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
FIXTURE_FILES = sorted(
    p.read_bytes() for p in FIXTURES.rglob("*") if p.suffix in {".eml", ".ics", ".txt"}
)
FIXTURE_CALENDARS = [data for data in FIXTURE_FILES if b"BEGIN:VCALENDAR" in data]
CALENDAR_LINES = [
    "DTSTART:20261202T120000Z", "DTSTART;VALUE=DATE:20261202", "DTSTART:20261202T120000",
    "DTSTART;TZID=Europe/Madrid:20260329T023000",
    "DTSTART;TZID=Romance Standard Time:20261202T120000",
    'DTSTART;TZID="(UTC+01:00) Brussels, Copenhagen, Madrid, Paris":20261202T120000',
    "DTSTART;TZID=Nowhere/Zone:20261202T120000", "DTSTART:2026-12-02T12:00:00", "DTSTART:soon",
    "DTEND:20261202T110000Z", "DTEND;VALUE=DATE:20261201", "DTEND;TZID=Asia/Tokyo:20261202T1200",
    "DURATION:PT1H", "DURATION:-PT1H", "DURATION:P1W", "DURATION:forever",
    "RRULE:FREQ=WEEKLY;COUNT=3", "RRULE:FREQ=DAILY", "RRULE:FREQ=MONTHLY;BYDAY=5FR",
    "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "RRULE:FREQ=WEEKLY;UNTIL=20261210",
    "RRULE:FREQ=DAILY;BYDAY=MO, TU", "RRULE:nonsense", "EXDATE:20261209T120000Z",
    "EXDATE;VALUE=DATE:20261209", "RDATE:20261211T120000Z",
    "RDATE;VALUE=PERIOD:20261210T090000Z/PT1H",
    "RECURRENCE-ID:20261209T120000Z", "RECURRENCE-ID;RANGE=THISANDFUTURE:20261209T120000Z",
    "STATUS:CANCELLED", "SEQUENCE:x", "SEQUENCE:4", "DTSTAMP:bad", "ORGANIZER:mailto:",
    "ORGANIZER;CN=A:mailto:a@example.com", "ATTENDEE;PARTSTAT=ACCEPTED:mailto:b@example.com",
    "ATTENDEE;CUTYPE=ROOM:urn:uuid:1", "LOCATION:https://zoom.us/j/1", "LOCATION:",
    "DESCRIPTION:<https://teams.microsoft.com/l/x>", "UID:", "UID:other", "SUMMARY:Coffee",
    "X-WR-TIMEZONE:Bogus/Zone", "BEGIN:VALARM", "END:VALARM", "END:VEVENT", "BEGIN:VEVENT",
    "BEGIN:VTIMEZONE", "TZID:Europe/Madrid", "END:VTIMEZONE", " folded continuation",
]  # fmt: skip
RECAP_VOCABULARY = [
    "Had coffee with", "Lunch with", "Café con", "Ahir vaig dinar amb", "Anna Ruiz", "Anna",
    "Jordi", "Marta", "<anna@example.com>", "(pau@example.org)", "at Satan's Coffee Corner",
    "Gave:", "Got:", "Di:", "Recibí:", "Vaig donar:", "Vaig rebre:", "Follow up in", "2 weeks",
    "Seguimiento en", "3 semanas", "seguiment en", "2 setmanes", "next month", "tomorrow",
    "yesterday", "ayer", "ahir", "this morning", "tonight", "el martes", "last Tuesday",
    "on 3 Dec", "el 31 de febrero", "on 29 Feb", "31/12/1999", "99/99/9999", "at 25:99",
    "at 11pm", "a las 18:15", "- [ ]", "- [x]", "* ", "- ", "TODO:", "send", "enviarle",
    "introduce her to", "#slownetworking", "#", ">",
    "On Mon, Nov 23, 2026 at 10:00 AM Mailer wrote:",
    "-- ", "Sent from my iPhone", "\n", ";", ".", " ",
]  # fmt: skip
SENT_AT = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2090, 1, 1),
    timezones=st.sampled_from([MADRID, ZoneInfo("UTC"), ZoneInfo("America/New_York")]),
)


@st.composite
def mutated(draw: st.DrawFn, samples: list[bytes]) -> bytes:
    """A sample with a few bytes flipped, inserted or deleted, or cut short."""
    data = bytearray(draw(st.sampled_from(samples)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, max(0, len(data) - 1)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        if action == "flip" and data:
            data[position] ^= draw(st.integers(1, 255))
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=40))
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 200))]
        else:
            del data[position:]
    return bytes(data)


def _line_soup(lines: list[str]) -> bytes:
    text = "\r\n".join(["BEGIN:VCALENDAR", "BEGIN:VEVENT", *lines, "END:VEVENT", "END:VCALENDAR"])
    return text.encode()


CALENDAR_TEXT = st.one_of(
    st.text(max_size=600).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(max_size=600).map(
        lambda t: ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n" + t).encode("utf-8", "surrogatepass")
    ),
    st.lists(st.sampled_from(CALENDAR_LINES), max_size=14).map(_line_soup),
)


def _check_message(raw: bytes) -> None:
    message = parse_message(raw)
    assert isinstance(message, ParsedMessage)
    assert isinstance(message.text, str) and isinstance(message.subject, str)
    assert all(isinstance(c, bytes) for c in message.calendars)
    assert all(isinstance(d, str) for d in message.defects)


def _check_calendar(data: bytes) -> None:
    try:
        found = parse_calendar(data, default_zone=MADRID, now=NOW, max_occurrences=50)
    except CalendarParseError:
        return
    for event in found:
        assert event.start.tzinfo is not None and event.end.tzinfo is not None
        assert event.start.utcoffset() == event.end.utcoffset() == timedelta(0)
        assert event.start <= event.end


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_parse_message_never_raises_on_arbitrary_bytes(raw: bytes):
    _check_message(raw)


@settings(max_examples=200, deadline=None)
@given(mutated(FIXTURE_FILES))
def test_parse_message_never_raises_on_mutated_fixtures(raw: bytes):
    _check_message(raw)


@settings(max_examples=200, deadline=None)
@given(CALENDAR_TEXT)
def test_parse_calendar_only_raises_calendar_parse_error_on_arbitrary_text(data: bytes):
    _check_calendar(data)


@settings(max_examples=200, deadline=None)
@given(mutated(FIXTURE_CALENDARS))
def test_parse_calendar_only_raises_calendar_parse_error_on_mutated_fixtures(data: bytes):
    _check_calendar(data)


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(("DTSTART:99991231T235959Z",), id="default-hour-past-year-9999"),
        pytest.param(("DTSTART:20261202T120000Z", "DURATION:P999999999D"), id="huge-duration"),
    ],
)
def test_dates_at_the_end_of_time_do_not_escape_as_overflow(lines: tuple[str, ...]):
    _check_calendar(vcalendar(*lines))


def _check_recap(text: str, sent_at: datetime) -> None:
    recap = parse_recap(
        text, sent_at=sent_at, zone=MADRID, known_names={"anna": "anna@example.com"}
    )
    if recap.met_on is not None:
        assert recap.met_on.tzinfo is not None
        assert recap.met_on <= sent_at + timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=500), sent_at=SENT_AT)
def test_parse_recap_never_raises_on_arbitrary_text(text: str, sent_at: datetime):
    _check_recap(text, sent_at)


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from(RECAP_VOCABULARY), max_size=40),
    separators=st.lists(st.sampled_from([" ", "\n", ""]), min_size=40, max_size=40),
    sent_at=SENT_AT,
)
def test_parse_recap_never_raises_on_its_own_vocabulary(
    words: list[str], separators: list[str], sent_at: datetime
):
    text = "".join(word + separator for word, separator in zip(words, separators, strict=False))
    _check_recap(text, sent_at)
