"""Every calendar we send or serve is read the same by ical.js, `ical` and vobject.

A guest's calendar places a meeting by its absolute instant; a TZID without a VTIMEZONE (what
``--propose 10:00+01:00`` used to produce as ``TZID="UTC+01:00"``) is a floating time to
ical.js, and a guest in New York would have seen 10:00 New York time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
from click.testing import CliRunner

from mailer.api import Mailer
from mailer.cli import cli
from mailer.outbound.imip import placed_in
from tests.conftest import ALICE
from tests.log.sample_log import fill_log
from tests.outbound.calendar_readers import assert_wire_form, one_reading, read_by_all
from tests.outbound.sinks import maildir_messages

MADRID = ZoneInfo("Europe/Madrid")
PAU = "pau@example.org"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=MADRID)


def calendars_to(mailer: Mailer, address: str) -> list[tuple[EmailMessage, bytes]]:
    """(message, .ics attachment bytes) of each message sent to ``address``, checking that the
    inline text/calendar part says the same and carries the same method."""
    found = []
    for message in maildir_messages(mailer.config.maildir):
        if address not in str(message["To"]):
            continue
        parts = {part.get_content_type(): part for part in message.walk()}
        inline, attached = parts["text/calendar"], parts["application/ics"]
        data = attached.get_payload(decode=True)
        method = icalendar.Calendar.from_ical(data)["METHOD"]
        assert inline.get_param("method") == method
        assert icalendar.Calendar.from_ical(inline.get_content()) == (
            icalendar.Calendar.from_ical(data)
        )
        found.append((message, data))
    return found


def _invite_from_the_command_line(mailer: Mailer, config_path: Path, propose: str) -> bytes:
    result = CliRunner().invoke(
        cli,
        ["--config", str(config_path), "--now", NOW.isoformat(), "invite", PAU,
         "--name", "Pau Vidal", "--propose", propose],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    mailer.tick(NOW)
    [(_, data)] = calendars_to(mailer, PAU)
    return data


def test_a_madrid_proposal_is_at_nine_utc_for_every_reader(mailer: Mailer, config_path: Path):
    data = _invite_from_the_command_line(mailer, config_path, "2026-12-10T10:00:00+01:00")
    assert_wire_form(data)
    calendar = icalendar.Calendar.from_ical(data)
    assert b"UTC+01:00" not in data
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Madrid"]
    assert calendar.get_missing_tzids() == set()
    assert b"DTSTART;TZID=Europe/Madrid:20261210T100000" in data
    reading = one_reading(data)
    assert (reading.start, reading.end) == (
        datetime(2026, 12, 10, 9, tzinfo=UTC),
        datetime(2026, 12, 10, 10, tzinfo=UTC),
    )
    assert (reading.method, reading.sequence) == ("REQUEST", 0)
    assert reading.organizer.startswith("reply+") and reading.organizer_cn == "Alice Martín"
    assert reading.attendees == ((PAU, "Pau Vidal"),)
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTAMP"].dt.utcoffset() == timedelta(0)
    assert event["ATTENDEE"].params["RSVP"] == "TRUE"


def test_an_offset_the_users_zone_does_not_have_is_written_in_utc(
    mailer: Mailer, config_path: Path
):
    data = _invite_from_the_command_line(mailer, config_path, "2026-12-10T10:00:00+05:30")
    assert b"DTSTART:20261210T043000Z" in data
    assert not icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
    assert one_reading(data).start == datetime(2026, 12, 10, 4, 30, tzinfo=UTC)


def test_a_wall_clock_time_that_happens_twice_is_written_in_utc():
    # 25 October 2026, 02:30 in Madrid happens at 00:30Z (CEST) and again at 01:30Z (CET)
    second = datetime(2026, 10, 25, 2, 30, tzinfo=timezone(timedelta(hours=1)))
    assert placed_in(second, MADRID) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    summer = datetime(2026, 7, 1, 10, tzinfo=timezone(timedelta(hours=2)))
    assert placed_in(summer, MADRID).tzinfo is MADRID


def test_the_cancel_from_call_off_is_read_the_same(mailer: Mailer):
    mailer.invite(PAU, name="Pau Vidal", propose=[datetime(2026, 12, 10, 10, tzinfo=MADRID)])
    mailer.tick(NOW)
    mailer.call_off(PAU, now=NOW)
    mailer.tick(NOW)
    readings = [one_reading(data) for _, data in calendars_to(mailer, PAU)]
    request, cancel = sorted(readings, key=lambda r: r.sequence)
    assert (request.method, cancel.method) == ("REQUEST", "CANCEL")
    assert cancel.uid == request.uid and cancel.sequence == request.sequence + 1
    assert cancel.start == request.start == datetime(2026, 12, 10, 9, tzinfo=UTC)
    assert cancel.organizer == request.organizer and cancel.organizer_cn == "Alice Martín"
    assert cancel.attendees == ((PAU, "Pau Vidal"),)


def test_the_export_and_so_the_feed_are_read_the_same(mailer: Mailer):
    """The feed serves exactly these bytes (tests/inbound/test_calendar_feed.py)."""
    fill_log(mailer)
    data = mailer.export_ics(ALICE)
    assert_wire_form(data)
    meetings = {m["uid"] + (m["recurrence_id"] or ""): m for m in mailer.meetings(ALICE)}
    readings = read_by_all(data)
    assert {name: len(events) for name, events in readings.items()} == {
        "ical.js": len(meetings),
        "ical": len(meetings),
        "vobject": len(meetings),
    }
    for events in readings.values():
        assert {e.method for e in events} == {"PUBLISH"}
    by_uid = [{e.uid: e for e in events} for events in readings.values()]
    for uid in by_uid[0]:
        first, *others = (events[uid] for events in by_uid)
        assert all(other == first for other in others), (first, others)
        assert first.start is not None and first.end is not None
        assert first.organizer and first.organizer_cn  # PUBLISH requires one (RFC 5546 3.2.1)
        if not isinstance(first.start, datetime):
            assert isinstance(first.start, date)
    organizers = {(e.organizer, e.organizer_cn) for e in by_uid[0].values()}
    assert (ALICE, "Alice Martín") in organizers
    starts = sorted(str(e.start) for e in by_uid[0].values() if isinstance(e.start, datetime))
    logged = sorted(
        str(datetime.fromisoformat(m["start"]).astimezone(UTC))
        for m in meetings.values()
        if not m["all_day"]
    )
    assert starts == logged
