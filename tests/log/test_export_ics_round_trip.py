"""The log exported as ICS and parsed back with icalendar says what the log says."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar

from mailer.api import Mailer
from tests.conftest import ALICE
from tests.log.sample_log import BOB_SECRET, fill_log

PARTSTAT = {"needs-action": "NEEDS-ACTION", "accepted": "ACCEPTED", "declined": "DECLINED"}
PARTSTAT |= {"tentative": "TENTATIVE"}


def _events(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def _uid(meeting: dict) -> str:
    if meeting["recurrence_id"] is None:
        return meeting["uid"]
    occurrence = datetime.fromisoformat(meeting["recurrence_id"]).astimezone(UTC)
    return f"{meeting['uid']}-{occurrence:%Y%m%dT%H%M%SZ}"


def test_every_meeting_comes_back_with_its_times_people_and_state(mailer: Mailer):
    fill_log(mailer)
    data = mailer.export_ics(ALICE)
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["X-WR-CALNAME"] == "Slow networking: Alice Martín"
    assert calendar["METHOD"] == "PUBLISH"
    assert not calendar.walk("VTIMEZONE")  # UTC throughout: nothing for an importer to guess
    events = _events(data)
    meetings = mailer.meetings(ALICE)
    assert len(events) == len(meetings) == 6
    assert {m["status"] for m in meetings} == {"planned", "done", "cancelled"}
    assert any(m["all_day"] for m in meetings)

    for meeting in meetings:
        event = events[_uid(meeting)]
        assert str(event["SUMMARY"]) == meeting["title"]
        assert int(event["SEQUENCE"]) == meeting["sequence"]
        expected_status = "CANCELLED" if meeting["status"] == "cancelled" else "CONFIRMED"
        assert str(event["STATUS"]) == expected_status
        if meeting["all_day"]:
            assert type(event.start) is date and type(event.end) is date
            assert event.start == datetime.fromisoformat(meeting["start"]).date()
            assert event.end == datetime.fromisoformat(meeting["end"]).date()
        else:
            assert event.start == datetime.fromisoformat(meeting["start"])
            assert event.end == datetime.fromisoformat(meeting["end"])
            assert event.start.utcoffset().total_seconds() == 0
        assert str(event.get("LOCATION", "")) == (meeting["location"] or "")
        attendees = event.get("ATTENDEE", [])
        attendees = attendees if isinstance(attendees, list) else [attendees]
        got = {str(a).removeprefix("mailto:"): a.params for a in attendees}
        assert set(got) == {a["email"] for a in meeting["attendees"]}
        for person in meeting["attendees"]:
            assert got[person["email"]]["PARTSTAT"] == PARTSTAT[person["status"]]
            assert got[person["email"]].get("CN", "") == person["name"]
        for item in meeting["gave"] + meeting["got"]:
            assert f"- {item}" in str(event["DESCRIPTION"])
        assert [str(c) for c in event.categories] == meeting["tags"]


def test_occurrences_of_a_series_are_separate_events_with_distinct_uids(mailer: Mailer):
    fill_log(mailer)
    events = _events(mailer.export_ics(ALICE))
    walks = sorted(u for u in events if u.startswith("walk-marta@google.com"))
    assert walks == [
        "walk-marta@google.com-20261203T080000Z",
        "walk-marta@google.com-20261210T080000Z",
        "walk-marta@google.com-20261217T080000Z",
    ]
    assert all("RECURRENCE-ID" not in events[u] and "RRULE" not in events[u] for u in walks)
    assert "coffee-anna-1@google.com" in events  # a single meeting keeps its invitation's UID


def test_one_users_export_holds_nothing_of_another_users_log(mailer: Mailer):
    fill_log(mailer)
    assert BOB_SECRET.encode() not in mailer.export_ics(ALICE)
    [bobs] = _events(mailer.export_ics("bob@example.org")).values()
    assert str(bobs["SUMMARY"]) == BOB_SECRET


def test_the_same_log_exports_the_same_bytes(mailer: Mailer):
    fill_log(mailer)
    assert mailer.export_ics(ALICE) == mailer.export_ics(ALICE)


def test_the_file_keeps_to_what_importers_require(mailer: Mailer):
    """CRLF lines folded at 75 octets, and UID, DTSTAMP and DTSTART on every event."""
    fill_log(mailer)
    data = mailer.export_ics(ALICE)
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} <= set(event)
