"""The plain data that parsers hand to the meeting log.

These types are the contract between ``mailer.parsing`` and ``mailer.log``: the log never looks
at MIME or iCalendar, and parsers never look at the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

RSVP = Literal["needs-action", "accepted", "declined", "tentative", "delegated"]
EventStatus = Literal["planned", "cancelled"]
EventSource = Literal["calendar", "text"]


@dataclass(frozen=True)
class Person:
    """Someone named in a message: a normalised (lower-case, stripped) address and a name."""

    email: str
    name: str | None = None


@dataclass(frozen=True)
class Attendee:
    """A person invited to an event and their answer, as the calendar states it."""

    person: Person
    rsvp: RSVP = "needs-action"


@dataclass(frozen=True)
class CalendarEvent:
    """One meeting, or one occurrence of a recurring series, read from a calendar or its text.

    Times are aware and in UTC. ``recurrence_id`` is set for each occurrence of a series
    (the original start of that occurrence, in UTC) and ``None`` for a single event or for a
    message (CANCEL, REPLY) that addresses a whole series.
    """

    uid: str
    start: datetime
    end: datetime
    title: str = ""
    recurrence_id: datetime | None = None
    sequence: int = 0
    dtstamp: datetime | None = None
    method: str = ""
    status: EventStatus = "planned"
    all_day: bool = False
    timezone: str | None = None
    location: str | None = None
    online_url: str | None = None
    description: str | None = None
    organizer: Person | None = None
    attendees: tuple[Attendee, ...] = ()
    source: EventSource = "calendar"
    notes: tuple[str, ...] = ()
    """What had to be assumed to read the event's calendar (a broken or undefined zone, a
    TZID with a trailing Z), in sentences for the confirmation."""


@dataclass(frozen=True)
class ImagePart:
    """An image attached to a message (or inline in it), as the MIME part carried it: decoding
    it is :mod:`mailer.photos`' work, so a damaged image costs nothing here."""

    filename: str
    """The name the sender's client gave it ("IMG_1234.HEIC"), or "" when it gave none."""
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ParsedMessage:
    """What a message says about itself, decoded as well as its bytes allow.

    ``defects`` collects what was wrong with the message (bad charset, broken boundary) without
    failing: a message is only unparseable when nothing useful can be read from it.
    ``refused`` says why a message beyond a structural limit (too many parts, nested too deep,
    a calendar too large: :mod:`mailer.parsing.limits`) was not read; only its headers are set,
    and the pipeline stores it as failed with this reason.
    """

    message_id: str | None
    subject: str
    sender: Person | None
    to: tuple[Person, ...] = ()
    cc: tuple[Person, ...] = ()
    reply_to: tuple[Person, ...] = ()
    date: datetime | None = None
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    text: str = ""
    html: str = ""
    calendars: tuple[bytes, ...] = ()
    images: tuple[ImagePart, ...] = ()
    """Image parts, in the order the message has them (photos, but also signature logos)."""
    auto_submitted: bool = False
    defects: tuple[str, ...] = ()
    refused: str = ""


@dataclass(frozen=True)
class ActionItem:
    """Something promised in a recap: to send, to do, or to introduce two people."""

    kind: Literal["task", "intro", "owed"]
    """``task`` and ``intro`` are the user's own promises; ``owed`` is what the other person
    promised the user (their slides, an introduction to their manager)."""
    text: str
    people: tuple[Person, ...] = ()
    due: date | None = None


@dataclass(frozen=True)
class Recap:
    """A free-text account of a meeting, as the user wrote it."""

    met_on: datetime | None
    kind: str | None = None
    """coffee, lunch, breakfast, dinner, drinks, call, video (None: not said)."""
    people: tuple[Person, ...] = ()
    names_without_address: tuple[str, ...] = ()
    place: str | None = None
    gave: tuple[str, ...] = ()
    got: tuple[str, ...] = ()
    notes: str = ""
    action_items: tuple[ActionItem, ...] = ()
    follow_up_on: date | None = None
    follow_up_phrase: str = ""
    """The words that gave ``follow_up_on`` ("in two weeks"), for the confirmation to quote."""
    follow_up_vague: bool = False
    """A follow-up was asked for without a date ("after the holidays"): the confirmation asks
    when, and the contact's cadence applies meanwhile. Never guessed into a date."""
    tags: tuple[str, ...] = field(default_factory=tuple)
    language: str | None = None
    """ "en", "es" or "ca": what the recap is written in, so the people met get their
    thank-you note in it (None: not told; the log then guesses, mailer/log/language.py)."""
