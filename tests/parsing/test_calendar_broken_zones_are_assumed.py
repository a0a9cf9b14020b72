"""A broken or unknown zone costs one assumption, not the calendar, and the user is told which.

The cases are real calendars from the corpus with the one fault that other exporters write:

- Thunderbird writes Berlin's local mean time before 1893 with seconds, ``TZOFFSETFROM:+005328``
  (calmailproc_thunderbird_invite_german.eml); cut to four digits, as a writer that formats
  offsets as hhmm would leave it, that is ``+5328``, 53 hours, and icalendar refuses the whole
  calendar for it. The zone of the same name (Europe/Berlin) is used instead; a zone that no
  database knows either is read in the user's zone.
- ``DTSTART;TZID=Europe/Berlin:20250319T100000Z`` (a UTC time that keeps its TZID) is what
  calmailproc's instance update writes as ``RECURRENCE-ID;TZID=UTC:20251003T100000Z``
  (calmailproc_instance_update_before_parent.eml), with a zone that is not UTC: the Z wins.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from mailer.api import Mailer
from mailer.parsing.calendar import events_from_message, parse_calendar
from mailer.parsing.message import parse_message
from tests.conftest import ALICE, FIXTURES
from tests.corpus_messages import from_user
from tests.outbound.sinks import maildir_messages
from tests.parsing.calendars import MADRID, NOW, events, utc

THUNDERBIRD = FIXTURES / "invites" / "calmailproc_thunderbird_invite_german.eml"
NEW_YORK = ZoneInfo("America/New_York")


def _thunderbird(*replacements: tuple[bytes, bytes]) -> bytes:
    raw = THUNDERBIRD.read_bytes()
    for old, new in replacements:
        assert old in raw
        raw = raw.replace(old, new)
    return raw


def _events(raw: bytes, zone: ZoneInfo = MADRID):
    return events_from_message(parse_message(raw), default_zone=zone, now=NOW)


OUT_OF_RANGE = (b"TZOFFSETFROM:+005328", b"TZOFFSETFROM:+5328")


def test_a_broken_vtimezone_falls_back_to_the_zone_of_its_name():
    [event] = _events(_thunderbird(OUT_OF_RANGE))
    assert (event.start, event.end) == (utc(2025, 3, 19, 9), utc(2025, 3, 19, 10))
    assert event.title == "Test 5" and len(event.attendees) == 2
    assert event.notes == (
        'the calendar\'s definition of "Europe/Berlin" cannot be read (Offset must be less '
        "than 24 hours, was +5328); its times were read as Europe/Berlin",
    )


def test_a_broken_vtimezone_that_no_database_knows_is_read_in_the_users_zone():
    renamed = (b"Europe/Berlin", b"Mitteleuropa")
    [event] = _events(_thunderbird(OUT_OF_RANGE, renamed), zone=NEW_YORK)
    assert (event.start, event.end) == (utc(2025, 3, 19, 14), utc(2025, 3, 19, 15))
    assert event.notes == (
        'the calendar\'s definition of "Mitteleuropa" cannot be read (Offset must be less '
        "than 24 hours, was +5328); no known zone has that name, so its times were read in "
        "your zone (America/New_York)",
    )


def test_a_tzid_that_nothing_defines_is_read_in_the_users_zone_and_said():
    event = events(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
        b"UID:u\r\nDTSTAMP:20261120T100000Z\r\nDTSTART;TZID=Atlantis:20261210T100000\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )[0]
    assert event.start == utc(2026, 12, 10, 9)
    assert event.notes == (
        'the calendar does not define the zone "Atlantis" and no known zone has that name, so '
        "its times were read in your zone (Europe/Madrid)",
    )


def test_a_tzid_with_a_trailing_z_is_utc():
    berlin_z = [
        (
            f"{name};TZID=Europe/Berlin:{time}".encode(),
            f"{name};TZID=Europe/Berlin:{time}Z".encode(),
        )
        for name, time in (("DTSTART", "20250319T100000"), ("DTEND", "20250319T110000"))
    ]
    [event] = _events(_thunderbird(*berlin_z))
    assert (event.start, event.end) == (utc(2025, 3, 19, 10), utc(2025, 3, 19, 11))
    assert event.notes == (
        "times written with both TZID=Europe/Berlin and a trailing Z were read as UTC, as the "
        "Z says",
    )


def test_one_bad_component_does_not_drop_the_others():
    calendar = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nMETHOD:PUBLISH\r\n"
        b"BEGIN:VTODO\r\nUID:t\r\nDTSTAMP:20261120T100000Z\r\nDUE:tomorrow-ish\r\nEND:VTODO\r\n"
        b"BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261120T100000Z\r\nDTSTART:20261210T090000Z\r\n"
        b"SUMMARY:Kept\r\nBEGIN:VALARM\r\nTRIGGER:soon\r\nACTION:DISPLAY\r\nEND:VALARM\r\n"
        b"END:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20261120T100000Z\r\nDTSTART:20261211T090000Z\r\n"
        b"SUMMARY:Also kept\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    found = parse_calendar(calendar, default_zone=MADRID, now=NOW)
    assert {(e.uid, e.title, e.start) for e in found} == {
        ("a", "Kept", utc(2026, 12, 10, 9)),
        ("b", "Also kept", utc(2026, 12, 11, 9)),
    }


def test_the_confirmation_says_which_zone_was_assumed(mailer: Mailer):
    result = mailer.ingest(
        from_user(_thunderbird(OUT_OF_RANGE)),
        source="broken-zone.eml",
        envelope_to=["invites@assistant.localhost"],
    )
    assert result.status == "processed", result.detail
    assert "its times were read as Europe/Berlin" in result.detail
    [meeting] = mailer.meetings(ALICE)
    assert meeting["start"] == "2025-03-19T10:00:00+01:00"
    mailer.tick()
    [confirmation] = [
        m for m in maildir_messages(mailer.config.maildir) if m["Subject"].startswith("Logged")
    ]
    body = " ".join(confirmation.get_body(("plain",)).get_content().split())
    assert 'the calendar\'s definition of "Europe/Berlin" cannot be read' in body
    assert "its times were read as Europe/Berlin" in body


OFFSETS = st.from_regex(r"\A[+-]?[0-9]{1,7}\Z")


@settings(max_examples=60, deadline=None)
@given(to=OFFSETS, since=OFFSETS)
def test_any_offset_in_the_zone_still_files_the_event_at_its_instant(to: str, since: str):
    """Whatever Berlin's 1893 entry says, the 2025 event is filed at 10:00 Berlin time."""
    entry = b"TZOFFSETTO:+010000\nTZOFFSETFROM:+005328"
    raw = _thunderbird((entry, f"TZOFFSETTO:{to}\nTZOFFSETFROM:{since}".encode()))
    [event] = _events(raw)
    assert event.start == utc(2025, 3, 19, 9)
    assert all("Europe/Berlin" in note for note in event.notes)
