"""Slow Networking Challenge invitations: to a contact, in the user's name.

With proposed times, the invitation carries an iMIP REQUEST for the first one (a calendar can
accept only one event per invitation; the others are listed in the text) and a planned meeting
is logged, so the contact's Accept or Decline lands on it as an RSVP.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailer.config import Config, UserConfig
from mailer.log.contacts import people_except, upsert_contact
from mailer.log.handling import Context, NotUnderstood
from mailer.models import Attendee, Contact, Meeting, OutboxMessage
from mailer.outbound.compose import make_message_id
from mailer.outbound.outbox import enqueue
from mailer.parsing.recap import addresses_in
from mailer.parsing.types import Person
from mailer.said import Said

MEETING_LENGTH = timedelta(hours=1)


class InvitationError(ValueError):
    """An invitation cannot be sent as asked; the message says what to change."""


def invite_contact(
    session: Session,
    config: Config,
    user: UserConfig,
    user_id: int,
    person: Person,
    *,
    proposals: Sequence[datetime] = (),
    now: datetime,
) -> dict[str, Any]:
    """Queue a challenge invitation; returns what was queued (for the CLI and confirmations)."""
    if person.email in user.addresses:
        raise InvitationError(Said("that is your own address; invite someone else"))
    if any(p.tzinfo is None for p in proposals):
        raise InvitationError("proposed times need a zone or offset, e.g. 2026-12-01T10:00+01:00")
    contact = upsert_contact(session, user_id, person)
    if contact.opted_out:
        raise InvitationError(
            Said("%(address)s asked not to receive mail from the assistant", address=contact.email)
        )
    context: dict[str, Any] = {
        "contact_id": contact.id,
        "contact_name": contact.name or contact.email,
        "contact_first_name": (contact.name or contact.email or "").split()[0],
        "contact_email": contact.email,
        "proposal_times": [p.isoformat() for p in proposals],
        "contact_language": contact.language,
    }
    if proposals:
        start = min(proposals)
        meeting = Meeting(
            user_id=user_id,
            uid=f"challenge-{uuid.uuid4().hex}@{config.inbound.domain}",
            recurrence_key="",
            title=f"Coffee: {user.name or user.email} & {contact.name or contact.email}",
            start=start,
            end=start + MEETING_LENGTH,
            status="planned",
            source="calendar",
            kind="coffee",
            dtstamp=now,
        )
        meeting.attendees.append(Attendee(user_id=user_id, contact=contact))
        session.add(meeting)
        session.flush()
        context |= {
            "meeting_id": meeting.id,
            "uid": meeting.uid,
            "sequence": 0,
            "start": start.isoformat(),
            "end": meeting.end.isoformat(),
            "meeting_title": meeting.title,
            "meeting_kind": meeting.kind,
        }
    key = f"invite:contact:{contact.id}:{now.astimezone(user.zone).date().isoformat()}"
    queued = enqueue(
        session,
        user_id=user_id,
        key=key,
        recipient=contact.email or "",
        template="challenge_invitation",
        context=context,
        scheduled_at=now,
        contact_id=contact.id,
        message_id=make_message_id(config.inbound.domain),
    )
    written = [when(p, user) for p in proposals]
    return {"contact": contact.email, "queued": queued, "proposals": written}


INVITE_LOCAL_PARTS = frozenset({"invite", "invitar", "convida", "challenge"})


def invite_by_email(context: Context) -> str | None:
    """Handler: the user writes to invite@ naming people in To/Cc or in the body."""
    domain = context.config.inbound.domain.lower()
    recipients = [a.lower() for a in context.inbound.envelope_to or []]
    if not any(
        a.partition("@")[0] in INVITE_LOCAL_PARTS and a.endswith("@" + domain) for a in recipients
    ):
        return None
    sender = context.message.sender.email if context.message.sender else ""
    if sender not in context.user.addresses:
        return None
    named = [*context.message.to, *context.message.cc, *addresses_in(context.message.text)]
    people = people_except(named, set(context.user.addresses), domain)
    if not people:
        raise NotUnderstood(
            Said(
                "no one to invite: put their address in To or Cc, or write it in the message, "
                "e.g. '%(example)s'",
                example="Anna Ruiz <anna@example.com>",
            )
        )
    results = [
        invite_contact(
            context.session, context.config, context.user, context.user_id, person, now=context.now
        )
        for person in people
    ]
    return Said("invited %(people)s", people=", ".join(r["contact"] for r in results))


def call_off(
    session: Session, config: Config, user: UserConfig, user_id: int, email: str, *, now: datetime
) -> dict[str, Any]:
    """Cancel the planned challenge meeting with ``email`` and queue a CANCEL for its UID."""
    contact = session.scalars(
        select(Contact).where(Contact.user_id == user_id, Contact.email == email.strip().lower())
    ).first()
    meeting = None
    if contact is not None:
        meeting = session.scalars(
            select(Meeting)
            .join(Attendee, Attendee.meeting_id == Meeting.id)
            .where(
                Meeting.user_id == user_id,
                Meeting.uid.startswith("challenge-"),
                Meeting.status == "planned",
                Attendee.contact_id == contact.id,
            )
            .order_by(Meeting.start.desc())
        ).first()
    if contact is None or meeting is None:
        raise InvitationError(f"there is no planned challenge meeting with {email} to call off")
    meeting.status = "cancelled"
    meeting.sequence += 1
    meeting.dtstamp = now
    enqueue(
        session,
        user_id=user_id,
        key=f"call-off:meeting:{meeting.id}:{meeting.sequence}",
        recipient=contact.email or "",
        template="challenge_cancel",
        context=meeting_calendar_context(session, contact, meeting, "CANCEL"),
        scheduled_at=now,
        contact_id=contact.id,
        message_id=make_message_id(config.inbound.domain),
    )
    return {"contact": contact.email, "meeting": meeting.title}


def when(moment: datetime, user: UserConfig) -> str:
    """A time in a handler's summary and the command line's answers: "Thursday 10 December,
    11:00", in the user's zone. English, for the log: an email never says it this way, its
    context holds the instant and its template writes it in the reader's language."""
    return moment.astimezone(user.zone).strftime("%A %d %B, %H:%M")


def invitation_row(session: Session, contact: Contact, uid: str) -> OutboxMessage | None:
    """The first challenge invitation that carried the calendar event ``uid`` to ``contact``."""
    rows = session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.user_id == contact.user_id,
            OutboxMessage.template == "challenge_invitation",
            OutboxMessage.recipient == contact.email,
        )
        .order_by(OutboxMessage.id)
    )
    return next((row for row in rows if row.context.get("uid") == uid), None)


def meeting_calendar_context(
    session: Session, contact: Contact, meeting: Meeting, method: str
) -> dict[str, Any]:
    """What a message about a challenge meeting's calendar event needs (an update, CANCEL,
    DECLINECOUNTER): the meeting as it now stands, and the first invitation's row, whose
    reply address stays the ORGANIZER (:mod:`mailer.outbound.messages`)."""
    first = invitation_row(session, contact, meeting.uid)
    return {
        "contact_id": contact.id,
        "contact_name": contact.name or contact.email,
        "contact_first_name": (contact.name or contact.email or "").split()[0],
        "contact_email": contact.email,
        "meeting_id": meeting.id,
        "meeting_title": meeting.title,
        "meeting_kind": meeting.kind,
        "contact_language": contact.language,
        "uid": meeting.uid,
        "sequence": meeting.sequence,
        "start": meeting.start.isoformat(),
        "end": meeting.end.isoformat(),
        "method": method,
        "organizer_row_id": first.id if first is not None else None,
    }
