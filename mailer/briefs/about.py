"""about@: the user asks "what do I know about Anna?" by email and gets her story at once.

The subject (or, when it names no one, the first line) is matched against the user's contacts
by name, part of a name, or address. One match gets the story; several get a short numbered
list, and a reply with a number gets that person's story; none says so and offers the closest
names. Only the user's own contacts are searched (every statement filters on the user's id),
and a stranger never gets here: the door refuses anyone who is not a user at a command address
(:mod:`mailer.inbound.access`), so ``mailer ingest`` exits non-zero for them.
"""

from __future__ import annotations

import difflib
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from mailer.briefs.queries import people
from mailer.briefs.story import stories
from mailer.log.handling import Context, addressed_to, replied_to
from mailer.models import Contact
from mailer.outbound.compose import make_message_id
from mailer.outbound.outbox import enqueue

TEMPLATE = "about"
ABOUT_LOCAL_PARTS = frozenset({"about", "who", "story", "quien", "quién", "qui", "sobre"})
CHOICES = 9
"""At most this many people in a list of matches: a longer list asks for a better name."""
CLOSEST = 3
FILLER = re.compile(
    r"(?i)^\s*(?:(?:re|fwd?|aw|rv)\s*:\s*)*(?:what\s+do\s+i\s+know\s+about|tell\s+me\s+about|"
    r"who\s+is|about|story(?:\s+of)?|qui[eé]n\s+es|sobre|qui\s+[eé]s)?\s*[:\-]?\s*"
)
NUMBER = re.compile(r"^\s*#?(\d{1,2})\s*[.)!]?\s*$")


def asked_name(text: str) -> str:
    """The name in "What do I know about Anna Ruiz?" or "about: anna@example.com"."""
    return FILLER.sub("", text or "", count=1).strip(" ?¿!.,;:\"'<>")


def matches(session: Session, user_id: int, name: str) -> list[Contact]:
    """Contacts of the user whose name or address holds every word of ``name``: one statement."""
    words = [w for w in re.split(r"\s+", name.lower()) if w]
    if not words:
        return []
    conditions = [
        or_(func.lower(Contact.name).contains(w, autoescape=True),
            func.lower(Contact.email).contains(w, autoescape=True))
        for w in words
    ]  # fmt: skip
    return list(
        session.scalars(
            select(Contact)
            .where(Contact.user_id == user_id, and_(*conditions))
            .order_by(Contact.last_interaction_at.desc().nulls_last(), Contact.id)
            .limit(CHOICES + 1)
        )
    )


def closest(context: Context, name: str) -> list[str]:
    """The user's contacts whose names look most like ``name`` (a typo, a nickname)."""
    names = [
        n
        for n, email in context.session.execute(
            select(Contact.name, Contact.email).where(Contact.user_id == context.user_id)
        )
        for n in [n or email or ""]
        if n
    ]
    lowered = {n.lower(): n for n in names}
    found = difflib.get_close_matches(name.lower(), list(lowered), n=CLOSEST, cutoff=0.5)
    if not found:
        parts = {p: n for n in names for p in n.lower().split()}
        near = difflib.get_close_matches(name.lower(), list(parts), n=CLOSEST, cutoff=0.6)
        found = [parts[p].lower() for p in near]
    return list(dict.fromkeys(lowered[f] for f in found))


def story_of(
    session: Session, user_id: int, contact_id: int, now: datetime, zone: ZoneInfo
) -> dict[str, Any]:
    """One person's whole story (every meeting), as the about@ answer renders it: five
    statements, however long the story."""
    found = people(session, user_id, [contact_id], now)
    return stories(session, user_id, found, now, zone, limit=0)[contact_id]


def _story(context: Context, contact_id: int) -> dict[str, Any]:
    return story_of(context.session, context.user_id, contact_id, context.now, context.user.zone)


def _answer(context: Context, facts: dict[str, Any]) -> None:
    enqueue(
        context.session,
        user_id=context.user_id,
        key=f"about:inbound:{context.inbound.id}",
        recipient=context.user.email,
        template=TEMPLATE,
        context={
            **facts,
            "in_reply_to": context.message.message_id,
            "references": [*context.message.references, context.message.message_id or ""],
        },
        scheduled_at=context.now,
        message_id=make_message_id(context.config.inbound.domain),
    )


def tell_about(context: Context) -> str | None:
    """Handler: an email to about@ naming a person gets their story (or a list, or advice)."""
    if not context.user_sender or not addressed_to(context, ABOUT_LOCAL_PARTS):
        return None
    asked = ""
    found: list[Contact] = []
    for text in (context.message.subject or "", context.first_line):
        asked = asked_name(text)
        found = matches(context.session, context.user_id, asked) if asked else []
        if found:
            break
    if not found:
        asked = asked_name(context.message.subject or "") or asked_name(context.first_line)
        near = closest(context, asked) if asked else []
        _answer(context, {"query": asked, "match": "none", "closest": near})
        return f"about {asked!r}: nobody of that name"
    if len(found) == 1:
        _answer(context, {"query": asked, "match": "one", "story": _story(context, found[0].id)})
        return f"about {asked!r}: the story of contact {found[0].id}"
    choices = [
        {"number": n, "id": c.id, "name": c.name or c.email or "", "email": c.email or "",
         "company": c.company or ""}
        for n, c in enumerate(found[:CHOICES], start=1)
    ]  # fmt: skip
    _answer(context, {"query": asked, "match": "several", "choices": choices,
                      "more": len(found) > CHOICES})  # fmt: skip
    return f"about {asked!r}: {len(choices)} people match"


def choose_from_list(context: Context) -> str | None:
    """Handler: a number in reply to a list of matches gets that person's story."""
    if not context.user_sender:
        return None
    listed = replied_to(context, [TEMPLATE])
    if listed is None or listed.context.get("match") != "several":
        return None
    number = NUMBER.match(context.first_line)
    if number is None:
        return None
    choices = {c["number"]: c for c in listed.context.get("choices", [])}
    chosen = choices.get(int(number[1]))
    if chosen is None:
        _answer(context, {**listed.context, "wrong_number": int(number[1])})
        return f"about: no number {number[1]} in that list"
    contact = context.session.get(Contact, chosen["id"])
    if contact is None or contact.user_id != context.user_id:
        _answer(context, {"query": chosen["name"], "match": "none", "closest": []})
        return f"about: contact {chosen['id']} is no longer in the log"
    story = _story(context, contact.id)
    _answer(context, {"query": chosen["name"], "match": "one", "story": story})
    return f"about: the story of contact {contact.id} (number {number[1]})"
