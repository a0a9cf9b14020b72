"""A user's history in aggregate: meetings per local day, the week's meetings, people met.

The weekly digest and ``mailer stats`` read years of history every week, so everything here is
a fixed number of statements whatever the size of the log, and the counting happens in SQL:
done meetings are grouped by *local* day in the database (PostgreSQL converts with ``AT TIME
ZONE``; SQLite, which has no zones, adds the zone's UTC offset chosen by a ``CASE`` over the
zone's transitions in the period), so at most one row per day comes back, never one per meeting.
Weeks, streaks and months are then a few thousand additions in Python.
Statements run on the session's connection (Core rows, not the ORM's per-row loading): the
week's meetings of a busy user are a thousand rows or more.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, Interval, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from mailer.models import Attendee, Contact, Meeting, UTCDateTime

EPOCH_DAY = date(1970, 1, 1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DAY_SECONDS = 86_400
DONE = "done"
NO_SHOW = frozenset({"no-show", "no_show", "noshow", "missed"})
"""Statuses that mean the other person did not come (none is set by the log itself yet)."""


# --- SQL for time: local days and epoch seconds on SQLite and PostgreSQL -----------------------


def _offset(zone: ZoneInfo, timestamp: int) -> int:
    moment = datetime.fromtimestamp(timestamp, UTC).astimezone(zone)
    return int(moment.utcoffset().total_seconds())  # type: ignore[union-attr]


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
        return func.unixepoch(column)  # type: ignore[no-any-return]
    return cast(func.strftime("%s", column), Integer)


def local_day(
    session: Session, column: Any, zone: ZoneInfo, since: datetime, until: datetime
) -> ColumnElement[Any]:
    """The local date of a UTC datetime column, as a number of days since 1970-01-01.

    The column plus the zone's UTC offset at that moment, chosen by a ``CASE`` over the zone's
    transitions between ``since`` and ``until`` (about two a year; newest first, as recent rows
    are the most numerous). SQLite has no zones; PostgreSQL has, but its ``AT TIME ZONE`` looks
    the zone up for every row and costs three times as much as this arithmetic.
    """
    periods = offset_periods(
        zone, int(since.timestamp()) // DAY_SECONDS, int(until.timestamp()) // DAY_SECONDS
    )
    if session.get_bind().dialect.name == "postgresql":
        shift = _by_period(column, periods, lambda s: literal(timedelta(seconds=s), Interval()))
        return func.extract("day", column + shift - literal(EPOCH, UTCDateTime()))
    offset = _by_period(column, periods, literal)
    return (epoch_seconds(session, column) + offset) // DAY_SECONDS


def _by_period(column: Any, periods: tuple[tuple[int, int], ...], value: Any) -> Any:
    """``value(offset)`` of the period the column's moment falls in (a CASE, newest first)."""
    newest_first = [
        (column >= datetime.fromtimestamp(at, UTC), value(offset))
        for at, offset in reversed(periods[1:])
    ]
    oldest = value(periods[0][1])
    return case(*newest_first, else_=oldest) if newest_first else oldest


def _as_date(value: Any) -> date:
    """A day number from :func:`local_day` (an integer, or a decimal on PostgreSQL) as a date."""
    return EPOCH_DAY + timedelta(days=int(value))


# --- Meetings per day ----------------------------------------------------------------------


def done_per_day(session: Session, user_id: int, zone: ZoneInfo, now: datetime) -> dict[date, int]:
    """Done meetings per local day over the user's whole history, in two statements.

    The first reads the oldest and newest start from the (user, start) index; the second groups
    the done meetings by local day in SQL, so a ten-year log returns some 3,650 rows.
    """
    bounds = [
        select(function(Meeting.start)).where(Meeting.user_id == user_id).scalar_subquery()
        for function in (func.min, func.max)
    ]
    first, last = session.connection().execute(select(*bounds)).one()
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
    people: list[Person] = field(default_factory=list)

    @property
    def first_meeting_with(self) -> list[Person]:
        """People met for the first time at this meeting."""
        return [p for p in self.people if self.status == DONE and not p.met_before]


def _done_with_before(contact_id: Any, before: Any) -> ColumnElement[bool]:
    """Whether the user had a done meeting with ``contact_id`` starting before ``before``.

    Probed per person of a bounded period (never per contact of the whole log) through the
    person's attendances, stopping at the first earlier meeting. It is a ``LIMIT 1`` scalar
    subquery rather than EXISTS on purpose: PostgreSQL turns such an EXISTS into one hash of
    every older attendance of the user, which costs years of history. No user filter either:
    a contact is one user's, and a filter on meetings could lead SQLite's planner to all the
    user's meetings instead of the person's few attendances.
    """
    meeting, attendee = aliased(Meeting), aliased(Attendee)
    first = (
        select(attendee.id)
        .join(meeting, meeting.id == attendee.meeting_id)
        .where(
            attendee.contact_id == contact_id,
            meeting.status == DONE,
            meeting.start < before,
        )
        .limit(1)
        .scalar_subquery()
    )
    return first.is_not(None)


def meetings_between(
    session: Session, user_id: int, start: datetime, end: datetime
) -> list[MeetingLine]:
    """Every meeting starting in [start, end), oldest first, without people (one statement)."""
    rows = session.connection().execute(
        select(
            Meeting.id, Meeting.title, Meeting.start, Meeting.end, Meeting.status, Meeting.location
        )
        .where(Meeting.user_id == user_id, Meeting.start >= start, Meeting.start < end)
        .order_by(Meeting.start, Meeting.id)
    )
    return [
        MeetingLine(row.id, row.title, row.start, row.end, row.status, row.location or "")
        for row in rows
    ]


def add_people(session: Session, user_id: int, meetings: list[MeetingLine]) -> None:
    """Fill in the people of these meetings (the ones shown: a busy week lists its first few),
    with whether each was met before (one statement, however many)."""
    by_id = {meeting.id: meeting for meeting in meetings}
    people = session.connection().execute(
        select(
            Attendee.meeting_id,
            Contact.id,
            Contact.name,
            Contact.email,
            Attendee.rsvp,
            _done_with_before(Attendee.contact_id, Meeting.start),
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

    Only the meetings of the widest period are grouped (by person), with each person's first
    meeting in it; one EXISTS probe per person says whether they were met before it at all.
    Met before a narrower period is then "met before the widest, or first met in it earlier",
    so years of older history are never scanned.
    """
    if not periods:
        return {}
    widest = (min(s for s, _ in periods.values()), max(e for _, e in periods.values()))
    columns: list[Any] = [
        func.min(Meeting.start).label("first"),
        _done_with_before(Attendee.contact_id, widest[0]).label("earlier"),
    ]
    for name, (start, end) in periods.items():
        inside = and_(Meeting.start >= start, Meeting.start < end)
        columns.append(func.sum(case((inside, 1), else_=0)).label(name))
    met = (
        select(*columns)
        .select_from(Attendee)
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
        before = or_(met.c.earlier, met.c.first < start)
        totals.append(func.sum(case((met_in, 1), else_=0)))
        totals.append(func.sum(case((and_(met_in, before), 1), else_=0)))
    row = session.connection().execute(select(*totals).select_from(met)).one()
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
    """What was given and received at the done meetings of a period (from recaps)."""
    rows = session.connection().execute(
        select(Meeting.title, Meeting.start, Meeting.gave, Meeting.got)
        .where(
            Meeting.user_id == user_id,
            Meeting.status == DONE,
            Meeting.start >= start,
            Meeting.start < end,
        )
        .order_by(Meeting.start, Meeting.id)
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
