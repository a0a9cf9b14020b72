"""Reminders by address: Bcc 3days@ on a mail to a contact, hear back if they do not answer.

The reminder is an outbox row addressed to the user, scheduled for the time the address names,
carrying the thread's Message-IDs. A reply in that thread reaching us (the contact's reply-all,
or the user forwarding it, or anything sent to cancel@ from the thread) cancels it; pending@
answers with what is pending.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, sessionmaker

from mailer.config import normalise_address
from mailer.log.contacts import people_except, upsert_contact
from mailer.log.handling import Context, NotUnderstood
from mailer.models import ActionItem, OutboxMessage
from mailer.outbound.compose import make_message_id
from mailer.outbound.outbox import enqueue
from mailer.parsing.time_addresses import (
    EXAMPLES,
    looks_like_time_address,
    parse_time_address,
)
from mailer.said import Said

TEMPLATE = "reminder"
SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|fw|rv|tr|aw|wg)\s*:\s*)+", re.IGNORECASE)


def _ours(context: Context) -> list[str]:
    domain = "@" + context.config.inbound.domain.lower()
    return [
        a.lower()[: -len(domain)]
        for a in context.inbound.envelope_to or []
        if a.lower().endswith(domain)
    ]


def _thread(context: Context) -> set[str]:
    """The message's own id and every id it refers to."""
    ids = {*context.message.in_reply_to, *context.message.references}
    return ids | ({context.message.message_id} if context.message.message_id else set())


def pending_reminders(user_id: int | None = None) -> Select[OutboxMessage]:
    """Queued reminders, a user's or everyone's: read for every message we receive, so it goes
    through ``ix_outbox_messages_template_status_user``, never through the whole outbox."""
    query = select(OutboxMessage).where(
        OutboxMessage.template == TEMPLATE, OutboxMessage.status == "queued"
    )
    return query if user_id is None else query.where(OutboxMessage.user_id == user_id)


def _pending(session: Session, user_id: int) -> list[OutboxMessage]:
    return list(session.scalars(pending_reminders(user_id)))


def schedule_by_time_address(context: Context) -> str | None:
    """Handler: a user's message to (or Bcc) 3days@, monday9am@... schedules a reminder."""
    times = [local for local in _ours(context) if looks_like_time_address(local)]
    if not times or not context.user_sender:
        return None
    when = parse_time_address(times[0], now=context.now, zone=context.user.zone)
    if when is None:
        examples = ", ".join(f"{e}@{context.config.inbound.domain}" for e in EXAMPLES)
        raise NotUnderstood(
            Said(
                "I do not know when %(address)s@ is; use for example %(examples)s",
                address=times[0],
                examples=examples,
            )
        )
    message = context.message
    people = people_except(
        [*message.to, *message.cc],
        set(context.user.addresses),
        context.config.inbound.domain.lower(),
    )
    for person in people:
        upsert_contact(context.session, context.user_id, person, seen_at=context.now)
    enqueue(
        context.session,
        user_id=context.user_id,
        key=f"reminder:inbound:{context.inbound.id}",
        recipient=context.user.email,
        template=TEMPLATE,
        context={
            "people": [{"email": p.email, "name": p.name or p.email} for p in people],
            "original_subject": message.subject,
            "original_excerpt": message.text[:1500],
            "thread_ids": sorted(_thread(context)),
            "in_reply_to": message.message_id,
            "references": list(message.references),
        },
        scheduled_at=when,
        message_id=make_message_id(context.config.inbound.domain),
    )
    local = when.astimezone(context.user.zone)
    return f"reminder set for {local:%A %d %B %H:%M} ({times[0]}@)"


def cancel_reminders(context: Context) -> str | None:
    """Handler: a reply in a reminded thread, or anything sent to cancel@, cancels it."""
    to_cancel = "cancel" in _ours(context) and bool(context.user_sender)
    replied_to = {*context.message.in_reply_to, *context.message.references}
    if not to_cancel and not replied_to:  # not an answer in any thread: nothing to look up
        return None
    subject = _normalised(context.message.subject)
    cancelled = []
    for row in _pending(context.session, context.user_id):
        ids = set(row.context.get("thread_ids", []))
        original = row.context.get("in_reply_to")
        same_thread = bool(ids & replied_to) and context.message.message_id != original
        if same_thread or (to_cancel and _normalised(row.context["original_subject"]) == subject):
            row.status, row.last_error = "cancelled", "the thread got an answer"
            cancelled.append(row.context["original_subject"])
    if cancelled:
        return "reminder cancelled: " + "; ".join(cancelled)
    if to_cancel:
        raise NotUnderstood(Said("no pending reminder matches this message; see pending@"))
    return None


def list_pending(context: Context) -> str | None:
    """Handler: pending@ answers with the pending reminders and open follow-ups."""
    if "pending" not in _ours(context) or not context.user_sender:
        return None
    session = context.session
    items: list[dict[str, Any]] = [
        {
            "at": r.scheduled_at.isoformat(),
            "text": r.context["original_subject"],
            "who": ", ".join(p["name"] for p in r.context.get("people", [])),
        }
        for r in sorted(_pending(session, context.user_id), key=lambda r: r.scheduled_at)
    ]
    followups = session.scalars(
        select(ActionItem)
        .where(ActionItem.user_id == context.user_id, ActionItem.status == "open")
        .order_by(ActionItem.due.is_(None), ActionItem.due)
    )
    items += [
        {
            "due": f.due.isoformat() if f.due else None,
            "text": f.text,
            "kind": f.kind,
            "contact_name": (f.contact.name or f.contact.email or "") if f.contact else "",
            "who": "",
        }
        for f in followups
    ]
    enqueue(
        session,
        user_id=context.user_id,
        key=f"pending:inbound:{context.inbound.id}",
        recipient=context.user_sender,  # the sender's address, known to be the user's
        template="pending_list",
        context={"items": items, "in_reply_to": context.message.message_id},
        scheduled_at=context.now,
        message_id=make_message_id(context.config.inbound.domain),
    )
    return f"pending list sent ({len(items)} items)"


def _normalised(subject: str) -> str:
    return " ".join(SUBJECT_PREFIX.sub("", subject or "").lower().split())


def thread_guests(factory: sessionmaker[Session]):
    """Guest access for a contact replying in a thread a user asked to be reminded about."""

    def resolve(
        envelope_from: str, header_from: str, recipients: Sequence[str], thread: Sequence[str]
    ) -> int | None:
        sender = normalise_address(header_from or envelope_from)
        if not thread or not sender:
            return None
        with factory() as session:
            for row in session.scalars(pending_reminders()):
                people = {p["email"] for p in row.context.get("people", [])}
                if sender in people and set(row.context.get("thread_ids", [])) & set(thread):
                    return row.user_id
        return None

    return resolve
