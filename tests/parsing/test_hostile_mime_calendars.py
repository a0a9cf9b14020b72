"""Calendars with absurd recurrences or sizes: bounded work, bounded results, clear refusals.

Expansion is bounded by the horizon and a count (``max_occurrences``), and the *work* is bounded
too: rules that would make dateutil walk from the year 1 or search to the year 9999 finish in
well under a second. Calendars too big to be an invitation are refused with a reason.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from mailer.parsing.calendar import CalendarParseError, events_from_message, parse_calendar
from mailer.parsing.limits import (
    MAX_ATTENDEES,
    MAX_CALENDAR_BYTES,
    MAX_CALENDAR_EVENTS,
    MAX_MESSAGE_ATTENDANCES,
    MAX_MESSAGE_EVENTS,
    MAX_OCCURRENCES,
)
from mailer.parsing.message import parse_message
from tests.parsing.hostile_mime import (
    MADRID,
    NOW,
    PARSE_SECONDS,
    finishes_within,
    vcalendar,
    vevent,
    with_attachment,
)

HORIZON = timedelta(weeks=26)


def _events(data: bytes, **kwargs: object) -> list:
    return parse_calendar(data, default_zone=MADRID, now=NOW, **kwargs)  # type: ignore[arg-type]


def _within_window(found: list) -> None:
    assert all(NOW - HORIZON - timedelta(days=8) <= e.start <= NOW + HORIZON for e in found)
    assert all(e.start.utcoffset() == timedelta(0) for e in found)


@pytest.mark.parametrize(
    ("lines", "count"),
    [
        (("RRULE:FREQ=SECONDLY",), MAX_OCCURRENCES),
        (("RRULE:FREQ=SECONDLY;BYSECOND=0,10,20,30,40,50",), MAX_OCCURRENCES),
        (("RRULE:FREQ=MINUTELY;INTERVAL=7",), MAX_OCCURRENCES),
        (("RRULE:FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24)))
          + ";BYMINUTE=" + ",".join(map(str, range(60)))
          + ";BYSECOND=" + ",".join(map(str, range(60))),), MAX_OCCURRENCES),
        (("RRULE:FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY="
          + ",".join(map(str, range(1, 32))) + ";BYHOUR=9,12,15",), MAX_OCCURRENCES),
        (("RRULE:FREQ=HOURLY;COUNT=1000000000",), MAX_OCCURRENCES),
    ],
    ids=["secondly", "secondly-by-second", "minutely", "every-second-of-the-day",
         "yearly-every-day-three-times", "hourly-count-a-billion"],
)  # fmt: skip
def test_dense_rules_stop_at_the_count(lines: tuple[str, ...], count: int):
    def check() -> None:
        found = _events(vcalendar(vevent("dense", *lines, start="20261123T000000Z")))
        assert len(found) == count
        assert len({e.recurrence_id for e in found}) == count
        _within_window(found)

    finishes_within(PARSE_SECONDS, check)


@pytest.mark.parametrize(
    ("start", "rule"),
    [
        ("19000101T000000Z", "RRULE:FREQ=MINUTELY"),
        ("19000101T000000Z", "RRULE:FREQ=SECONDLY"),
        ("00010101T000000Z", "RRULE:FREQ=HOURLY"),
        ("00010101T090000Z", "RRULE:FREQ=DAILY"),
        ("00010101T090000Z", "RRULE:FREQ=WEEKLY;BYDAY=MO,WE"),
        ("19000101T000000Z", "RRULE:FREQ=MINUTELY;COUNT=1000000000"),
    ],
    ids=["minutely-1900", "secondly-1900", "hourly-year-1", "daily-year-1", "weekly-year-1",
         "counted-minutely-1900"],
)  # fmt: skip
def test_rules_from_long_ago_reach_the_window_without_walking_the_years(start: str, rule: str):
    def check() -> None:
        found = _events(vcalendar(vevent("old", rule, start=start)))
        assert found
        _within_window(found)
        assert len(found) <= MAX_OCCURRENCES

    finishes_within(PARSE_SECONDS, check)


def test_a_moved_start_keeps_the_local_time_across_daylight_saving():
    data = vcalendar(
        vevent("dst", "RRULE:FREQ=DAILY", start="TZID=Europe/Madrid:19000101T093000").replace(
            "DTSTART:TZID=", "DTSTART;TZID="
        )
    )
    found = _events(data)
    assert {e.start.astimezone(MADRID).strftime("%H:%M") for e in found} == {"09:30"}
    assert {e.start.utcoffset() for e in found} == {timedelta(0)}


@pytest.mark.parametrize(
    "rule",
    [
        "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        "RRULE:FREQ=DAILY;COUNT=5;BYMONTH=2;BYMONTHDAY=30",
        "RRULE:FREQ=HOURLY;BYMONTH=4;BYMONTHDAY=31",
        "RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=-30",
        "RRULE:FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31",
        "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "RRULE:FREQ=YEARLY;COUNT=5;BYYEARDAY=367",
        "RRULE:FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=31",
    ],
)
def test_rules_no_day_can_match_end_as_the_first_occurrence(rule: str):
    def check() -> None:
        [event] = _events(vcalendar(vevent("never", rule, start="20261123T100000Z")))
        assert event.uid == "never"

    finishes_within(PARSE_SECONDS, check)


def test_a_rare_but_possible_day_is_still_found():
    found = _events(
        vcalendar(
            vevent("leap", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29", start="20240229T100000Z")
        ),
        horizon=timedelta(weeks=200),
    )
    assert {e.start.date().isoformat() for e in found} >= {"2028-02-29"}


@pytest.mark.parametrize(
    "rule",
    [
        "RRULE:FREQ=DAILY;BYWEEKNO=1",
        "RRULE:FREQ=DAILY;INTERVAL=0",
        "RRULE:FREQ=DAILY;INTERVAL=99999999999",
        "RRULE:FREQ=DAILY;COUNT=abc",
        "RRULE:FREQ=FORTNIGHTLY",
        "RRULE:FREQ=HOURLY;INTERVAL=2;BYHOUR=1",
        "RRULE:FREQ=MINUTELY;COUNT=100;BYHOUR=9",
        "RRULE:FREQ=DAILY;UNTIL=garbage",
    ],
)
def test_broken_or_unboundable_rules_log_the_first_occurrence(rule: str):
    def check() -> None:
        start = "19000101T090000Z" if "COUNT=100;" in rule else "20261123T100000Z"
        found = _events(vcalendar(vevent("odd", rule, start=start)))
        assert len(found) <= 1

    finishes_within(PARSE_SECONDS, check)


def test_thousands_of_rdates_are_capped():
    dates = ",".join(f"202612{d:02d}T{h:02d}0000Z" for d in range(1, 29) for h in range(24))

    def check() -> None:
        found = _events(vcalendar(vevent("rdates", f"RDATE:{dates}", f"RDATE:{dates}")))
        assert 0 < len(found) <= MAX_OCCURRENCES

    finishes_within(PARSE_SECONDS, check)


def test_thousands_of_exdates_are_fine():
    dates = ",".join(f"202612{d:02d}T100000Z" for d in range(1, 29))
    found = _events(vcalendar(vevent("ex", "RRULE:FREQ=DAILY", *[f"EXDATE:{dates}"] * 300)))
    assert not any(e.start.month == 12 and e.start.day <= 28 for e in found if e.start.year == 2026)


def test_too_many_events_in_one_calendar_are_refused():
    events = [vevent(f"e{n}") for n in range(MAX_CALENDAR_EVENTS + 1)]

    def check() -> None:
        with pytest.raises(CalendarParseError, match="events"):
            _events(vcalendar(*events))

    finishes_within(PARSE_SECONDS, check)


def test_many_daily_series_are_refused_by_the_message_total():
    events = [vevent(f"s{n}", "RRULE:FREQ=DAILY") for n in range(MAX_MESSAGE_EVENTS // 150)]

    def check() -> None:
        with pytest.raises(CalendarParseError, match=f"{MAX_MESSAGE_EVENTS:,} meetings"):
            _events(vcalendar(*events))

    finishes_within(PARSE_SECONDS, check)


def test_attendees_are_capped_per_event_and_per_message():
    many = [f"ATTENDEE;CN=P {n}:mailto:p{n}@example.com" for n in range(5 * MAX_ATTENDEES)]
    [event] = _events(vcalendar(vevent("big", *many)))
    assert len(event.attendees) == MAX_ATTENDEES
    weekly = vevent("team", "RRULE:FREQ=WEEKLY", *many)
    assert 52 * MAX_ATTENDEES > MAX_MESSAGE_ATTENDANCES
    with pytest.raises(CalendarParseError, match="attendees"):
        _events(vcalendar(weekly))


def test_a_calendar_larger_than_the_limit_is_refused_whole():
    description = "DESCRIPTION:" + "x" * (MAX_CALENDAR_BYTES + 10)
    data = vcalendar(vevent("huge", description))
    with pytest.raises(CalendarParseError, match="bytes"):
        _events(data)
    raw = with_attachment(data, filename="huge.ics", maintype="text", subtype="calendar")

    def check() -> None:
        parsed = parse_message(raw)
        assert "huge.ics" in parsed.refused and f"{MAX_CALENDAR_BYTES:,}" in parsed.refused

    finishes_within(PARSE_SECONDS, check)


def test_an_attached_calendar_with_an_absurd_rule_is_read_from_the_message():
    data = vcalendar(vevent("m", "RRULE:FREQ=SECONDLY", start="19000101T000000Z"))
    raw = with_attachment(data, filename="invite.ics", maintype="text", subtype="calendar")

    def check() -> None:
        found = events_from_message(parse_message(raw), default_zone=MADRID, now=NOW)
        assert len(found) == MAX_OCCURRENCES

    finishes_within(PARSE_SECONDS, check)


def test_deeply_nested_components_are_read_quickly():
    nested = "\r\n".join(["BEGIN:X-THING"] * 5000 + ["END:X-THING"] * 5000)
    finishes_within(PARSE_SECONDS, lambda: _events(vcalendar(vevent("n"), nested)))
