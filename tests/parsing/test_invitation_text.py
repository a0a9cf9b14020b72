"""An invitation forwarded without its calendar is read from the text around it.

Google Calendar puts the meeting in the subject, Outlook in the "When:/Where:" lines of the
body, each in the sender's language. Such events say ``source == "text"``.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from mailer.parsing.calendar import events_from_message
from mailer.parsing.message import parse_message
from mailer.parsing.types import CalendarEvent, ParsedMessage, Person
from tests.parsing.calendars import MADRID, utc

GOOGLE_EN = (
    "Invitation: Coffee with Anna @ Tue Dec 22, 2026 1:30pm - 2:30pm (CET) (anna@example.com)"
)
GOOGLE_ES = "Invitación: Café con Anna @ mar 22 dic 2026 13:30 - 14:30 (CET) (anna@example.com)"
OUTLOOK_EN = (
    "When: Tuesday, December 22, 2026 1:30 PM-2:30 PM. (UTC+01:00) Brussels, Copenhagen, "
    "Madrid, Paris\nWhere: Nomad Coffee"
)
OUTLOOK_ES = (
    "Cuándo: martes, 22 de diciembre de 2026 13:30-14:30. (UTC+01:00) Bruselas, Copenhague, "
    "Madrid, París\nDónde: Nomad"
)
COFFEE = (utc(2026, 12, 22, 12, 30), utc(2026, 12, 22, 13, 30))


def _read(subject: str, text: str = "", zone: ZoneInfo = MADRID) -> list[CalendarEvent]:
    message = ParsedMessage(
        message_id="<CAH3k9=abc123@mail.gmail.com>",
        subject=subject,
        sender=Person("alice@example.com", "Alice Martín"),
        text=text,
    )
    return events_from_message(message, default_zone=zone, now=utc(2026, 11, 23))


def _raw(subject: str, body: str) -> bytes:
    headers = (
        "From: =?utf-8?q?Alice_Mart=C3=ADn?= <alice@example.com>\r\n"
        "To: Mailer <log@assistant.localhost>\r\n"
        f"Subject: {subject}\r\n"
        "Date: Mon, 23 Nov 2026 10:00:00 +0100\r\n"
        "Message-ID: <AM0PR07MB1234@AM0PR07MB1234.eurprd07.prod.outlook.com>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: text/plain; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    )
    return (headers + body.replace("\n", "\r\n")).encode()


def test_google_subject_in_english():
    [event] = _read(GOOGLE_EN)
    assert (event.title, (event.start, event.end)) == ("Coffee with Anna", COFFEE)
    assert event.organizer == Person("anna@example.com")
    assert [a.person.email for a in event.attendees] == ["anna@example.com"]
    assert event.source == "text"


def test_google_subject_in_spanish():
    [event] = _read(GOOGLE_ES)
    assert (event.title, (event.start, event.end)) == ("Café con Anna", COFFEE)
    assert event.organizer == Person("anna@example.com")
    assert event.source == "text"


@pytest.mark.parametrize(
    "subject",
    [
        f"Fwd: Updated invitation: {GOOGLE_EN.split(': ', 1)[1]}",
        f"Fwd: {GOOGLE_EN}",
        f"RV: {GOOGLE_ES}",
        f"Fwd: Invitación actualizada: {GOOGLE_ES.split(': ', 1)[1]}",
    ],
)
def test_forward_and_update_prefixes(subject: str):
    [event] = _read(subject)
    assert (event.start, event.end) == COFFEE
    assert event.title in {"Coffee with Anna", "Café con Anna"}


def test_a_zone_named_by_city_in_the_subject_is_used_whatever_the_users_zone():
    subject = GOOGLE_EN.replace("(CET)", "(Central European Time - Madrid)")
    [event] = _read(subject, zone=ZoneInfo("America/New_York"))
    assert (event.start, event.end) == COFFEE


def test_outlook_body_in_english():
    [event] = _read("FW: Coffee with Anna", OUTLOOK_EN)
    assert (event.title, (event.start, event.end)) == ("Coffee with Anna", COFFEE)
    assert event.location == "Nomad Coffee"
    assert event.source == "text"


def test_outlook_body_in_spanish():
    [event] = _read("RV: Café con Anna", OUTLOOK_ES)
    assert (event.title, (event.start, event.end)) == ("Café con Anna", COFFEE)
    assert event.location == "Nomad"


def test_real_outlook_forward_without_its_calendar():
    body = (
        "\n-----Original Appointment-----\nFrom: Anna Ruiz <anna@example.com>\n"
        "Sent: Monday, November 23, 2026 9:12 AM\nTo: Alice Martín; Anna Ruiz\n"
        f"Subject: Coffee with Anna\n{OUTLOOK_EN}\n\nLooking forward to it!\n"
    )
    message = parse_message(_raw("FW: Coffee with Anna", body))
    assert message.calendars == ()
    [event] = events_from_message(message, default_zone=MADRID, now=utc(2026, 11, 23))
    assert ((event.start, event.end), event.location) == (COFFEE, "Nomad Coffee")
    assert [a.person.email for a in event.attendees] == ["anna@example.com"]  # not the sender


def test_real_spanish_outlook_forward_without_its_calendar():
    body = (
        "\n-----Cita original-----\nDe: Anna Ruiz <anna@example.com>\n"
        "Enviado el: lunes, 23 de noviembre de 2026 9:12\nPara: Alice Martín\n"
        f"Asunto: Café con Anna\n{OUTLOOK_ES}\n"
    )
    message = parse_message(_raw("RV: Café con Anna", body))
    [event] = events_from_message(message, default_zone=MADRID, now=utc(2026, 11, 23))
    assert ((event.start, event.end), event.location) == (COFFEE, "Nomad")


def test_the_same_text_twice_has_the_same_uid():
    first, second = _read(GOOGLE_EN)[0], _read(f"Fwd: {GOOGLE_EN}")[0]
    assert first.uid == second.uid and first.uid.startswith("text-")
    assert _read("FW: Coffee with Anna", OUTLOOK_EN)[0].uid == (
        _read("FW: Coffee with Anna", OUTLOOK_EN)[0].uid
    )
    later = _read(GOOGLE_EN.replace("1:30pm - 2:30pm", "4pm - 5pm"))[0]
    assert later.uid != first.uid


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        ("Lunch next week?", "Hi Anna,\nare you free on Tuesday for lunch?\nAlice"),
        ("Re: notes", "Thanks!\n\nOn Mon, Nov 23, 2026 at 10:00 AM Anna wrote:\n> notes here"),
        ("Coffee with Anna", "Had coffee with Anna this morning.\nGave: notes\nGot: a contact"),
    ],
)
def test_an_ordinary_email_is_no_event(subject: str, text: str):
    assert _read(subject, text) == []


@pytest.mark.parametrize(
    "forwarded",
    [
        "---------- Forwarded message ---------\nFrom: Anna Ruiz <anna@example.com>\n"
        "Date: Mon, Nov 23, 2026 at 10:00 AM\nSubject: Notes from our chat\n"
        "To: Alice <alice@example.com>\n\nHere are my notes.\n",
        "Begin forwarded message:\n\nFrom: Anna Ruiz <anna@example.com>\n"
        "Subject: Notes from our chat\nDate: 23 November 2026 at 10:00:00 CET\n"
        "To: Alice <alice@example.com>\n\nHere are my notes.\n",
    ],
    ids=["gmail", "apple-mail"],
)
def test_a_forwarded_ordinary_email_is_no_event(forwarded: str):
    assert _read("Fwd: Notes from our chat", f"FYI\n\n{forwarded}") == []


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="Outlook's '(UTC-05:00) Eastern Time (US & Canada)' names no city, so the time is "
    "placed in the user's zone (Europe/Madrid, 12:30Z) although the label states -05:00 "
    "(expected 18:30Z)",
)
def test_outlook_body_with_a_zone_label_without_city():
    body = OUTLOOK_EN.replace(
        "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris", "(UTC-05:00) Eastern Time (US & Canada)"
    )
    [event] = _read("FW: Coffee with Anna", body)
    assert (event.start, event.end) == (utc(2026, 12, 22, 18, 30), utc(2026, 12, 22, 19, 30))
