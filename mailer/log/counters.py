"""A contact proposes another time for a challenge meeting (iTIP COUNTER); the user decides.

The contact's calendar sends the COUNTER to the invitation's ORGANIZER, our reply address, so
it arrives as the contact's answer to that invitation (:mod:`mailer.log.answers`). The user is
asked, in words and in their language: "Pau proposes Thursday 10 December at 11:00 instead
... Reply 'accept' or 'decline'" (a Spanish or Catalan question asks for "acepto"/"rechazo",
"accepto"/"rebutjo": :data:`ACCEPT` and :data:`DECLINE` read all three languages). Their reply
decides (RFC 5546 3.2.7 and 3.2.8): 'accept' moves the meeting and sends the updated REQUEST,
SEQUENCE + 1; 'decline' sends a DECLINECOUNTER and the meeting stays where it was. Each
question is answered once.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import select

from mailer.log.handling import Context, NotUnderstood, replied_to
from mailer.log.invitations import meeting_calendar_context, when
from mailer.models import Contact, Meeting, OutboxMessage
from mailer.outbound.compose import make_message_id
from mailer.outbound.outbox import enqueue
from mailer.parsing.types import CalendarEvent
from mailer.said import Said

QUESTION = "counter_proposal"
ACCEPT = re.compile(
    r"(?i)^\s*(accept|accepted|yes|ok|okay|aceptar|acepto|aceptada|aceptado|sí|si|vale|"
    r"de acuerdo|acceptar|accepto|acceptada|acceptat|d['’]acord)\s*[.!]?\s*$"
)
DECLINE = re.compile(
    r"(?i)^\s*(decline|declined|no|rechazar|rechazo|rechazada|rechazado|rebutjar|rebutjo|"
    r"rebutjada|rebutjat)\s*[.!]?\s*$"
)
"""The answers to "Pau proposes Thursday 11:00 instead", in English, Spanish and Catalan (the
question asks for its catalogue's "accept" and "decline": acepto/rechazo, accepto/rebutjo);
"d’acord" with a typographic apostrophe too, as phones write it."""


def ask_about_counter(context: Context, event: CalendarEvent) -> str:
    """Ask the user about the time the contact proposed for the meeting ``event.uid``."""
    meeting = context.session.scalars(
        select(Meeting).where(Meeting.user_id == context.user_id, Meeting.uid == event.uid)
    ).first()
    who = event.attendees[0].person.email if event.attendees else "the contact"
    if meeting is None or meeting.status != "planned":
        return f"{who} proposed another time for a meeting that is no longer planned: ignored"
    if event.sequence < meeting.sequence:
        return f"{who} proposed another time for an older version of the meeting: ignored"
    contact = meeting.attendees[0].contact if meeting.attendees else None
    name = (contact.name if contact else "") or who
    details = {
        "contact_id": contact.id if contact else None,
        "contact_name": name,
        "contact_first_name": name.split()[0],
        "contact_email": who,
        "meeting_id": meeting.id,
        "meeting_kind": meeting.kind,
        "meeting_start": meeting.start.isoformat(),
        "uid": meeting.uid,
        "sequence": meeting.sequence,
        "proposed_start": event.start.isoformat(),
        "proposed_end": event.end.isoformat(),
    }
    enqueue(
        context.session,
        user_id=context.user_id,
        key=f"counter:meeting:{meeting.id}:{meeting.sequence}:{event.start.isoformat()}",
        recipient=context.user.email,
        template=QUESTION,
        context=details,
        scheduled_at=context.now,
        message_id=make_message_id(context.config.inbound.domain),
    )
    return f"{who} proposes {when(event.start, context.user)} instead; you were asked"


def answer_counter(context: Context) -> str | None:
    """Handler: the user's 'accept' or 'decline' in reply to a question about a COUNTER."""
    question = replied_to(context, [QUESTION]) if context.user_sender else None
    if question is None:
        return None
    first = context.first_line
    asked = question.context
    proposed = when(datetime.fromisoformat(asked["proposed_start"]), context.user)
    kept = _kept(asked, context)
    if not (ACCEPT.match(first) or DECLINE.match(first)):
        zone = context.user.zone  # the times in the reason: written in the reader's language
        raise NotUnderstood(
            Said(
                "reply 'accept' to move the meeting with %(name)s to %(proposed)s, "
                "or 'decline' to keep it on %(kept)s",
                name=asked["contact_name"],
                proposed=datetime.fromisoformat(asked["proposed_start"]).astimezone(zone),
                kept=datetime.fromisoformat(asked["meeting_start"]).astimezone(zone)
                if "meeting_start" in asked
                else kept,
            )
        )
    key = f"counter-answer:{question.id}"
    if context.session.scalar(select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key)):
        return f"the proposal of {asked['contact_name']} was already answered"
    meeting = context.session.get(Meeting, asked["meeting_id"])
    contact = context.session.get(Contact, asked["contact_id"]) if asked["contact_id"] else None
    if (
        meeting is None
        or contact is None
        or meeting.user_id != context.user_id
        or meeting.status != "planned"
        or meeting.sequence != asked["sequence"]
    ):
        return f"the meeting with {asked['contact_name']} has changed since: nothing was sent"
    if ACCEPT.match(first):
        meeting.start = datetime.fromisoformat(asked["proposed_start"])
        meeting.end = datetime.fromisoformat(asked["proposed_end"])
        meeting.sequence += 1
        meeting.dtstamp = context.now
        template, method = "challenge_update", "REQUEST"
        done = f"moved the meeting with {asked['contact_name']} to {proposed}"
    else:
        template, method = "challenge_decline_counter", "DECLINECOUNTER"
        done = f"kept the meeting with {asked['contact_name']} on {kept}"
    details: dict[str, Any] = meeting_calendar_context(context.session, contact, meeting, method)
    details["proposed_start"] = asked["proposed_start"]  # the words are the template's
    enqueue(
        context.session,
        user_id=context.user_id,
        key=key,
        recipient=contact.email or "",
        template=template,
        context=details,
        scheduled_at=context.now,
        contact_id=contact.id,
        message_id=make_message_id(context.config.inbound.domain),
    )
    return done


def _kept(asked: dict[str, Any], context: Context) -> str:
    """The time the meeting had when the user was asked (a question queued before the times
    were instants wrote it out already)."""
    if "meeting_start" in asked:
        return when(datetime.fromisoformat(asked["meeting_start"]), context.user)
    return str(asked.get("meeting_when", ""))
