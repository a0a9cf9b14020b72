"""Who is who: the people of an introduction matched to the user's contacts, and new
introductions recorded from what the user wrote.

A person written with an address is that contact (created if new). A person written by name is
the one contact with that full name, or the one whose first name it is; two Jordis, or none,
leave the name without a contact, and the planner asks the user for the address. A name is
never turned into a guessed address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from mailer.intros.reading import Named, Request, is_introduction, promised, promised_to_me
from mailer.log.contacts import upsert_contact
from mailer.models import ActionItem, Contact, Introduction, Meeting
from mailer.parsing.types import Person

NEEDS = re.compile(
    r"(?i)\b(?:look(?:s|ing)? for|needs?|wants?|is after|searching|busca|necesita|quiere"
    r"|anda buscando|cerca|necessita|vol|està buscant)\b"
)
"""A sentence of the recap that says what the person met needs: the reason for the intro."""
WHY_LENGTH = 400


@dataclass(frozen=True)
class Side:
    """One person of an introduction: their contact if known, and the name as written."""

    contact: Contact | None
    name: str


def by_name(session: Session, user_id: int, name: str) -> Contact | None:
    """The user's one contact called ``name`` (full name, or a first name nobody else has)."""
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        return None
    first = wanted.split()[0]
    candidates = session.scalars(
        select(Contact).where(
            Contact.user_id == user_id,
            Contact.email.is_not(None),
            Contact.name.ilike(f"{first}%"),
        )
    ).all()
    full = [c for c in candidates if c.name.casefold() == wanted]
    if full:
        return full[0] if len(full) == 1 else None
    firsts = [c for c in candidates if c.name.casefold().split()[:1] == [wanted]]
    return firsts[0] if len(firsts) == 1 else None


def side(session: Session, user_id: int, named: Named | None, default: Contact | None) -> Side:
    """The contact ``named`` is, or ``default`` (the person met) when no one is named."""
    if named is None:
        return Side(default, default.name if default else "")
    if named.email:
        person = Person(email=named.email, name=named.name or None)
        return Side(upsert_contact(session, user_id, person), named.name)
    if default is not None and _is(default, named.name):
        return Side(default, named.name)
    return Side(by_name(session, user_id, named.name), named.name)


def _is(contact: Contact, name: str) -> bool:
    wanted = " ".join(name.split()).casefold()
    own = contact.name.casefold()
    return bool(wanted) and (own == wanted or own.split()[:1] == [wanted])


def record(
    session: Session,
    user_id: int,
    source_key: str,
    introduced: Side,
    to: Side,
    *,
    why: str = "",
    text: str = "",
    direction: str = "given",
    action_item_id: int | None = None,
) -> Introduction:
    """The introduction from ``source_key``, recorded now unless it already was."""
    existing = session.scalars(
        select(Introduction).where(
            Introduction.user_id == user_id, Introduction.source_key == source_key
        )
    ).first()
    if existing is not None:
        return existing
    intro = Introduction(
        user_id=user_id,
        source_key=source_key,
        direction=direction,
        stage="drafted" if direction == "given" else "owed",
        contact_id=introduced.contact.id if introduced.contact else None,
        to_contact_id=to.contact.id if to.contact else None,
        contact_name=introduced.name[:200],
        to_name=to.name[:200],
        ask="to",
        why=why[:WHY_LENGTH],
        text=text,
        action_item_id=action_item_id,
        ended="",
    )
    session.add(intro)
    session.flush()
    return intro


def from_request(session: Session, user_id: int, source_key: str, request: Request) -> Introduction:
    """An introduction the user asked for by reply line or by email to intro@."""
    introduced = side(session, user_id, request.introduced, None)
    to = side(session, user_id, request.to, None)
    return record(session, user_id, source_key, introduced, to, why=request.why, text=request.line)


def unread_promises(session: Session, user_id: int, *, since: datetime) -> list[ActionItem]:
    """Open introductions promised in recaps since ``since`` that have no introduction yet."""
    return list(
        session.scalars(
            select(ActionItem)
            .where(
                ActionItem.user_id == user_id,
                ActionItem.status == "open",
                ActionItem.created_at >= since,
                ActionItem.kind.in_(("intro", "owed")),
                ~exists().where(Introduction.action_item_id == ActionItem.id),
            )
            .order_by(ActionItem.id)
        )
    )


def from_promise(session: Session, item: ActionItem) -> Introduction | None:
    """The introduction a recap's promise stands for: one the user offered ("I'll introduce
    Marta to Jordi"), or one owed to the user ("she'll introduce me to her manager"); None
    for a promise that is no introduction (the slides of a talk)."""
    key, met = f"item:{item.id}", item.contact
    owed_to = promised_to_me(item.text)
    if item.kind == "owed" or owed_to is not None:
        if not is_introduction(item.text):
            return None
        promiser = Side(met, met.name if met else "")
        return record(session, item.user_id, key, promiser, Side(None, owed_to or ""),
                      text=item.text, direction="owed", action_item_id=item.id)  # fmt: skip
    named_introduced, named_to = promised(item.text)
    known_to = session.get(Contact, item.other_contact_id) if item.other_contact_id else None
    introduced = side(session, item.user_id, named_introduced, met)
    if known_to is not None:
        to = Side(known_to, named_to.name if named_to else known_to.name)
        if named_introduced is not None and _is(known_to, named_introduced.name) and met:
            introduced, to = to, Side(met, met.name)  # "introduce Jordi to Marta"
    else:
        to = side(session, item.user_id, named_to, None) if named_to else Side(None, "")
    why = reason(item, named_to)
    return record(session, item.user_id, key, introduced, to, why=why, text=item.text,
                  action_item_id=item.id)  # fmt: skip


def reason(item: ActionItem, named_to: Named | None) -> str:
    """Why the two should meet, in the recap's words: what it says the person met is looking
    for, and what the promise says after the person introduced to ("…, he runs a studio")."""
    meeting: Meeting | None = item.meeting
    sentences = re.split(r"(?<=[.!?])\s+|\n+", meeting.notes if meeting else "")
    needs = [s.strip() for s in sentences if NEEDS.search(s) and not is_introduction(s)]
    after = ""
    if named_to is not None:
        label = re.escape(named_to.email or named_to.name)
        match = re.search(rf"{label}[>)\]]?\s*[,;:–—-]\s*(?P<rest>.+)$", item.text)
        after = match["rest"].strip(" .") + "." if match else ""
    return " ".join([*needs, after]).strip()[:WHY_LENGTH]
