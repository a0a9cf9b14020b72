"""A user's history in aggregate: meetings per local day, the week's meetings, people met.

The weekly digest and ``mailer stats`` read years of history every week, so everything here is
a fixed number of statements whatever the size of the log, and the counting happens in SQL:
done meetings are grouped by *local* day in the database (each moment plus the zone's UTC
offset at that moment, chosen by a ``CASE`` over the zone's transitions in the period), so at
most one row per day comes back, never one per meeting. Weeks, streaks and months are then a
few thousand additions in Python. Whether a person was met before reads their first done
meeting from the contact (:mod:`mailer.log.first_met`), never their history.
Statements run on the session's connection (Core rows, not the ORM's per-row loading): the
week's meetings of a busy user are a thousand rows or more.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Float, Integer, Text, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from mailer.models import Attendee, Contact, Meeting

EPOCH_DAY = date(1970, 1, 1)
DAY_SECONDS = 86_400
DONE = "done"
NO_SHOW = frozenset({"no-show", "no_show", "noshow", "missed"})
"""Statuses that mean the other person did not come (none is set by the log itself yet)."""


# --- SQL for time: local days and epoch seconds on SQLite and PostgreSQL -----------------------


def _offset(zone: ZoneInfo, timestamp: int) -> int:
    offset = datetime.fromtimestamp(timestamp, UTC).astimezone(zone).utcoffset()
    if offset is None:  # astimezone(zone) makes an aware time: a zone that gives none is broken
        raise ValueError(f"the time zone {zone} gives no UTC offset at {timestamp}")
    return int(offset.total_seconds())


@lru_cache(maxsize=64)
def offset_periods(zone: ZoneInfo, first_day: int, last_day: int) -> tuple[tuple[int, int], ...]:
    """``(from epoch second, UTC offset)`` for each stretch of one offset between two UTC days.

    Found by probing once a day and bisecting each change to the second: a zone with two
    transitions within one day does not exist in the tz database's recent history.
    """
    start, end = first_day * DAY_SECONDS, (last_day + 1) * DAY_SECONDS
    periods = [(start, _offset(zone, start))]
    moment = start
    while moment < end:
        following = min(moment + DAY_SECONDS, end)
        if _offset(zone, following) != periods[-1][1]:
            low, high = moment, following  # offset(low) is the old one, offset(high) the new
            while high - low > 1:
                middle = (low + high) // 2
                if _offset(zone, middle) == periods[-1][1]:
                    low = middle
                else:
                    high = middle
            periods.append((high, _offset(zone, high)))
        moment = following
    return tuple(periods)


def epoch_seconds(session: Session, column: Any) -> ColumnElement[int]:
    """Seconds since 1970 of a UTC datetime column, in SQL (``unixepoch`` is SQLite 3.38+)."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.extract("epoch", column), Integer)
    if sqlite3.sqlite_version_info >= (3, 38):
        return func.unixepoch(column)
    return cast(func.strftime("%s", column), Integer)


def local_day(
    session: Session, column: Any, zone: ZoneInfo, since: datetime, until: datetime
) -> ColumnElement[Any]:
    """The local date of a UTC datetime column, as a number of days since 1970-01-01.

    The column's seconds plus the zone's UTC offset at that moment, chosen by a ``CASE`` over
    the zone's transitions between ``since`` and ``until`` (about two a year), floored to days.
    SQLite has no zones; PostgreSQL has, but its ``AT TIME ZONE`` looks the zone up for every
    row and costs more than this arithmetic. On PostgreSQL the seconds are a double from
    ``date_part``: ``EXTRACT`` returns a numeric, and numeric or interval arithmetic on every
    done meeting cost more than the grouping itself (a third of the statement at 100,000).
    """
    periods = offset_periods(
        zone, int(since.timestamp()) // DAY_SECONDS, int(until.timestamp()) // DAY_SECONDS
    )
    offset = _offset_at(column, periods)
    if session.get_bind().dialect.name == "postgresql":
        seconds = func.date_part("epoch", column, type_=Float)  # a double: no numeric, no rounding
        return func.floor((seconds + offset) / float(DAY_SECONDS))
    return (epoch_seconds(session, column) + offset) // DAY_SECONDS


def _offset_at(column: Any, periods: tuple[tuple[int, int], ...]) -> Any:
    """The UTC offset of the period the column's moment falls in, as a CASE that halves the
    periods at each step: five comparisons a row over ten years of DST, not one per change."""
    if len(periods) == 1:
        return literal(periods[0][1])
    middle = len(periods) // 2
    later = column >= datetime.fromtimestamp(periods[middle][0], UTC)
    return case(
        (later, _offset_at(column, periods[middle:])), else_=_offset_at(column, periods[:middle])
    )


def _as_date(value: Any) -> date:
    """A day number from :func:`local_day` (an integer, or a whole double on PostgreSQL)."""
    return date.fromordinal(EPOCH_DAY.toordinal() + int(value))


# --- Meetings per day ----------------------------------------------------------------------


def done_per_day(session: Session, user_id: int, zone: ZoneInfo, now: datetime) -> dict[date, int]:
    """Done meetings per local day over the user's whole history, in two statements.

    The first reads the oldest and newest start from the (user, start) index; the second groups
    the done meetings by local day in SQL, so a ten-year log returns some 3,650 rows.
    """
    oldest, newest = (
        select(function(Meeting.start)).where(Meeting.user_id == user_id).scalar_subquery()
        for function in (func.min, func.max)
    )
    first, last = session.connection().execute(select(oldest, newest)).one()
    if first is None:
        return {}
    day = local_day(session, Meeting.start, zone, first, max(last, now)).label("day")
    days = select(day).where(Meeting.user_id == user_id, Meeting.status == DONE).subquery()
    rows = session.connection().execute(select(days.c.day, func.count()).group_by(days.c.day)).all()
    return {_as_date(value): count for value, count in rows}


# --- The meetings of a period, with their people ------------------------------------------


@dataclass
class Person:
    contact_id: int
    name: str
    email: str
    rsvp: str
    met_before: bool
    """Whether the user had a done meeting with them before this one."""

    @property
    def label(self) -> str:
        return self.name or self.email


@dataclass
class MeetingLine:
    id: int
    title: str
    start: datetime
    end: datetime
    status: str
    location: str
    kind: str | None = None
    """What it was (``meetings.kind``): the digest names a meeting by it, not by its title."""
    people: list[Person] = field(default_factory=list)

    @property
    def first_meeting_with(self) -> list[Person]:
        """People met for the first time at this meeting."""
        return [p for p in self.people if self.status == DONE and not p.met_before]


def meetings_between(
    session: Session, user_id: int, start: datetime, end: datetime
) -> list[MeetingLine]:
    """Every meeting starting in [start, end), oldest first, without people (one statement).

    Fetched at once and unpacked as tuples: a busy fortnight is a thousand rows or more, and
    reading them one by one and by column name took half of this function's time.
    """
    rows = (
        session.connection()
        .execute(
            select(
                Meeting.id,
                Meeting.title,
                Meeting.start,
                Meeting.end,
                Meeting.status,
                Meeting.location,
                Meeting.kind,
            )
            .where(Meeting.user_id == user_id, Meeting.start >= start, Meeting.start < end)
            .order_by(Meeting.start, Meeting.id)
        )
        .all()
    )
    return [
        MeetingLine(meeting_id, title, starts, ends, status, location or "", kind)
        for meeting_id, title, starts, ends, status, location, kind in rows
    ]


def add_people(session: Session, user_id: int, meetings: list[MeetingLine]) -> None:
    """Fill in the people of these meetings (the ones shown: a busy week lists its first few),
    with whether each was met before: their first done meeting is older (one statement)."""
    by_id = {meeting.id: meeting for meeting in meetings}
    people = session.connection().execute(
        select(
            Attendee.meeting_id,
            Contact.id,
            Contact.name,
            Contact.email,
            Attendee.rsvp,
            Contact.first_met < Meeting.start,
        )
        .join(Contact, Contact.id == Attendee.contact_id)
        .join(Meeting, Meeting.id == Attendee.meeting_id)
        .where(Meeting.user_id == user_id, Attendee.meeting_id.in_(list(by_id)))
        .order_by(Attendee.id)
    )
    for meeting_id, contact_id, name, email, rsvp, before in people:
        person = Person(contact_id, name, email or "", rsvp, bool(before))
        by_id[meeting_id].people.append(person)


# --- People: new versus met again ----------------------------------------------------------


@dataclass(frozen=True)
class PeopleCount:
    """People met in a period: for the first time ever (new) or again (depth)."""

    new: int = 0
    again: int = 0

    @property
    def total(self) -> int:
        return self.new + self.again


def people_counts(
    session: Session, user_id: int, periods: dict[str, tuple[datetime, datetime]]
) -> dict[str, PeopleCount]:
    """New and met-again people in each named period [start, end), in one statement.

    Only the done meetings of the widest period are read, grouped by person with how many fall
    in each period; someone met in a period was met again if their first done meeting ever
    (``contacts.first_met``) is older than the period, so years of history are never read.
    """
    if not periods:
        return {}
    widest = (min(s for s, _ in periods.values()), max(e for _, e in periods.values()))
    columns: list[Any] = [Attendee.contact_id]
    for name, (start, end) in periods.items():
        inside = and_(Meeting.start >= start, Meeting.start < end)
        columns.append(func.sum(case((inside, 1), else_=0)).label(name))
    met = (
        select(*columns)
        .join(Meeting, Meeting.id == Attendee.meeting_id)
        .where(
            Meeting.user_id == user_id,
            Meeting.status == DONE,
            Meeting.start >= widest[0],
            Meeting.start < widest[1],
        )
        .group_by(Attendee.contact_id)
        .subquery()
    )
    totals: list[Any] = []
    for name, (start, _) in periods.items():
        met_in = met.c[name] > 0
        totals.append(func.sum(case((met_in, 1), else_=0)))
        totals.append(func.sum(case((and_(met_in, Contact.first_met < start), 1), else_=0)))
    people = met.join(Contact, Contact.id == met.c.contact_id)
    row = session.connection().execute(select(*totals).select_from(people)).one()
    counts = {}
    for index, name in enumerate(periods):
        total, again = int(row[2 * index] or 0), int(row[2 * index + 1] or 0)
        counts[name] = PeopleCount(new=total - again, again=again)
    return counts


# --- Given and received ----------------------------------------------------------------------


@dataclass(frozen=True)
class Exchange:
    meeting_title: str
    start: datetime
    gave: list[str]
    got: list[str]


def exchanges_between(
    session: Session, user_id: int, start: datetime, end: datetime
) -> list[Exchange]:
    """What was given and received at the done meetings of a period (from recaps).

    Most meetings have no recap: the ones whose lists are both stored as ``[]`` stay in the
    database rather than each being decoded from JSON here (the check below still decides).
    """
    written = or_(*(cast(column, Text) != "[]" for column in (Meeting.gave, Meeting.got)))
    rows = (
        session.connection()
        .execute(
            select(Meeting.title, Meeting.start, Meeting.gave, Meeting.got)
            .where(
                Meeting.user_id == user_id,
                Meeting.status == DONE,
                Meeting.start >= start,
                Meeting.start < end,
                written,
            )
            .order_by(Meeting.start, Meeting.id)
        )
        .all()
    )
    return [
        Exchange(title, when, list(gave or []), list(got or []))
        for title, when, gave, got in rows
        if gave or got
    ]


def people_met_ever(session: Session, user_id: int) -> int:
    """How many different people the user has had a done meeting with (for ``mailer stats``)."""
    return int(
        session.scalar(
            select(func.count(func.distinct(Attendee.contact_id)))
            .join(Meeting, Meeting.id == Attendee.meeting_id)
            .where(Meeting.user_id == user_id, Meeting.status == DONE)
        )
        or 0
    )
