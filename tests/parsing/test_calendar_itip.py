"""iTIP (RFC 5546) as calendars send it: method, status, sequence, stamps and people.

The imip/ fixtures are real Outlook/Exchange captures (calmailproc) and Thunderbird test
messages; inline calendars copy the lines Google Calendar and Outlook write.
"""

from __future__ import annotations

import pytest

from mailer.parsing.calendar import events_from_message
from mailer.parsing.message import parse_message
from mailer.parsing.types import Attendee, CalendarEvent, Person
from tests.conftest import FIXTURES
from tests.parsing.calendars import MADRID, NOW, events, one, utc, vcalendar

START = ("DTSTART:20261222T123000Z", "DTEND:20261222T133000Z")
GOOGLE_PEOPLE = (
    "ORGANIZER;CN=Anna Ruiz:mailto:anna@example.com",
    "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Anna Ruiz;"
    "X-NUM-GUESTS=0:mailto:anna@example.com",
    "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;"
    "CN=alice@example.com;X-NUM-GUESTS=0:mailto:alice@example.com",
)


def _first(folder: str, name: str) -> CalendarEvent:
    message = parse_message((FIXTURES / folder / name).read_bytes())
    return events_from_message(message, default_zone=MADRID, now=NOW)[0]


@pytest.mark.parametrize(
    ("method", "status"),
    [
        ("REQUEST", "planned"),
        ("PUBLISH", "planned"),
        ("CANCEL", "cancelled"),
        ("REPLY", "planned"),
        ("", "planned"),
    ],
)
def test_method_and_the_status_it_implies(method: str, status: str):
    event = one(vcalendar(*START, *GOOGLE_PEOPLE, method=method))
    assert (event.method, event.status) == (method, status)


def test_method_is_upper_cased():
    assert one(vcalendar(*START, method="request")).method == "REQUEST"


@pytest.mark.parametrize("method", ["REQUEST", "PUBLISH", ""])
@pytest.mark.parametrize("status", ["CANCELLED", "cancelled"])
def test_status_cancelled_cancels_whatever_the_method(method: str, status: str):
    assert one(vcalendar(*START, f"STATUS:{status}", method=method)).status == "cancelled"


@pytest.mark.parametrize("status", ["CONFIRMED", "TENTATIVE"])
def test_other_statuses_are_planned(status: str):
    assert one(vcalendar(*START, f"STATUS:{status}")).status == "planned"


def test_sequence_and_dtstamp():
    event = one(vcalendar(*START, "SEQUENCE:3"))
    assert (event.sequence, event.dtstamp) == (3, utc(2026, 11, 20, 10))


@pytest.mark.parametrize(("line", "sequence"), [(None, 0), ("SEQUENCE:abc", 0), ("SEQUENCE:7", 7)])
def test_missing_or_broken_sequence_is_zero(line: str | None, sequence: int):
    assert one(vcalendar(*START, *([line] if line else []))).sequence == sequence


def test_missing_dtstamp_is_none():
    data = vcalendar(*START).replace(b"DTSTAMP:20261120T100000Z\r\n", b"")
    assert one(data).dtstamp is None


def test_google_attendees_and_organizer():
    event = one(vcalendar(*START, *GOOGLE_PEOPLE))
    assert event.organizer == Person("anna@example.com", "Anna Ruiz")
    assert event.attendees == (
        Attendee(Person("anna@example.com", "Anna Ruiz"), "accepted"),
        Attendee(Person("alice@example.com"), "needs-action"),  # CN is just the address
    )


def test_outlook_attendees_are_normalised():
    event = one(
        vcalendar(
            *START,
            'ORGANIZER;CN="Ruiz, Anna":MAILTO:Anna.Ruiz@Example.COM',
            "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE;CN=Pau Vidal:MAILTO:PAU@"
            "EXAMPLE.ORG",
            "ATTENDEE;ROLE=OPT-PARTICIPANT;PARTSTAT=TENTATIVE;CN=Jo:Mailto:jo@example.net",
            "ATTENDEE;PARTSTAT=DECLINED;CN=Lu:mailto:lu@example.net",
            'ATTENDEE;PARTSTAT=DELEGATED;DELEGATED-TO="mailto:x@example.com":mailto:del@example.com',
            "ATTENDEE;PARTSTAT=X-UNKNOWN:mailto:who@example.com",
            "ATTENDEE;CUTYPE=RESOURCE;ROLE=NON-PARTICIPANT;CN=Sala 3:Sala 3",
            "ATTENDEE;CUTYPE=ROOM;CN=Room 1:urn:uuid:00000000-0000-0000-0000-000000000001",
            "ATTENDEE;CN=Someone:invalid:nomail",
        )
    )
    assert event.organizer == Person("anna.ruiz@example.com", "Ruiz, Anna")
    assert [(a.person.email, a.person.name, a.rsvp) for a in event.attendees] == [
        ("pau@example.org", "Pau Vidal", "accepted"),
        ("jo@example.net", "Jo", "tentative"),
        ("lu@example.net", "Lu", "declined"),
        ("del@example.com", None, "delegated"),
        ("who@example.com", None, "needs-action"),
    ]


def test_an_attendee_listed_twice_is_one_person():
    event = one(
        vcalendar(
            *START,
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:pau@example.org",
            "ATTENDEE;PARTSTAT=DECLINED:MAILTO:Pau@Example.org",
        )
    )
    assert [a.person.email for a in event.attendees] == ["pau@example.org"]


def test_an_organizer_without_an_address_is_none():
    assert one(vcalendar(*START, "ORGANIZER;CN=Sender:urn:uuid:1")).organizer is None


def test_rooms_with_an_address_are_not_people():
    event = one(
        vcalendar(
            *START,
            *GOOGLE_PEOPLE,
            "ATTENDEE;CUTYPE=RESOURCE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Sala Gaudí (8);"
            "X-NUM-GUESTS=0:mailto:c_1889abcdef@resource.calendar.google.com",
        )
    )
    assert [a.person.email for a in event.attendees] == ["anna@example.com", "alice@example.com"]


def test_exchange_single_quoted_address_is_not_a_name():
    event = _first("invites", "calmailproc_outlook_request_german.eml")
    assert event.attendees == (Attendee(Person("brechtel@med.uni-frankfurt.de")),)


def test_an_event_without_uid_gets_a_stable_synthetic_uid():
    data = vcalendar(*START, *GOOGLE_PEOPLE).replace(b"UID:test-1@example.com\r\n", b"")
    restamped = data.replace(b"DTSTAMP:20261120T100000Z", b"DTSTAMP:20261121T090000Z")
    other = data.replace(b"SUMMARY:Coffee", b"SUMMARY:Lunch")
    uid = one(data).uid
    assert uid and uid == one(data).uid == one(restamped).uid
    assert one(other).uid != uid


def test_two_events_without_uid_stay_two_events():
    data = vcalendar(*START).replace(b"UID:test-1@example.com\r\n", b"")
    second = b"BEGIN:VEVENT\r\nSUMMARY:Lunch\r\nDTSTART:20261223T120000Z\r\nEND:VEVENT\r\n"
    both = events(data.replace(b"END:VCALENDAR", second + b"END:VCALENDAR"))
    assert sorted(e.title for e in both) == ["Coffee", "Lunch"]
    assert len({e.uid for e in both}) == 2


def test_real_outlook_reply_accept_in_german():
    event = _first("imip", "calmailproc_outlook_reply_accept_german.eml")
    assert (event.method, event.status, event.uid) == (
        "REPLY",
        "planned",
        "0e4a0959-e1c7-4c5a-b353-d7abbd8ca8ac",
    )
    assert event.attendees == (
        Attendee(Person("markus.brechtel@uk-koeln.de", "Markus Brechtel"), "accepted"),
    )
    assert (event.start, event.end) == (utc(2025, 3, 19, 9), utc(2025, 3, 19, 10))


def test_real_outlook_cancel_without_sequence():
    event = _first("imip", "calmailproc_outlook_cancel_seq0.eml")
    assert (event.method, event.status, event.sequence, event.recurrence_id) == (
        "CANCEL",
        "cancelled",
        0,
        None,
    )
    assert event.organizer == Person("sender@example.org")
    assert (event.start, event.dtstamp) == (utc(2025, 4, 18, 6), utc(2025, 4, 17, 11, 21, 40))


def test_real_outlook_cancel_of_one_instance_in_german():
    event = _first("imip", "calmailproc_outlook_cancel_instance_german.eml")
    assert (event.method, event.status, event.sequence) == ("CANCEL", "cancelled", 2)
    assert event.recurrence_id == utc(2025, 3, 27, 14)  # 15:00 W. Europe Standard Time


def test_thunderbird_cancel_update_and_exception():
    cancel = _first("imip", "tb_cancel_single_event.eml")
    assert (cancel.status, cancel.sequence, cancel.start) == ("cancelled", 1, utc(2022, 3, 16, 11))
    update = _first("imip", "tb_update_major.eml")
    assert (update.status, update.sequence, update.start) == ("planned", 2, utc(2022, 3, 16, 5))
    exception = _first("imip", "tb_exception_major.eml")
    assert (exception.recurrence_id, exception.start, exception.sequence) == (
        utc(2022, 3, 17, 11),
        utc(2022, 3, 17, 5),
        2,
    )


def test_the_same_calendar_attached_twice_is_one_event():
    raw = (FIXTURES / "invites" / "tb_google_meet_invite_swedish.eml").read_bytes()
    message = parse_message(raw)
    assert len(message.calendars) == 2
    [event] = events_from_message(message, default_zone=MADRID, now=NOW)
    assert (event.uid, event.method) == ("65m17hsdolmotv3kvmrtg40ont@google.com", "REQUEST")


def test_a_cancel_without_dtstart_still_names_its_series():
    event = _first("imip", "tb_cancel_recurring_event.eml")
    assert (event.uid, event.method, event.recurrence_id) == ("02e79b96", "CANCEL", None)
