"""Recurring series become one event per occurrence, bounded by horizon and count.

Overrides (RECURRENCE-ID) replace their occurrence, EXDATE removes one, RDATE adds one. iTIP
messages about a whole series (CANCEL, REPLY without RECURRENCE-ID) stay one event.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import FIXTURES
from tests.parsing.calendars import events, utc, vcalendar
from tests.parsing.hostile_mime import finishes_within

UID = "7kukuqrfedlm2f9t0vr42q2cfq@google.com"
MADRID_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Madrid
X-LIC-LOCATION:Europe/Madrid
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""
WEEKLY_WEDNESDAY = (
    "DTSTART;TZID=Europe/Madrid:20261202T130000",
    "DTEND;TZID=Europe/Madrid:20261202T140000",
)


def google_calendar(*vevents: str, method: str = "REQUEST") -> bytes:
    """A calendar shaped like Google Calendar's invitations (VTIMEZONE first, CRLF lines)."""
    head = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        MADRID_VTIMEZONE,
    ]
    return ("\r\n".join([*head, *vevents, "END:VCALENDAR"]).replace("\n", "\r\n") + "\r\n").encode()


def vevent(
    *lines: str, summary: str = "Coffee", sequence: int = 0, status: str = "CONFIRMED"
) -> str:
    return "\n".join(
        [
            "BEGIN:VEVENT",
            *lines,
            "DTSTAMP:20261120T100000Z",
            "ORGANIZER;CN=Anna Ruiz:mailto:anna@example.com",
            f"UID:{UID}",
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE"
            ";CN=alice@example.com;X-NUM-GUESTS=0:mailto:alice@example.com",
            f"SEQUENCE:{sequence}",
            f"STATUS:{status}",
            f"SUMMARY:{summary}",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    )


def override(
    replaces: str,
    start: str,
    end: str,
    *,
    summary: str = "Coffee",
    sequence: int = 0,
    status: str = "CONFIRMED",
) -> str:
    """The VEVENT that replaces the series' occurrence at ``replaces`` (its RECURRENCE-ID, Madrid
    local time) with one from ``start`` to ``end``: how Google sends a moved or cancelled one."""
    return vevent(
        f"DTSTART;TZID=Europe/Madrid:{start}",
        f"DTEND;TZID=Europe/Madrid:{end}",
        f"RECURRENCE-ID;TZID=Europe/Madrid:{replaces}",
        summary=summary,
        sequence=sequence,
        status=status,
    )


def _starts(found: list) -> list[str]:
    return [e.start.isoformat() for e in found]


def test_rrule_with_exdate_and_a_moved_occurrence():
    master = vevent(
        *WEEKLY_WEDNESDAY,
        "RRULE:FREQ=WEEKLY;WKST=MO;COUNT=4;BYDAY=WE",
        "EXDATE;TZID=Europe/Madrid:20261209T130000",
    )
    moved = override(
        "20261216T130000",
        "20261217T170000",
        "20261217T180000",
        summary="Coffee (moved)",
        sequence=1,
    )
    found = events(google_calendar(master, moved))
    assert [(e.start, e.end, e.recurrence_id, e.title, e.sequence) for e in found] == [
        (utc(2026, 12, 2, 12), utc(2026, 12, 2, 13), utc(2026, 12, 2, 12), "Coffee", 0),
        (utc(2026, 12, 17, 16), utc(2026, 12, 17, 17), utc(2026, 12, 16, 12), "Coffee (moved)", 1),
        (utc(2026, 12, 23, 12), utc(2026, 12, 23, 13), utc(2026, 12, 23, 12), "Coffee", 0),
    ]
    assert {e.uid for e in found} == {UID}
    assert all(e.status == "planned" and e.method == "REQUEST" for e in found)


def test_an_override_listed_before_its_master_still_replaces_its_occurrence():
    master = vevent(*WEEKLY_WEDNESDAY, "RRULE:FREQ=WEEKLY;COUNT=3")
    moved = override("20261209T130000", "20261210T090000", "20261210T100000", sequence=2)
    found = events(google_calendar(moved, master))
    assert _starts(found) == [
        "2026-12-02T12:00:00+00:00",
        "2026-12-10T08:00:00+00:00",
        "2026-12-16T12:00:00+00:00",
    ]
    assert [e.sequence for e in found] == [0, 2, 0]


def test_rdate_adds_occurrences():
    found = events(
        google_calendar(
            vevent(
                *WEEKLY_WEDNESDAY,
                "RDATE;TZID=Europe/Madrid:20261210T100000,20261220T100000",
            )
        )
    )
    assert _starts(found) == [
        "2026-12-02T12:00:00+00:00",
        "2026-12-10T09:00:00+00:00",
        "2026-12-20T09:00:00+00:00",
    ]
    assert all(e.end - e.start == timedelta(hours=1) for e in found)
    assert all(e.recurrence_id == e.start and e.uid == UID for e in found)


def test_rdate_period_has_its_own_length():
    found = events(vcalendar(*WEEKLY_WEDNESDAY, "RDATE;VALUE=PERIOD:20261210T090000Z/PT2H30M"))
    assert [(e.start, e.end) for e in found] == [
        (utc(2026, 12, 2, 12), utc(2026, 12, 2, 13)),
        (utc(2026, 12, 10, 9), utc(2026, 12, 10, 11, 30)),
    ]


def test_count_is_exact():
    found = events(vcalendar(*WEEKLY_WEDNESDAY, "RRULE:FREQ=DAILY;COUNT=3"))
    assert _starts(found) == [
        "2026-12-02T12:00:00+00:00",
        "2026-12-03T12:00:00+00:00",
        "2026-12-04T12:00:00+00:00",
    ]


def test_a_series_wholly_in_the_past_is_still_logged():
    found = events(
        vcalendar("DTSTART:20200106T090000Z", "DTEND:20200106T100000Z", "RRULE:FREQ=DAILY;COUNT=3")
    )
    assert _starts(found) == [
        "2020-01-06T09:00:00+00:00",
        "2020-01-07T09:00:00+00:00",
        "2020-01-08T09:00:00+00:00",
    ]


def test_the_horizon_bounds_an_endless_series():
    found = events(
        vcalendar(
            "DTSTART;TZID=Europe/Madrid:20100104T090000",
            "DTEND;TZID=Europe/Madrid:20100104T100000",
            "RRULE:FREQ=WEEKLY;BYDAY=MO",
        ),
        horizon=timedelta(weeks=2),
    )  # now is Monday 23 November 2026, 12:00Z: the window is 9 Nov 12:00Z to 7 Dec 12:00Z
    assert _starts(found) == [
        "2026-11-16T08:00:00+00:00",
        "2026-11-23T08:00:00+00:00",
        "2026-11-30T08:00:00+00:00",
        "2026-12-07T08:00:00+00:00",
    ]


def test_max_occurrences_bounds_an_endless_daily_series():
    found = events(vcalendar(*WEEKLY_WEDNESDAY, "RRULE:FREQ=DAILY"), max_occurrences=5)
    assert len(found) == 5


def _fifty_minutely_occurrences() -> None:
    found = events(
        vcalendar("DTSTART:20261123T000000Z", "DTEND:20261123T000500Z", "RRULE:FREQ=MINUTELY"),
        max_occurrences=50,
    )
    assert len(found) == 50


def test_max_occurrences_bounds_the_work_of_a_minutely_series():
    finishes_within(5, _fifty_minutely_occurrences)  # unbounded: ~20 s of CPU


def test_a_cancelled_instance_override_is_cancelled():
    master = vevent(*WEEKLY_WEDNESDAY, "RRULE:FREQ=WEEKLY;COUNT=3")
    cancelled = override(
        "20261209T130000", "20261209T130000", "20261209T140000", sequence=1, status="CANCELLED"
    )
    found = events(google_calendar(master, cancelled))
    assert [(e.start.date().isoformat(), e.status, e.sequence) for e in found] == [
        ("2026-12-02", "planned", 0),
        ("2026-12-09", "cancelled", 1),
        ("2026-12-16", "planned", 0),
    ]


def test_cancel_of_one_instance_is_one_event_naming_it():
    instance = override(
        "20261209T130000", "20261209T130000", "20261209T140000", sequence=1, status="CANCELLED"
    )
    [event] = events(google_calendar(instance, method="CANCEL"))
    assert (event.uid, event.recurrence_id, event.status, event.sequence) == (
        UID,
        utc(2026, 12, 9, 12),
        "cancelled",
        1,
    )
    assert (event.start, event.end) == (utc(2026, 12, 9, 12), utc(2026, 12, 9, 13))


@pytest.mark.parametrize("method", ["CANCEL", "REPLY"])
def test_a_message_about_the_whole_series_is_not_expanded(method: str):
    master = vevent(*WEEKLY_WEDNESDAY, "RRULE:FREQ=WEEKLY;BYDAY=WE", sequence=2)
    [event] = events(google_calendar(master, method=method))
    assert (event.uid, event.recurrence_id, event.method, event.sequence) == (UID, None, method, 2)
    assert event.status == ("cancelled" if method == "CANCEL" else "planned")


def test_occurrences_keep_their_wall_clock_time_across_a_dst_change():
    found = events(
        google_calendar(
            vevent(
                "DTSTART;TZID=Europe/Madrid:20261021T100000",
                "DTEND;TZID=Europe/Madrid:20261021T110000",
                "RRULE:FREQ=WEEKLY;COUNT=2",
            )
        )
    )
    assert [(e.start, e.end) for e in found] == [
        (utc(2026, 10, 21, 8), utc(2026, 10, 21, 9)),  # CEST
        (utc(2026, 10, 28, 9), utc(2026, 10, 28, 10)),  # CET
    ]


def test_all_day_series_occurrences_are_local_days():
    found = events(vcalendar("DTSTART;VALUE=DATE:20261202", "RRULE:FREQ=WEEKLY;COUNT=2"))
    assert [(e.start, e.end, e.all_day) for e in found] == [
        (utc(2026, 12, 1, 23), utc(2026, 12, 2, 23), True),
        (utc(2026, 12, 8, 23), utc(2026, 12, 9, 23), True),
    ]


def test_occurrences_without_dtend_last_the_default_hour_like_single_events():
    found = events(vcalendar("DTSTART:20261202T120000Z", "RRULE:FREQ=WEEKLY;COUNT=2"))
    assert [(e.start, e.end) for e in found] == [
        (utc(2026, 12, 2, 12), utc(2026, 12, 2, 13)),
        (utc(2026, 12, 9, 12), utc(2026, 12, 9, 13)),
    ]


def test_microsoft_cdo_byday_with_spaces_expands():
    found = events(
        vcalendar(
            "DTSTART:20261130T090000Z",
            "DTEND:20261130T093000Z",
            "RRULE:FREQ=DAILY;UNTIL=20261204T090000Z;INTERVAL=1;BYDAY=MO, TU, WE, TH, FR;WKST=SU",
        )
    )
    assert len(found) == 5


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="a recurring VEVENT without UID (booking systems) is not expanded "
    "(parse_calendar requires a UID to expand): RRULE COUNT=3 gives 1 event with "
    "recurrence_id None",
)
def test_a_series_without_uid_is_expanded_under_one_synthetic_uid():
    data = vcalendar(*WEEKLY_WEDNESDAY, "RRULE:FREQ=WEEKLY;COUNT=3").replace(
        b"UID:test-1@example.com\r\n", b""
    )
    found = events(data)
    assert len(found) == 3
    assert len({e.uid for e in found}) == 1


def test_google_weekday_series_from_a_real_export():
    data = (FIXTURES / "ics" / "icalendar_google_weekly_byday_zurich.ics").read_bytes()
    found = events(data)  # 14:00-14:30 Europe/Zurich, Monday to Friday, no end
    assert len(found) == 260  # 52 weeks of weekdays around now
    assert {e.uid for e in found} == {"BFE33ADD-5553-48B5-B5A5-F9DA5CA4C393"}
    assert all(e.start.weekday() < 5 for e in found)
    assert all(e.recurrence_id == e.start for e in found)
    assert all(e.end - e.start == timedelta(minutes=30) for e in found)
    by_day = {e.start.date().isoformat(): e for e in found}
    assert by_day["2026-06-01"].start == utc(2026, 6, 1, 12)  # CEST
    assert by_day["2026-12-01"].start == utc(2026, 12, 1, 13)  # CET
    assert len(by_day) == 260
    assert events(data, max_occurrences=20) == found[:20]


def _google_weekday_series() -> None:
    data = (FIXTURES / "ics" / "icalendar_google_weekly_byday_zurich.ics").read_bytes()
    assert len(events(data)) == 260


def test_an_ordinary_weekday_series_expands_quickly():
    finishes_within(1, _google_weekday_series)
