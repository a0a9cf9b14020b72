"""Recurring series are expanded occurrence by occurrence, bounded by horizon and count."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import FIXTURES
from tests.parsing.calendars import events, utc, vcalendar

WEEKLY = (
    "DTSTART;TZID=Europe/Madrid:20261202T130000",
    "DTEND;TZID=Europe/Madrid:20261202T140000",
)


def test_rrule_with_exdate_and_rdate():
    found = events(
        vcalendar(
            *WEEKLY,
            "RRULE:FREQ=WEEKLY;COUNT=4",
            "EXDATE;TZID=Europe/Madrid:20261209T130000",
            "RDATE;TZID=Europe/Madrid:20261211T130000",
        )
    )
    assert [e.start.date().isoformat() for e in found] == [
        "2026-12-02",
        "2026-12-11",
        "2026-12-16",
        "2026-12-23",
    ]
    assert all(e.recurrence_id is not None and e.uid == "test-1@example.com" for e in found)


def test_horizon_and_count_bound_an_endless_series():
    weekly = events(vcalendar(*WEEKLY, "RRULE:FREQ=WEEKLY"), horizon=timedelta(weeks=4))
    assert len(weekly) == 3  # 2, 9 and 16 December: four weeks from 23 November
    minutely = events(
        vcalendar("DTSTART:20261123T000000Z", "RRULE:FREQ=MINUTELY"), max_occurrences=50
    )
    assert len(minutely) == 50


def test_a_cancelled_instance_is_cancelled():
    data = vcalendar(*WEEKLY, "RRULE:FREQ=WEEKLY;COUNT=3").replace(
        b"END:VCALENDAR",
        b"BEGIN:VEVENT\r\nUID:test-1@example.com\r\nSUMMARY:Coffee\r\n"
        b"RECURRENCE-ID;TZID=Europe/Madrid:20261209T130000\r\n"
        b"DTSTART;TZID=Europe/Madrid:20261209T130000\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR",
    )
    statuses = {e.start.date().isoformat(): e.status for e in events(data)}
    assert statuses == {"2026-12-02": "planned", "2026-12-09": "cancelled", "2026-12-16": "planned"}


def test_cancel_of_a_whole_series_is_one_event_for_the_log():
    [event] = events(vcalendar(*WEEKLY, "RRULE:FREQ=WEEKLY", "SEQUENCE:2", method="CANCEL"))
    assert (event.recurrence_id, event.status, event.sequence) == (None, "cancelled", 2)


def test_cancel_of_one_instance_names_it():
    [event] = events(
        vcalendar(*WEEKLY, "RECURRENCE-ID;TZID=Europe/Madrid:20261209T130000", method="CANCEL")
    )
    assert event.recurrence_id == utc(2026, 12, 9, 12)


def test_google_weekly_byday_export():
    data = (FIXTURES / "ics" / "icalendar_google_weekly_byday_zurich.ics").read_bytes()
    found = events(data, max_occurrences=20)
    assert found and all(e.start.weekday() < 5 for e in found)
