"""Every zone notation calendars use lands an event on its exact UTC instant.

Outlook writes Windows zone names ("Romance Standard Time") and display labels ("(UTC+01:00)
Brussels, ..."), sometimes without a VTIMEZONE; Lotus Notes writes "FLE"; Google writes UTC or
floating times with X-WR-TIMEZONE. Floating times without any zone are in the user's zone.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from mailer.parsing.calendar import events_from_message
from mailer.parsing.message import parse_message
from tests.conftest import FIXTURES
from tests.parsing.calendars import MADRID, NOW, events, one, utc, vcalendar

OUTLOOK_LABEL = '"(UTC+01:00) Brussels, Copenhagen, Madrid, Paris"'


def _timed(tzid: str, start: str, end: str) -> bytes:
    return vcalendar(f"DTSTART;TZID={tzid}:{start}", f"DTEND;TZID={tzid}:{end}")


def test_windows_zone_name_without_vtimezone():
    winter = one(_timed("Romance Standard Time", "20261222T133000", "20261222T143000"))
    summer = one(_timed("Romance Standard Time", "20260715T100000", "20260715T113000"))
    assert (winter.start, winter.end) == (utc(2026, 12, 22, 12, 30), utc(2026, 12, 22, 13, 30))
    assert (summer.start, summer.end) == (utc(2026, 7, 15, 8), utc(2026, 7, 15, 9, 30))
    assert winter.timezone == summer.timezone == "Europe/Paris"


def test_windows_zone_name_with_its_own_vtimezone_follows_the_vtimezone():
    # The VTIMEZONE named "New Zealand Standard Time" defines +01:00 for November 2019
    # (not Auckland's +13:00): RFC 5545 says the calendar's own definition is the zone.
    [event] = events((FIXTURES / "ics" / "khal_windows_tzid_new_zealand.ics").read_bytes())
    assert (event.start, event.end) == (utc(2019, 11, 20, 12), utc(2019, 11, 20, 13, 30))
    assert event.title == "Event with Windows TZ name"


def test_outlook_display_label_without_vtimezone():
    winter = one(_timed(OUTLOOK_LABEL, "20261222T133000", "20261222T143000"))
    summer = one(_timed(OUTLOOK_LABEL, "20260715T100000", "20260715T110000"))
    assert (winter.start, winter.end) == (utc(2026, 12, 22, 12, 30), utc(2026, 12, 22, 13, 30))
    assert (summer.start, summer.end) == (utc(2026, 7, 15, 8), utc(2026, 7, 15, 9))


def test_real_exchange_request_with_a_display_label_vtimezone():
    raw = (FIXTURES / "invites" / "calmailproc_outlook_request_german.eml").read_bytes()
    [event] = events_from_message(parse_message(raw), default_zone=MADRID, now=NOW)
    assert (event.start, event.end) == (utc(2025, 3, 10, 13), utc(2025, 3, 10, 14))


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="Outlook label '(UTC-05:00) Eastern Time (US & Canada)' (no city in it) without "
    "VTIMEZONE is placed in the user's zone (Europe/Madrid: 08:00Z) instead of "
    "America/New_York (14:00Z): the offset the label states is ignored",
)
def test_outlook_label_without_a_city_uses_its_windows_zone():
    label = '"(UTC-05:00) Eastern Time (US & Canada)"'
    event = one(_timed(label, "20260715T100000", "20260715T110000"))
    assert (event.start, event.end) == (utc(2026, 7, 15, 14), utc(2026, 7, 15, 15))


def test_lotus_notes_short_windows_name():
    event = one(_timed('"FLE"', "20211026T090000", "20211026T100000"))  # Helsinki, EEST
    assert (event.start, event.end) == (utc(2021, 10, 26, 6), utc(2021, 10, 26, 7))


def test_utc_times():
    event = one(vcalendar("DTSTART:20261222T123000Z", "DTEND:20261222T133000Z"))
    assert (event.start, event.end) == (utc(2026, 12, 22, 12, 30), utc(2026, 12, 22, 13, 30))
    assert event.start.utcoffset() == timedelta(0)


def test_floating_times_use_x_wr_timezone():
    data = vcalendar(
        "DTSTART:20261222T133000", "DTEND:20261222T143000", head="X-WR-TIMEZONE:America/New_York"
    )
    event = one(data)
    assert (event.start, event.end) == (utc(2026, 12, 22, 18, 30), utc(2026, 12, 22, 19, 30))
    assert event.timezone == "America/New_York"


def test_floating_times_without_any_zone_are_in_the_default_zone():
    data = vcalendar("DTSTART:20261222T133000", "DTEND:20261222T143000")
    madrid, tokyo = one(data), one(data, zone=ZoneInfo("Asia/Tokyo"))
    assert (madrid.start, madrid.end) == (utc(2026, 12, 22, 12, 30), utc(2026, 12, 22, 13, 30))
    assert (tokyo.start, tokyo.end) == (utc(2026, 12, 22, 4, 30), utc(2026, 12, 22, 5, 30))


def test_all_day_events_are_local_midnights():
    one_day = one(vcalendar("DTSTART;VALUE=DATE:20261222", "DTEND;VALUE=DATE:20261223"))
    assert one_day.all_day
    assert (one_day.start, one_day.end) == (utc(2026, 12, 21, 23), utc(2026, 12, 22, 23))
    summer = one(vcalendar("DTSTART;VALUE=DATE:20260715", "DTEND;VALUE=DATE:20260718"))
    assert (summer.start, summer.end) == (utc(2026, 7, 14, 22), utc(2026, 7, 17, 22))


def test_all_day_event_without_end_lasts_one_day():
    event = one(vcalendar("DTSTART;VALUE=DATE:20261222"))
    assert event.all_day
    assert (event.start, event.end) == (utc(2026, 12, 21, 23), utc(2026, 12, 22, 23))


def test_duration_instead_of_dtend():
    timed = one(vcalendar("DTSTART;TZID=Europe/Madrid:20261222T133000", "DURATION:PT45M"))
    assert (timed.start, timed.end) == (utc(2026, 12, 22, 12, 30), utc(2026, 12, 22, 13, 15))
    days = one(vcalendar("DTSTART;VALUE=DATE:20261222", "DURATION:P2D"))
    assert (days.start, days.end) == (utc(2026, 12, 21, 23), utc(2026, 12, 23, 23))


def test_no_dtend_nor_duration_lasts_an_hour():
    event = one(vcalendar("DTSTART;TZID=Europe/Madrid:20261222T133000"))
    assert (event.start, event.end) == (utc(2026, 12, 22, 12, 30), utc(2026, 12, 22, 13, 30))


def test_an_end_before_the_start_is_clamped_to_the_start():
    event = one(vcalendar("DTSTART:20261222T123000Z", "DTEND:20261222T113000Z"))
    assert event.start == event.end == utc(2026, 12, 22, 12, 30)


@pytest.mark.parametrize("tzid", ["TZID=Europe/Madrid", None])
def test_dst_spring_forward_gap_in_madrid(tzid: str | None):
    # 29 March 2026: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist. RFC 5545 3.3.5:
    # read it with the offset before the gap (+01:00), i.e. 01:30Z; 03:30 CEST is 01:30Z too.
    prefix = f";{tzid}" if tzid else ""
    event = one(vcalendar(f"DTSTART{prefix}:20260329T023000", f"DTEND{prefix}:20260329T033000"))
    assert (event.start, event.end) == (utc(2026, 3, 29, 1, 30), utc(2026, 3, 29, 1, 30))


@pytest.mark.parametrize("tzid", ["TZID=Europe/Madrid", None])
def test_dst_fall_back_repeated_hour_in_madrid(tzid: str | None):
    # 25 October 2026: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice. RFC 5545
    # 3.3.5: the first occurrence (CEST, 00:30Z); 03:30 CET is 02:30Z, two hours later.
    prefix = f";{tzid}" if tzid else ""
    event = one(vcalendar(f"DTSTART{prefix}:20261025T023000", f"DTEND{prefix}:20261025T033000"))
    assert (event.start, event.end) == (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 2, 30))


def test_a_day_across_the_spring_change_is_23_hours():
    event = one(
        vcalendar(
            "DTSTART;TZID=Europe/Madrid:20260328T100000", "DTEND;TZID=Europe/Madrid:20260329T100000"
        )
    )
    assert (event.start, event.end) == (utc(2026, 3, 28, 9), utc(2026, 3, 29, 8))
