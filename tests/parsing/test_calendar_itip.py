"""iTIP methods, status, sequence, attendees and organizer as calendars send them."""

from __future__ import annotations

from mailer.parsing.calendar import events_from_message
from mailer.parsing.message import parse_message
from tests.conftest import FIXTURES
from tests.parsing.calendars import MADRID, NOW, one, utc, vcalendar

START = "DTSTART:20261222T123000Z"


def test_methods_and_status():
    assert one(vcalendar(START, method="REQUEST")).status == "planned"
    assert one(vcalendar(START, method="CANCEL")).status == "cancelled"
    assert one(vcalendar(START, "STATUS:CANCELLED", method="PUBLISH")).status == "cancelled"
    assert one(vcalendar(START, method="")).method == ""


def test_sequence_and_dtstamp():
    event = one(vcalendar(START, "SEQUENCE:3"))
    assert (event.sequence, event.dtstamp) == (3, utc(2026, 11, 20, 10))


def test_attendees_and_organizer_are_normalised():
    event = one(
        vcalendar(
            START,
            'ORGANIZER;CN="Ruiz, Anna":MAILTO:Anna@Example.COM',
            "ATTENDEE;CN=Pau;PARTSTAT=ACCEPTED:mailto:pau@example.org",
            "ATTENDEE;PARTSTAT=TENTATIVE:Mailto:JO@example.net",
            "ATTENDEE;CUTYPE=ROOM;CN=Room 1:urn:uuid:0000",
            "ATTENDEE;PARTSTAT=WHATEVER:mailto:x@example.com",
        )
    )
    assert event.organizer.email == "anna@example.com" and event.organizer.name == "Ruiz, Anna"
    assert [(a.person.email, a.rsvp) for a in event.attendees] == [
        ("pau@example.org", "accepted"),
        ("jo@example.net", "tentative"),
        ("x@example.com", "needs-action"),
    ]


def test_an_event_without_uid_gets_a_stable_one():
    data = vcalendar(START).replace(b"UID:test-1@example.com\r\n", b"")
    assert one(data).uid == one(data).uid != ""


def _first(name: str):
    message = parse_message((FIXTURES / "imip" / name).read_bytes())
    return events_from_message(message, default_zone=MADRID, now=NOW)[0]


def test_real_outlook_reply_accept():
    event = _first("calmailproc_outlook_reply_accept_german.eml")
    assert event.method == "REPLY"
    assert [a.rsvp for a in event.attendees] == ["accepted"]


def test_real_outlook_cancels():
    assert _first("calmailproc_outlook_cancel_seq0.eml").status == "cancelled"
    instance = _first("calmailproc_outlook_cancel_instance_german.eml")
    assert instance.status == "cancelled" and instance.recurrence_id is not None


def test_a_cancel_without_dtstart_still_names_its_series():
    event = _first("tb_cancel_recurring_event.eml")
    assert (event.uid, event.method, event.recurrence_id) == ("02e79b96", "CANCEL", None)
