"""What the log knows of some people, read in a fixed number of statements.

A brief or an about@ answer must not cost more for a user with 100,000 meetings than for one
with ten: every function here is one statement (Core rows, no per-row loading of the ORM),
whatever the number of people or meetings, and each filters on the user's id first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mailer.models import ActionItem, Attendee, Contact, Introduction, Meeting

OPEN_INTRO_STAGES = ("drafted", "asked", "accepted", "owed")
"""Introductions still under way; sent ones are followed by the intros planner, not here."""


@dataclass
class People:
    """Everything the log says about some contacts of one user."""

    contacts: dict[int, dict[str, Any]] = field(default_factory=dict)
    meetings: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    """Done meetings before now, newest first, per contact."""
    items: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    """Open promises (task, intro, owed) and follow-ups, per contact."""
    intros: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))


def upcoming(session: Session, user_id: int, after: datetime, until: datetime) -> list[Any]:
    """Live meetings starting in (after, until], with each attendee: one row per attendee."""
    return list(
        session.execute(
            select(
                Meeting.id,
                Meeting.start,
                Meeting.end,
                Meeting.title,
                Meeting.kind,
                Meeting.location,
                Meeting.online_url,
                Meeting.notes,
                Meeting.timezone,
                Attendee.contact_id,
            )
            .join(Attendee, Attendee.meeting_id == Meeting.id)
            .where(
                Meeting.user_id == user_id,
                Meeting.status.not_in(("cancelled", "no-show")),
                Meeting.start > after,
                Meeting.start <= until,
            )
            .order_by(Meeting.start, Meeting.id, Attendee.id)
        )
    )


def people(session: Session, user_id: int, contact_ids: Collection[int], now: datetime) -> People:
    """Contacts, their done meetings, open items and introductions: four statements."""
    found = People()
    if not contact_ids:
        return found
    ids = sorted(set(contact_ids))
    for contact in session.execute(
        select(
            Contact.id, Contact.name, Contact.email, Contact.company, Contact.position,
            Contact.notes, Contact.last_interaction_at, Contact.first_met, Contact.created_at,
        ).where(Contact.user_id == user_id, Contact.id.in_(ids))
    ):  # fmt: skip
        found.contacts[contact.id] = dict(contact._mapping)
    for met in session.execute(
        select(
            Attendee.contact_id, Meeting.id, Meeting.start, Meeting.kind, Meeting.title,
            Meeting.gave, Meeting.got, Meeting.notes, Meeting.source,
        )
        .join(Meeting, Meeting.id == Attendee.meeting_id)
        .where(
            Attendee.user_id == user_id,
            Attendee.contact_id.in_(ids),
            Meeting.status == "done",
            Meeting.start < now,
        )
        .order_by(Meeting.start.desc(), Meeting.id.desc())
    ):  # fmt: skip
        found.meetings[met.contact_id].append(dict(met._mapping))
    for item in session.execute(
        select(
            ActionItem.id, ActionItem.kind, ActionItem.text, ActionItem.due,
            ActionItem.contact_id, ActionItem.other_contact_id, ActionItem.created_at,
        )
        .where(
            ActionItem.user_id == user_id,
            ActionItem.status == "open",
            or_(ActionItem.contact_id.in_(ids), ActionItem.other_contact_id.in_(ids)),
        )
        .order_by(ActionItem.created_at, ActionItem.id)
    ):  # fmt: skip
        for contact_id in {item.contact_id, item.other_contact_id} & set(ids):
            found.items[contact_id].append(dict(item._mapping))
    for intro in session.execute(
        select(
            Introduction.id, Introduction.direction, Introduction.stage,
            Introduction.contact_id, Introduction.to_contact_id,
            Introduction.contact_name, Introduction.to_name, Introduction.why,
        )
        .where(
            Introduction.user_id == user_id,
            Introduction.stage.in_(OPEN_INTRO_STAGES),
            or_(Introduction.contact_id.in_(ids), Introduction.to_contact_id.in_(ids)),
        )
        .order_by(Introduction.id)
    ):  # fmt: skip
        for contact_id in {intro.contact_id, intro.to_contact_id} & set(ids):
            found.intros[contact_id].append(dict(intro._mapping))
    return found


def names_of(session: Session, user_id: int, contact_ids: Collection[int]) -> dict[int, str]:
    """The names of other people an item or introduction mentions: one statement, run even
    for none, so that the count of statements never depends on the log."""
    rows = session.execute(
        select(Contact.id, Contact.name, Contact.email).where(
            Contact.user_id == user_id, Contact.id.in_(sorted(set(contact_ids)))
        )
    )
    return {row.id: row.name or row.email or "" for row in rows}
