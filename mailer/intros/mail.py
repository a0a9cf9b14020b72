"""The mail an introduction sends, as outbox rows: which template, to whom, with what facts.

Every row's idempotency key starts with ``intro:ID:`` and names its step (``intro:7:ask:to``,
``intro:7:joint``), so a step planned twice, approved twice or replayed after a crash is queued
once, and an introduction's messages can be listed (``mailer intros list``) and cancelled when
it is dropped. Mail to the user waits for the sending window like the thank-you draft does (it
is planned, not an answer to something the user just sent); mail to the people introduced is
mail to contacts: window, hourly cap and opt-outs apply.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mailer.intros.stages import other, required
from mailer.log.meeting_facts import first_name
from mailer.models import Contact, Introduction, OutboxMessage
from mailer.outbound.compose import make_message_id
from mailer.outbound.messages import DRAFTS
from mailer.outbound.outbox import enqueue

TO_USER = tuple(sorted(t for t in DRAFTS if t.startswith("intro_")))
"""What comes to the user about an introduction; each is answered by reply (a signed address)."""


def key(intro_id: int, step: str, role: str = "") -> str:
    return f"intro:{intro_id}:{step}" + (f":{role}" if role else "")


def keys_of(intro_id: int) -> str:
    """The LIKE pattern of every key of one introduction."""
    return f"intro:{intro_id}:%"


def digest_of(text: str) -> str:
    """A short stable name for a message (its Message-ID), for keys of rows answering it."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def person(contact: Contact | None, written: str) -> dict[str, Any]:
    """What the templates say of one person: name, first name, address, a line about them."""
    if contact is None:
        return {"id": None, "name": written, "first_name": (written.split() or [""])[0],
                "email": "", "about": "", "language": None}  # fmt: skip
    about = ", ".join(part for part in (contact.position, contact.company) if part)
    return {
        "id": contact.id,
        "name": contact.name or written or contact.email or "",
        "first_name": first_name(contact) if contact.name else (written or contact.email or ""),
        "email": contact.email or "",
        "about": about,
        "language": contact.language,
    }


class Mail:
    """Queues the mail of one introduction, for one user, at one moment."""

    def __init__(
        self, session: Session, user_id: int, user_email: str, domain: str, now: datetime
    ) -> None:
        self.session, self.user_id, self.user_email = session, user_id, user_email
        self.domain, self.now = domain, now

    def _queue(
        self,
        key: str,
        template: str,
        context: dict[str, Any],
        *,
        recipient: str = "",
        contact_id: int | None = None,
    ) -> bool:
        """One row, now, to ``recipient`` (the user by default); False when already queued."""
        return enqueue(
            self.session,
            user_id=self.user_id,
            key=key,
            recipient=recipient or self.user_email,
            template=template,
            context=context,
            scheduled_at=self.now,
            contact_id=contact_id,
            message_id=make_message_id(self.domain),
        )

    def people(self, intro: Introduction) -> dict[str, dict[str, Any]]:
        contacts = {
            role: self.session.get(Contact, contact_id) if contact_id else None
            for role, contact_id in (("contact", intro.contact_id), ("to", intro.to_contact_id))
        }
        return {
            "contact": person(contacts["contact"], intro.contact_name),
            "to": person(contacts["to"], intro.to_name),
        }

    def facts(self, intro: Introduction, **more: Any) -> dict[str, Any]:
        people = self.people(intro)
        return {
            "introduction_id": intro.id,
            "introduced": people["contact"],
            "introduced_to": people["to"],
            "why": intro.why,
            **more,
        }

    def to_user(
        self,
        intro: Introduction,
        step: str,
        template: str,
        role: str = "",
        *,
        once_per: str = "",
        **more: Any,
    ) -> bool:
        """Queue ``template`` to the user, once per ``step``, ``role`` and ``once_per`` (the
        message it answers, for mail that each answer of a person may bring)."""
        step_key = key(intro.id, step, ":".join(filter(None, [role, once_per])))
        return self._queue(step_key, template, self.facts(intro, role=role, **more))

    def ask_facts(self, intro: Introduction, role: str, note: str = "") -> dict[str, Any]:
        """The ask to the person in ``role``: they are the contact, the other one is described."""
        people = self.people(intro)
        asked, described = people[role], people[other(role)]
        return {
            **self.facts(intro, role=role),
            "contact_id": asked["id"],
            "contact_name": asked["name"],
            "contact_first_name": asked["first_name"],
            "contact_email": asked["email"],
            "contact_language": asked["language"],
            "other": described,
            "note": note,
        }

    def ask_draft(self, intro: Introduction, role: str) -> bool:
        facts = self.ask_facts(intro, role)
        return self._queue(key(intro.id, "ask-draft", role), "intro_ask_draft", facts)

    def ask(
        self, intro: Introduction, role: str, note: str, *, nudge: OutboxMessage | None = None
    ) -> bool:
        """The ask itself (or, with ``nudge``, a reminder threaded under the ask it follows)."""
        facts = self.ask_facts(intro, role, note)
        if nudge is not None:
            facts |= {"nudge": True, "in_reply_to": nudge.message_id, "references": []}
        step_key = key(intro.id, "nudge" if nudge else "ask", role)
        recipient, contact_id = facts["contact_email"], facts["contact_id"]
        return self._queue(step_key, "intro_ask", facts, recipient=recipient, contact_id=contact_id)

    def joint_facts(self, intro: Introduction, joint_to: str, note: str = "") -> dict[str, Any]:
        """To both (the person introduced first), or To the person introduced to (who said
        yes) and Cc the other; in the language both get mail in, else the user's."""
        people = self.people(intro)
        first = "contact" if joint_to == "both" else "to"
        one, two = people[first], people[other(first)]
        shared = one["language"] if one["language"] == two["language"] else None
        copy = {"name": two["name"], "email": two["email"]}
        return {
            **self.facts(intro),
            "contact_id": one["id"],
            "contact_name": one["name"],
            "contact_first_name": one["first_name"],
            "contact_email": one["email"],
            "contact_language": shared,
            "other": two,
            "agreed": [people[role]["first_name"] for role in required(intro)],
            "also_to": [copy] if joint_to == "both" else [],
            "cc": [copy] if joint_to != "both" else [],
            "note": note,
        }

    def joint_draft(self, intro: Introduction, joint_to: str) -> bool:
        facts = self.joint_facts(intro, joint_to)
        return self._queue(key(intro.id, "joint-draft"), "intro_joint_draft", facts)

    def joint(self, intro: Introduction, draft: OutboxMessage, note: str) -> bool:
        """The one introduction email, to both, as the draft the user approved addressed it."""
        facts = {**draft.context, "note": note}
        return self._queue(
            key(intro.id, "joint"),
            "intro_joint",
            facts,
            recipient=facts["contact_email"],
            contact_id=facts["contact_id"],
        )

    def row(self, intro: Introduction, step: str, role: str = "") -> OutboxMessage | None:
        return self.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.user_id == self.user_id,
                OutboxMessage.idempotency_key == key(intro.id, step, role),
            )
        ).first()

    def cancel_queued(self, intro: Introduction, why: str) -> None:
        """Nothing queued for this introduction leaves any more (it was dropped or closed)."""
        self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.user_id == self.user_id,
                OutboxMessage.idempotency_key.like(keys_of(intro.id)),
                OutboxMessage.status == "queued",
            )
            .values(status="cancelled", last_error=why)
        )
