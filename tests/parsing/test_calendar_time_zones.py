"""Calendar times land on the right instant, whatever zone notation the calendar used."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from tests.conftest import FIXTURES
from tests.parsing.calendars import events, one, utc, vcalendar


def test_windows_zone_name_without_vtimezone():
    event = one(
        vcalendar(
            "DTSTART;TZID=Romance Standard Time:20260715T100000",
            "DTEND;TZID=Romance Standard Time:20260715T110000",
        )
    )
    assert (event.start, event.end) == (utc(2026, 7, 15, 8), utc(2026, 7, 15, 9))
    assert event.timezone == "Europe/Paris"


def test_outlook_display_label_names_its_zone_by_city():
    label = '"(UTC+01:00) Brussels, Copenhagen, Madrid, Paris"'
    event = one(vcalendar(f"DTSTART;TZID={label}:20260115T100000"))
    assert event.start == utc(2026, 1, 15, 9)


def test_lotus_notes_short_windows_name():
    event = one(vcalendar('DTSTART;TZID="FLE":20211026T090000'))
    assert event.start == utc(2021, 10, 26, 6)


def test_windows_name_with_its_own_vtimezone():
    data = (FIXTURES / "ics" / "khal_windows_tzid_new_zealand.ics").read_bytes()
    [event] = events(data)
    assert event.start.utcoffset().total_seconds() == 0
    assert event.start.astimezone(ZoneInfo("Pacific/Auckland")).hour != event.start.hour


def test_utc_times():
    assert one(vcalendar("DTSTART:20261222T123000Z")).start == utc(2026, 12, 22, 12, 30)


def test_floating_time_uses_x_wr_timezone():
    event = one(vcalendar("DTSTART:20261222T133000", head="X-WR-TIMEZONE:America/New_York"))
    assert event.start == utc(2026, 12, 22, 18, 30)


def test_floating_time_without_a_zone_is_in_the_users_zone():
    assert one(vcalendar("DTSTART:20261222T133000")).start == utc(2026, 12, 22, 12, 30)
    event = one(vcalendar("DTSTART:20261222T133000"), zone=ZoneInfo("Asia/Tokyo"))
    assert event.start == utc(2026, 12, 22, 4, 30)


def test_all_day_event_is_local_midnight_to_midnight():
    event = one(vcalendar("DTSTART;VALUE=DATE:20261222", "DTEND;VALUE=DATE:20261223"))
    assert event.all_day
    assert (event.start, event.end) == (utc(2026, 12, 21, 23), utc(2026, 12, 22, 23))


def test_duration_instead_of_dtend_and_no_end_at_all():
    with_duration = one(vcalendar("DTSTART:20261222T120000Z", "DURATION:PT90M"))
    assert with_duration.end == utc(2026, 12, 22, 13, 30)
    assert one(vcalendar("DTSTART:20261222T120000Z")).end == utc(2026, 12, 22, 13)


def test_dst_edges_in_madrid():
    spring = one(
        vcalendar(
            "DTSTART;TZID=Europe/Madrid:20260328T100000", "DTEND;TZID=Europe/Madrid:20260329T100000"
        )
    )
    assert spring.start == utc(2026, 3, 28, 9)
    assert spring.end == utc(2026, 3, 29, 8)  # 23 hours later: the clocks went forward
    autumn = one(vcalendar("DTSTART;TZID=Europe/Madrid:20261025T103000"))
    assert autumn.start == utc(2026, 10, 25, 9, 30)
