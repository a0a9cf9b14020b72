"""Read the log as plain dictionaries: what ``--json`` prints and the tables show.

Times are ISO 8601 in the user's zone with their offset, so they are both exact and readable.
Every function takes the user it reads for; nothing here can see another user's rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mailer.models import ActionItem, Attendee, Contact, InboundMessage, Meeting, OutboxMessage


def iso(value: datetime | None, zone: ZoneInfo) -> str | None:
    return None if value is None else value.astimezone(zone).isoformat()


def list_meetings(session: Session, user_id: int, zone: ZoneInfo) -> list[dict[str, Any]]:
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.user_id == user_id)
        .options(selectinload(Meeting.attendees).selectinload(Attendee.contact))
        .order_by(Meeting.start, Meeting.id)
    )
    return [meeting_dict(m, zone) for m in meetings]


def meeting_dict(meeting: Meeting, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "uid": meeting.uid,
        "recurrence_id": iso(meeting.recurrence_id, zone),
        "sequence": meeting.sequence,
        "title": meeting.title,
        "kind": meeting.kind,
        "start": iso(meeting.start, zone),
        "end": iso(meeting.end, zone),
        "all_day": meeting.all_day,
        "location": meeting.location,
        "online_url": meeting.online_url,
        "status": meeting.status,
        "source": meeting.source,
        "attendees": [
            {
                "email": a.contact.email,
                "name": a.contact.name,
                "status": a.rsvp,
                "organizer": a.is_organizer,
            }
            for a in meeting.attendees
        ],
        "notes": meeting.notes,
        "gave": list(meeting.gave or []),
        "got": list(meeting.got or []),
        "tags": list(meeting.tags or []),
    }


def list_contacts(session: Session, user_id: int, zone: ZoneInfo) -> list[dict[str, Any]]:
    contacts = session.scalars(
        select(Contact).where(Contact.user_id == user_id).order_by(Contact.name, Contact.email)
    )
    return [
        {
            "id": c.id,
            "email": c.email,
            "name": c.name,
            "company": c.company,
            "position": c.position,
            "notes": c.notes,
            "cadence_days": c.cadence_days,
            "language": c.language,
            "opted_out": c.opted_out,
            "last_interaction": iso(c.last_interaction_at, zone),
        }
        for c in contacts
    ]


def list_inbound(session: Session, user_id: int | None, zone: ZoneInfo) -> list[dict[str, Any]]:
    """A user's inbound messages; with ``user_id=None`` also the rejected strangers' (operator)."""
    query = select(InboundMessage).order_by(InboundMessage.id)
    if user_id is not None:
        query = query.where(InboundMessage.user_id == user_id)
    return [
        {
            "id": m.id,
            "message_id": m.message_id,
            "sender": m.envelope_from,
            "recipients": list(m.envelope_to or []),
            "subject": m.subject,
            "status": m.status,
            "error": m.error,
            "summary": m.summary,
            "received": iso(m.received_at, zone),
        }
        for m in session.scalars(query)
    ]


def list_followups(
    session: Session, user_id: int, zone: ZoneInfo, *, status: str | None = "open"
) -> list[dict[str, Any]]:
    """Follow-ups and promises, soonest due first (undated ones last)."""
    query = (
        select(ActionItem)
        .where(ActionItem.user_id == user_id)
        .options(selectinload(ActionItem.contact), selectinload(ActionItem.meeting))
        .order_by(ActionItem.due.is_(None), ActionItem.due, ActionItem.id)
    )
    if status is not None:
        query = query.where(ActionItem.status == status)
    items = list(session.scalars(query))
    others = {
        c.id: c
        for c in session.scalars(
            select(Contact).where(
                Contact.user_id == user_id,
                Contact.id.in_([i.other_contact_id for i in items if i.other_contact_id]),
            )
        )
    }
    return [
        {
            "id": item.id,
            "kind": item.kind,
            "text": item.text,
            "contact": _person(item.contact),
            "introduce_to": _person(others.get(item.other_contact_id or 0)),
            "due": item.due.isoformat() if item.due else None,
            "status": item.status,
            "reason": item.reason,
            "meeting": (
                {
                    "id": item.meeting.id,
                    "title": item.meeting.title,
                    "start": iso(item.meeting.start, zone),
                }
                if item.meeting
                else None
            ),
        }
        for item in items
    ]


def _person(contact: Contact | None) -> dict[str, Any] | None:
    return None if contact is None else {"email": contact.email, "name": contact.name}


def outbox_dict(row: OutboxMessage, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "id": row.id,
        "key": row.idempotency_key,
        "recipient": row.recipient,
        "template": row.template,
        "status": row.status,
        "attempts": row.attempts,
        "scheduled": iso(row.scheduled_at, zone),
        "sent": iso(row.sent_at, zone),
        "last_error": row.last_error,
        "message_id": row.message_id,
    }
