"""What the emails about a meeting say of it: its kind and day, the person, one specific thing.

The thank-you draft and the "how was it?" prompt are queued as soon as a meeting ends, often
before its recap arrives; filing the recap (or correcting it) refreshes the facts of what is
still queued, so the note the next morning mentions what was promised and is written in the
language the recap was written in.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailer.models import ActionItem, Contact, Meeting, OutboxMessage
from mailer.parsing.promises import sent_object

ABOUT_A_MEETING = ("thank_you", "thank_you_note", "recap_prompt")
"""Templates whose facts are those of :func:`meeting_facts`."""


def first_name(contact: Contact) -> str:
    return (
        (contact.name or contact.email or "").split()[0] if (contact.name or contact.email) else ""
    )


def specific_thing(session: Session, meeting: Meeting) -> dict[str, str] | None:
    """One thing from the recap worth a line in the thank-you note: what the user promised to
    send ("I will send you my deck"), else what they received ("thank you for ...")."""
    if meeting.id is not None:
        promises = session.scalars(
            select(ActionItem.text).where(
                ActionItem.meeting_id == meeting.id,
                ActionItem.kind == "task",
                ActionItem.status == "open",
            )
        ).all()
        for text in promises:
            if thing := sent_object(text):
                return {"kind": "send", "text": thing}
    for got in meeting.got or []:
        return {"kind": "got", "text": _as_object(got)}
    return None


def _as_object(text: str) -> str:
    """A received item as the object of "thank you for": "Two contacts" -> "two contacts"."""
    text = text.strip().rstrip(".")
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def meeting_facts(
    session: Session, meeting: Meeting, contact: Contact, zone: ZoneInfo
) -> dict[str, Any]:
    """The JSON-safe facts a template needs about a meeting and the person met."""
    return {
        "meeting_id": meeting.id,
        "contact_id": contact.id,
        "meeting_title": meeting.title,
        "meeting_kind": meeting.kind,
        "meeting_start": meeting.start.isoformat(),
        "meeting_day": meeting.start.astimezone(zone).date().isoformat(),
        "meeting_location": meeting.location or "",
        "contact_name": contact.name or contact.email or "",
        "contact_first_name": first_name(contact),
        "contact_email": contact.email or "",
        "contact_language": contact.language,
        "specific": specific_thing(session, meeting),
    }


def refresh_queued(session: Session, user_id: int, meeting: Meeting, zone: ZoneInfo) -> int:
    """Bring the facts of the queued mail about ``meeting`` up to date; how many rows."""
    rows = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.user_id == user_id,
            OutboxMessage.status == "queued",
            OutboxMessage.template.in_(ABOUT_A_MEETING),
        )
    ).all()
    contacts = {a.contact.id: a.contact for a in meeting.attendees}
    refreshed = 0
    for row in rows:
        context = row.context or {}
        contact = contacts.get(context.get("contact_id") or 0)
        if context.get("meeting_id") != meeting.id or contact is None:
            continue
        row.context = {**context, **meeting_facts(session, meeting, contact, zone)}
        refreshed += 1
    return refreshed


def set_contact_language(session: Session, user_id: int, contact: Contact, language: str) -> None:
    """The contact's language, and that of the mail to them still queued."""
    contact.language = language
    rows = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.user_id == user_id, OutboxMessage.status == "queued"
        )
    ).all()
    for row in rows:
        if (row.context or {}).get("contact_id") == contact.id:
            row.context = {**row.context, "contact_language": language}
