"""Read introductions: for ``mailer intros list``, the API, and the weekly digest.

Every function takes the user it reads for; nothing here can see another user's rows. Times
are ISO 8601 in the user's zone, as everywhere in ``--json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from mailer.intros.stages import OPEN, IntroductionError
from mailer.log.queries import iso
from mailer.models import Contact, Introduction, OutboxMessage


def _person(contact: Contact | None, written: str) -> dict[str, Any]:
    if contact is None:
        return {"name": written, "email": None}
    return {"name": contact.name or written, "email": contact.email}


def _stages(intro: Introduction) -> list[dict[str, Any]]:
    """The stages an introduction went through, each with when."""
    answered = "declined" if intro.stage == "declined" else "accepted"
    reached = [
        ("owed" if intro.direction == "owed" else "drafted", intro.created_at),
        ("asked", intro.asked_at),
        (answered, intro.answered_at),
        ("sent", intro.sent_at),
        ("met", intro.met_at),
        ("dropped", intro.dropped_at),
    ]
    return [{"stage": stage, "at": at} for stage, at in reached if at is not None]


def list_introductions(
    session: Session, user_id: int, zone: ZoneInfo, *, contact: str | None = None
) -> list[dict[str, Any]]:
    """Every introduction of the user (or of one contact's), oldest first, with its stages
    and the messages it sent."""
    query = select(Introduction).where(Introduction.user_id == user_id)
    if contact:
        ids = select(Contact.id).where(
            Contact.user_id == user_id, Contact.email == contact.strip().lower()
        )
        query = query.where(
            or_(Introduction.contact_id.in_(ids), Introduction.to_contact_id.in_(ids))
        )
    intros = list(session.scalars(query.order_by(Introduction.id)))
    people_ids = {i for intro in intros for i in (intro.contact_id, intro.to_contact_id) if i}
    people = {
        c.id: c
        for c in session.scalars(
            select(Contact).where(Contact.user_id == user_id, Contact.id.in_(people_ids))
        )
    }
    messages: dict[int, list[dict[str, Any]]] = {}
    rows = session.execute(
        select(
            OutboxMessage.idempotency_key,
            OutboxMessage.template,
            OutboxMessage.recipient,
            OutboxMessage.status,
            OutboxMessage.sent_at,
        )
        .where(OutboxMessage.user_id == user_id, OutboxMessage.idempotency_key.like("intro:%"))
        .order_by(OutboxMessage.id)
    )
    for key, template, recipient, status, sent_at in rows:
        intro_id = int(key.split(":")[1])
        messages.setdefault(intro_id, []).append(
            {"template": template, "to": recipient, "status": status, "sent": iso(sent_at, zone)}
        )
    return [
        {
            "id": intro.id,
            "direction": intro.direction,
            "stage": intro.stage,
            "introduced": _person(people.get(intro.contact_id or 0), intro.contact_name),
            "introduced_to": _person(people.get(intro.to_contact_id or 0), intro.to_name),
            "ask": intro.ask,
            "answers": {"introduced": intro.contact_answer, "introduced_to": intro.to_answer},
            "why": intro.why,
            "text": intro.text,
            "source": intro.source_key.split(":")[0],
            "stages": [{"stage": s["stage"], "at": iso(s["at"], zone)} for s in _stages(intro)],
            "ended": intro.ended,
            "messages": messages.get(intro.id, []),
        }
        for intro in intros
    ]


def own_introduction(session: Session, user_id: int, intro_id: int) -> Introduction:
    """The user's introduction ``intro_id``; another user's is as absent as a missing one."""
    intro = session.get(Introduction, intro_id)
    if intro is None or intro.user_id != user_id:
        raise IntroductionError(
            f"there is no introduction {intro_id}; see `mailer intros list` for their numbers"
        )
    return intro


@dataclass(frozen=True)
class DigestLine:
    """An introduction as the digest shows it."""

    intro_id: int
    direction: str
    stage: str
    introduced: str
    introduced_to: str
    since: datetime


@dataclass(frozen=True)
class DigestIntroductions:
    open: list[DigestLine]
    open_total: int
    made: list[DigestLine]
    made_total: int


def for_digest(
    session: Session, user_id: int, *, since: datetime, until: datetime, limit: int
) -> DigestIntroductions:
    """Open introductions, and those made between ``since`` and ``until`` (the month), in one
    statement: each list ranked and cut in SQL, with its full count."""
    person, to = aliased(Contact), aliased(Contact)
    opened = Introduction.stage.in_(sorted(OPEN))
    made = and_(
        Introduction.direction == "given",
        Introduction.sent_at >= since,
        Introduction.sent_at < until,
    )
    group = case((opened, 1), else_=2)
    order = (Introduction.created_at, Introduction.id)
    ranked = (
        select(
            Introduction.id,
            Introduction.direction,
            Introduction.stage,
            func.coalesce(person.name, person.email, Introduction.contact_name).label("one"),
            func.coalesce(to.name, to.email, Introduction.to_name).label("two"),
            func.coalesce(  # since when it is at its stage
                Introduction.sent_at,
                Introduction.answered_at,
                Introduction.asked_at,
                Introduction.created_at,
            ).label("since"),
            group.label("grp"),
            func.row_number().over(partition_by=group, order_by=order).label("rank"),
            func.count().over(partition_by=group).label("total"),
        )
        .outerjoin(person, person.id == Introduction.contact_id)
        .outerjoin(to, to.id == Introduction.to_contact_id)
        .where(Introduction.user_id == user_id, or_(opened, made))
        .subquery()
    )
    rows = (
        session.connection()
        .execute(select(ranked).where(ranked.c.rank <= limit).order_by(ranked.c.grp, ranked.c.rank))
        .all()
    )
    lines: dict[int, list[DigestLine]] = {1: [], 2: []}
    totals = {1: 0, 2: 0}
    for row in rows:
        lines[row.grp].append(
            DigestLine(row.id, row.direction, row.stage, row.one or "", row.two or "", row.since)
        )
        totals[row.grp] = int(row.total)
    return DigestIntroductions(lines[1], totals[1], lines[2], totals[2])
