"""The daily prompt: everything a user should act on today, in one email, each item once.

Items are follow-ups that fell due, contacts whose keep-in-touch cadence ran out since the last
interaction (the timer restarts at every meeting, recap, RSVP and email we see), and challenge
invitations that got no answer. An item is prompted once: its key is remembered in the prompt
that carried it, and a cadence item's key includes the last interaction, so new contact resets it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from mailer.models import ActionItem, Contact, OutboxMessage
from mailer.outbound.outbox import enqueue
from mailer.planning.context import PlanningContext

TEMPLATE = "followup_prompt"


def _followups(context: PlanningContext, today: date) -> list[dict[str, Any]]:
    items = context.session.scalars(
        select(ActionItem)
        .where(
            ActionItem.user_id == context.user_id,
            ActionItem.status == "open",
            ActionItem.due <= today,
        )
        .options(selectinload(ActionItem.contact), selectinload(ActionItem.meeting))
        .order_by(ActionItem.due, ActionItem.id)
    )
    return [
        {
            "key": f"item:{item.id}:{item.due.isoformat() if item.due else ''}",
            "kind": item.kind,
            "item_id": item.id,
            "contact_name": _name(item.contact),
            "contact_email": item.contact.email if item.contact else "",
            "text": item.text,
            "reason": item.reason,
            "due": item.due.isoformat() if item.due else "",
            "meeting_title": item.meeting.title if item.meeting else "",
            "meeting_kind": item.meeting.kind if item.meeting else None,
            "meeting_day": _day(context, item.meeting.start) if item.meeting else "",
        }
        for item in items
        if not (item.contact and item.contact.opted_out)
    ]


def _cadences(context: PlanningContext, today: date) -> list[dict[str, Any]]:
    default = context.config.planning.default_cadence_days
    cadence = func.coalesce(Contact.cadence_days, default)
    contacts = context.session.scalars(
        select(Contact).where(
            Contact.user_id == context.user_id,
            Contact.opted_out.is_(False),
            Contact.last_interaction_at.is_not(None),
            cadence > 0,
        )
    )
    due = []
    for contact in contacts:
        assert contact.last_interaction_at is not None
        days = contact.cadence_days or default
        last = contact.last_interaction_at.astimezone(context.user.zone).date()
        if last + timedelta(days=days) <= today:
            due.append(
                {
                    "key": f"cadence:{contact.id}:{last.isoformat()}",
                    "kind": "cadence",
                    "contact_id": contact.id,
                    "contact_name": _name(contact),
                    "contact_email": contact.email or "",
                    "text": f"Keep in touch with {_name(contact)}",
                    "reason": f"last contact {last.isoformat()}, every {days} days",
                    "due": (last + timedelta(days=days)).isoformat(),
                    "meeting_title": "",
                    "last": last.isoformat(),
                    "days": days,
                }
            )
    return due


def _unanswered_invitations(context: PlanningContext) -> list[dict[str, Any]]:
    waited = timedelta(days=context.config.planning.invitation_no_answer_days)
    rows = context.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.user_id == context.user_id,
            OutboxMessage.template == "challenge_invitation",
            OutboxMessage.status == "sent",
            OutboxMessage.sent_at <= context.now - waited,
        )
    )
    return [
        {
            "key": f"did-you-meet:{row.id}",
            "kind": "did-you-meet",
            "contact_id": row.contact_id,
            "contact_name": (row.context or {}).get("contact_name", row.recipient),
            "contact_email": row.recipient,
            "text": f"Did you meet {(row.context or {}).get('contact_name') or row.recipient}?",
            "reason": f"no answer to your invitation of {row.sent_at:%d %B}",
            "due": "",
            "meeting_title": "",
            "sent": _day(context, row.sent_at) if row.sent_at else "",
        }
        for row in rows
        if not (row.context or {}).get("answered")
    ]


def _already_prompted(context: PlanningContext) -> set[str]:
    contexts = context.session.scalars(
        select(OutboxMessage.context).where(
            OutboxMessage.user_id == context.user_id, OutboxMessage.template == TEMPLATE
        )
    )
    return {item["key"] for ctx in contexts for item in (ctx or {}).get("items", [])}


def plan_daily_prompt(context: PlanningContext) -> int:
    """Enqueue (or extend, while unsent) today's prompt for the user; return rows added."""
    today = context.now.astimezone(context.user.zone).date()
    seen = _already_prompted(context)
    candidates = [
        *_followups(context, today),
        *_cadences(context, today),
        *_unanswered_invitations(context),
    ]
    items = [item for item in candidates if item["key"] not in seen]
    if not items:
        return 0
    key = f"prompts:user:{context.user_id}:{today.isoformat()}"
    pending = context.session.scalars(
        select(OutboxMessage).where(OutboxMessage.idempotency_key == key)
    ).first()
    if pending is not None:
        if pending.status == "queued":
            pending.context = {**pending.context, "items": [*pending.context["items"], *items]}
        return 0
    at = datetime.combine(today, time(context.config.planning.prompt_hour), context.user.zone)
    return int(
        enqueue(
            context.session,
            user_id=context.user_id,
            key=key,
            recipient=context.user.email,
            template=TEMPLATE,
            context={"items": items, "user_name": context.user.name or context.user.email},
            scheduled_at=at,
            message_id=context.new_message_id(),
        )
    )


def _day(context: PlanningContext, moment: datetime) -> str:
    return moment.astimezone(context.user.zone).date().isoformat()


def _name(contact: Contact | None) -> str:
    if contact is None:
        return ""
    return contact.name or contact.email or ""
