"""Who is due, in a fixed number of statements: follow-ups, cadences, promises, invitations,
and the people who could be invited next.

Every list is ranked and cut in SQL (``ORDER BY ... LIMIT``, with ``count(*) OVER ()`` for the
full count), so a user with 10,000 contacts costs the same statements, returning the same few
rows, as one with ten. Whether a contact has a meeting planned or was invited lately is an
uncorrelated ``IN (subquery)``, evaluated once per statement, not once per contact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    Float,
    Select,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from mailer.log.history import DAY_SECONDS, DONE, epoch_seconds
from mailer.models import (
    ActionItem,
    Attendee,
    Contact,
    Introduction,
    Meeting,
    OutboxMessage,
    UTCDateTime,
)

T = TypeVar("T")
INVITATION = "challenge_invitation"
PROMISES = ("intro", "task")


@dataclass(frozen=True)
class Listing(Generic[T]):
    """The first rows of a list and how many there are in all."""

    items: list[T]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass(frozen=True)
class FollowUp:
    item_id: int
    text: str
    reason: str
    due: date
    contact_name: str
    contact_email: str


@dataclass(frozen=True)
class Cadence:
    """A contact with a keep-in-touch rhythm whose ideal interval has run out (or soon will)."""

    contact_id: int
    name: str
    email: str
    ideal_days: int
    last_contact: datetime
    invited: bool


@dataclass(frozen=True)
class Promise:
    item_id: int
    kind: str
    text: str
    due: date | None
    contact_name: str
    other_name: str


@dataclass(frozen=True)
class Invitation:
    outbox_id: int
    contact_id: int | None
    name: str
    email: str
    sent_at: datetime


@dataclass(frozen=True)
class Candidate:
    """Someone who could be invited: in touch longest ago, or never."""

    contact_id: int
    name: str
    email: str
    company: str
    last_contact: datetime | None
    known_since: datetime
    cadence_days: int | None


@dataclass(frozen=True)
class MetTogether:
    last: datetime
    times: int


def _listing(rows: Sequence[Any], build: Callable[[Any], T]) -> Listing[T]:
    return Listing([build(row) for row in rows], int(rows[0].total) if rows else 0)


def _upcoming(user_id: int, now: datetime) -> Select[Any]:
    """Contacts with a meeting planned from now on: they need no nudge."""
    return (
        select(Attendee.contact_id)
        .join(Meeting, Meeting.id == Attendee.meeting_id)
        .where(Meeting.user_id == user_id, Meeting.status == "planned", Meeting.start >= now)
    )


def _invited_since(user_id: int, since: datetime) -> Select[Any]:
    return select(OutboxMessage.contact_id).where(
        OutboxMessage.user_id == user_id,
        OutboxMessage.template == INVITATION,
        OutboxMessage.created_at >= since,
        OutboxMessage.contact_id.is_not(None),
    )


def due_followups(session: Session, user_id: int, *, until: date, limit: int) -> Listing[FollowUp]:
    """Open follow-ups due on or before ``until``, most overdue first."""
    rows = (
        session.connection()
        .execute(
            select(
                ActionItem.id,
                ActionItem.text,
                ActionItem.reason,
                ActionItem.due,
                Contact.name,
                Contact.email,
                func.count().over().label("total"),
            )
            .outerjoin(Contact, Contact.id == ActionItem.contact_id)
            .where(
                ActionItem.user_id == user_id,
                ActionItem.kind == "followup",
                ActionItem.status == "open",
                ActionItem.due <= until,
                or_(Contact.id.is_(None), Contact.opted_out.is_(False)),
            )
            .order_by(ActionItem.due, ActionItem.id)
            .limit(limit)
        )
        .all()
    )
    return _listing(rows, lambda r: FollowUp(r[0], r[1], r[2], r[3], r[4] or "", r[5] or ""))


def open_promises(session: Session, user_id: int, *, limit: int) -> Listing[Promise]:
    """Introductions offered and things to send, soonest due first, undated last; an
    introduction followed step by step (:mod:`mailer.intros`) is listed with those instead."""
    other = aliased(Contact)
    rows = (
        session.connection()
        .execute(
            select(
                ActionItem.id,
                ActionItem.kind,
                ActionItem.text,
                ActionItem.due,
                func.coalesce(Contact.name, Contact.email, ""),
                func.coalesce(other.name, other.email, ""),
                func.count().over().label("total"),
            )
            .outerjoin(Contact, Contact.id == ActionItem.contact_id)
            .outerjoin(other, other.id == ActionItem.other_contact_id)
            .where(
                ActionItem.user_id == user_id,
                ActionItem.kind.in_(PROMISES),
                ActionItem.status == "open",
                ~exists().where(Introduction.action_item_id == ActionItem.id),
            )
            .order_by(ActionItem.due.is_(None), ActionItem.due, ActionItem.id)
            .limit(limit)
        )
        .all()
    )
    return _listing(rows, lambda r: Promise(r[0], r[1], r[2], r[3], r[4], r[5]))


def unanswered_invitations(
    session: Session, user_id: int, *, since: datetime, limit: int
) -> Listing[Invitation]:
    """Challenge invitations sent since ``since`` with no answer and no contact since.

    Bounded by time (a few a week), so the JSON "answered" flag is read in Python.
    """
    rows = (
        session.connection()
        .execute(
            select(
                OutboxMessage.id,
                OutboxMessage.contact_id,
                OutboxMessage.recipient,
                OutboxMessage.context,
                OutboxMessage.sent_at,
                Contact.name,
                Contact.last_interaction_at,
            )
            .outerjoin(Contact, Contact.id == OutboxMessage.contact_id)
            .where(
                OutboxMessage.user_id == user_id,
                OutboxMessage.template == INVITATION,
                OutboxMessage.status == "sent",
                OutboxMessage.sent_at >= since,
            )
            .order_by(OutboxMessage.sent_at, OutboxMessage.id)
        )
        .all()
    )
    waiting = [
        Invitation(row_id, contact_id, name or (context or {}).get("contact_name") or "", to, sent)
        for row_id, contact_id, to, context, sent, name, last in rows
        if not (context or {}).get("answered") and not (last and last > sent)
    ]
    return Listing(waiting[:limit], len(waiting))


@dataclass(frozen=True)
class Nudges:
    """Whom the digest may nudge the user about: rhythms run out, and people to invite."""

    cadences: Listing[Cadence]
    longest: list[Candidate]
    """In touch longest ago (the timer every meeting, recap and reply restarts)."""
    never: list[Candidate]
    """Never met nor heard from, known longest first."""


CADENCES, LONGEST, NEVER = 1, 2, 3
"""The lists of :func:`whom_to_nudge`, in the order it returns them."""
UNRANKED: dict[str, Any] = {
    "urgency": cast(null(), Float),
    "since": cast(null(), UTCDateTime()),
    "invited": false(),
    "total": literal(0),
}
"""The ranking columns every list has, typed NULLs where a list does not use them."""


def whom_to_nudge(
    session: Session,
    user_id: int,
    *,
    now: datetime,
    default_days: int,
    soon_days: int,
    invited_since: datetime,
    limit: int,
    candidates: int,
) -> Nudges:
    """Three lists in one statement, each ranked and cut in SQL, together as a UNION ALL.

    Cadences are the contacts whose ideal interval ran out (or runs out within ``soon_days``),
    ranked by how far past it they are relative to it (60 days past a 30-day rhythm before 40
    past a year); ``candidates`` people to invite are the longest out of touch, and as many
    never met (a logged meeting, a recap or an answer always sets the last interaction, so none
    of theirs is in the log). Nobody with a meeting planned is in any list, and nobody invited
    lately is a candidate: those two sets are read once, as CTEs, rather than once per list
    (a busy user has hundreds of meetings planned; three statements spent half their time there).
    """
    busy = select(_upcoming(user_id, now).cte("busy").c.contact_id)
    invited = select(_invited_since(user_id, invited_since).cte("invited").c.contact_id)
    ideal = func.coalesce(Contact.cadence_days, default_days)
    elapsed = int(now.timestamp()) - epoch_seconds(session, Contact.last_interaction_at)
    reachable = and_(
        Contact.user_id == user_id,
        Contact.opted_out.is_(False),
        Contact.email.is_not(None),
        Contact.id.not_in(busy),
    )
    eligible = and_(reachable, Contact.id.not_in(invited))
    met = Contact.last_interaction_at.is_not(None)
    due = and_(met, ideal > 0, elapsed + soon_days * DAY_SECONDS >= ideal * DAY_SECONDS)
    lists = [
        _ranked(
            CADENCES,
            and_(reachable, due),
            limit,
            ideal=ideal,
            urgency=type_coerce(elapsed * literal(1.0) / ideal, Float),
            invited=Contact.id.in_(invited),
            total=func.count().over(),
        ),
        _ranked(
            LONGEST, and_(eligible, met), candidates, ideal=ideal, since=Contact.last_interaction_at
        ),
        _ranked(NEVER, and_(eligible, ~met), candidates, ideal=ideal, since=Contact.created_at),
    ]
    ranked = union_all(*lists).subquery()
    order = (ranked.c.list, ranked.c.urgency.desc(), ranked.c.since, ranked.c.id)
    rows = session.connection().execute(select(ranked).order_by(*order)).all()
    cadences = [r for r in rows if r.list == CADENCES]
    return Nudges(
        cadences=_listing(
            cadences,
            lambda r: Cadence(
                r.id, r.name, r.email, int(r.ideal), r.last_interaction_at, bool(r.invited)
            ),
        ),
        longest=[_candidate(row) for row in rows if row.list == LONGEST],
        never=[_candidate(row) for row in rows if row.list == NEVER],
    )


def _ranked(number: int, where: Any, limit: int, *, ideal: Any, **ranking: Any) -> Select[Any]:
    """The first ``limit`` contacts of one list of :func:`whom_to_nudge`: most ``urgency``
    first, else longest ago (``since``), then by id; with the list's number, and its length."""
    columns = {"ideal": ideal, **UNRANKED, **ranking}  # the same columns, in the same order
    ranked = (
        select(
            literal(number).label("list"),
            Contact.id,
            Contact.name,
            Contact.email,
            Contact.company,
            Contact.last_interaction_at,
            Contact.created_at,
            Contact.cadence_days,
            *(value.label(name) for name, value in columns.items()),
        )
        .where(where)
        .order_by(columns["urgency"].desc(), columns["since"], Contact.id)
        .limit(limit)
    )
    return select(ranked.subquery())


def _candidate(row: Any) -> Candidate:
    return Candidate(
        row.id,
        row.name,
        row.email,
        row.company,
        row.last_interaction_at,
        row.created_at,
        row.cadence_days,
    )


def met_together(
    session: Session, user_id: int, contact_ids: list[int], *, before: datetime
) -> dict[int, MetTogether]:
    """Last done meeting and how many, for a few contacts (the suggested and the due ones)."""
    rows = session.connection().execute(
        select(Attendee.contact_id, func.max(Meeting.start), func.count())
        .join(Meeting, Meeting.id == Attendee.meeting_id)
        .where(  # the user is checked on their contacts, not on meetings: a filter there could
            Attendee.contact_id.in_(  # lead SQLite's planner to all the user's meetings
                select(Contact.id).where(Contact.user_id == user_id, Contact.id.in_(contact_ids))
            ),
            Meeting.status == DONE,
            Meeting.start < before,
        )
        .group_by(Attendee.contact_id)
    )
    return {contact_id: MetTogether(last, times) for contact_id, last, times in rows}


def followup_tally(session: Session, user_id: int, *, today: date) -> dict[str, int]:
    """Follow-ups and promises kept: done, open (of which overdue) and cancelled."""
    overdue = and_(ActionItem.status == "open", ActionItem.due < today)
    rows = session.connection().execute(
        select(ActionItem.status, func.count(), func.sum(case((overdue, 1), else_=0)))
        .where(ActionItem.user_id == user_id)
        .group_by(ActionItem.status)
    )
    tally = {"done": 0, "open": 0, "overdue": 0, "cancelled": 0}
    for status, count, late in rows:
        tally[status] = tally.get(status, 0) + count
        tally["overdue"] += int(late or 0)
    return tally
