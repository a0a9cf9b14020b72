"""An invitation whose calendar was stripped is read from its subject or body text."""

from __future__ import annotations

from mailer.parsing.calendar import events_from_message
from mailer.parsing.types import ParsedMessage, Person
from tests.parsing.calendars import MADRID, utc


def _read(subject: str, text: str = "") -> list:
    message = ParsedMessage(
        message_id="<x@example.com>",
        subject=subject,
        sender=Person("alice@example.com"),
        text=text,
    )
    return events_from_message(message, default_zone=MADRID, now=utc(2026, 11, 23))


def test_google_subject_in_english():
    [event] = _read(
        "Fwd: Invitation: Coffee with Anna @ Tue Dec 22, 2026 1:30pm - 2:30pm (CET) "
        "(anna@example.com)"
    )
    assert (event.title, event.start, event.end) == (
        "Coffee with Anna",
        utc(2026, 12, 22, 12, 30),
        utc(2026, 12, 22, 13, 30),
    )
    assert event.source == "text" and event.organizer.email == "anna@example.com"


def test_google_subject_in_spanish_and_updated():
    [event] = _read(
        "RV: Invitación actualizada: Café con Anna @ mar 22 dic 2026 13:30 - 14:30 (CET)"
    )
    assert (event.title, event.start) == ("Café con Anna", utc(2026, 12, 22, 12, 30))


def test_outlook_body_in_english_and_spanish():
    english = _read(
        "FW: Coffee",
        "When: Tuesday, December 22, 2026 1:30 PM-2:30 PM. (UTC+01:00) "
        "Brussels, Copenhagen, Madrid, Paris\nWhere: Nomad Coffee\n",
    )
    spanish = _read(
        "RV: Café",
        "Cuándo: martes, 22 de diciembre de 2026 13:30-14:30. (UTC+01:00)"
        " Bruselas, Copenhague, Madrid, París\nDónde: Nomad\n",
    )
    assert english[0].start == spanish[0].start == utc(2026, 12, 22, 12, 30)
    assert (english[0].location, spanish[0].location) == ("Nomad Coffee", "Nomad")


def test_same_text_same_uid_and_ordinary_mail_is_nothing():
    subject = "Invitation: Lunch @ Tue Dec 22, 2026 1pm - 2pm (CET)"
    assert _read(subject)[0].uid == _read(subject)[0].uid
    assert _read("Lunch next week?", "Are you free on Tuesday?") == []
