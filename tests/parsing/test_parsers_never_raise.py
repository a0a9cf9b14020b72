"""Property-based: the parsers never raise on what the Internet sends (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from mailer.parsing.calendar import CalendarParseError, parse_calendar
from mailer.parsing.message import parse_message
from mailer.parsing.recap import parse_recap

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLES = sorted(p.read_bytes() for p in FIXTURES.rglob("*") if p.suffix in {".eml", ".ics"})
CALENDARS = [s for s in SAMPLES if b"BEGIN:VCALENDAR" in s]
MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
VOCABULARY = [
    "Had coffee with", "Anna Ruiz", "<anna@example.com>", "(pau@example.org)", "Gave:", "Got:",
    "Di:", "Recibí:", "Follow up in", "2 weeks", "seguimiento en", "3 semanas", "yesterday",
    "ayer", "el martes", "last Tuesday", "on 3 Dec", "- [ ]", "- [x]", "TODO:", "send",
    "introduce her to", "#slownetworking", ">", "On Mon wrote:", "\n", ";", ".", " ",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, samples: list[bytes]) -> bytes:
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


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=2000), mutated(SAMPLES)))
def test_parse_message_never_raises(raw: bytes):
    message = parse_message(raw)
    assert isinstance(message.text, str)
    assert all(isinstance(c, bytes) for c in message.calendars)


def _check_events(data: bytes) -> None:
    try:
        events = parse_calendar(data, default_zone=MADRID, now=NOW, max_occurrences=50)
    except CalendarParseError:
        return
    for event in events:
        assert event.start.utcoffset() == timedelta(0)
        assert event.start <= event.end


@settings(max_examples=200, deadline=None)
@given(mutated(CALENDARS))
def test_parse_calendar_only_raises_calendar_parse_error_on_mutations(data: bytes):
    _check_events(data)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_parse_calendar_only_raises_calendar_parse_error_on_text(text: str):
    _check_events(("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n" + text).encode("utf-8", "replace"))


SENT = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(MADRID)
)


@settings(max_examples=150, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=400),
        st.lists(st.sampled_from(VOCABULARY), max_size=40).map(" ".join),
    ),
    sent_at=SENT,
)
def test_parse_recap_never_raises_and_never_dates_the_future(text: str, sent_at: datetime):
    recap = parse_recap(text, sent_at=sent_at, zone=MADRID, known_names={"anna": "a@example.com"})
    if recap.met_on is not None:
        assert recap.met_on.tzinfo is not None
        assert recap.met_on <= sent_at + timedelta(days=1)
