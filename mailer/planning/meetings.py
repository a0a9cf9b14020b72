"""After a meeting: the thank-you note (as a draft for the user, by default) and the recap prompt.

Only recent one-to-few meetings count: a forwarded invite for a meeting that ended weeks ago, or
a 30-person all-hands, gets no thank-you. Opted-out contacts are left out here and again at
dispatch, since an opt-out may arrive after a row was queued.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mailer.models import Attendee, Meeting
from mailer.outbound.outbox import enqueue
from mailer.planning.context import PlanningContext

RECENT = timedelta(days=7)
MAX_PEOPLE = 3


def ended_meetings(session: Session, user_id: int, now: datetime) -> list[Meeting]:
    """Meetings of the user that ended in the last week and were not cancelled."""
    return list(
        session.scalars(
            select(Meeting)
            .where(
                Meeting.user_id == user_id,
                Meeting.status != "cancelled",
                Meeting.end <= now,
                Meeting.end > now - RECENT,
            )
            .options(selectinload(Meeting.attendees).selectinload(Attendee.contact))
        )
    )


def _people(meeting: Meeting) -> list[Attendee]:
    attendees = [a for a in meeting.attendees if a.contact.email and a.rsvp != "declined"]
    return attendees if 0 < len(attendees) <= MAX_PEOPLE else []


def plan_after_meetings(context: PlanningContext) -> int:
    """Enqueue thank-you notes and recap prompts for meetings that just ended."""
    session, user, planning = context.session, context.user, context.config.planning
    added = 0
    for meeting in ended_meetings(session, context.user_id, context.now):
        people = _people(meeting)
        if not people:
            continue
        local_end = meeting.end.astimezone(user.zone)
        thank_on = local_end.date() + timedelta(days=planning.thank_you_delay_days)
        thank_at = datetime.combine(thank_on, time(planning.thank_you_hour), user.zone)
        for attendee in people:
            contact = attendee.contact
            if contact.opted_out:
                continue
            draft = planning.thank_you_approval
            added += enqueue(
                session,
                user_id=context.user_id,
                key=f"thank-you:meeting:{meeting.id}:contact:{contact.id}",
                recipient=user.email if draft else contact.email or "",
                template="thank_you" if draft else "thank_you_note",
                context=context.meeting_context(meeting, contact),
                scheduled_at=thank_at,
                contact_id=None if draft else contact.id,
                message_id=context.new_message_id(),
            )
        if meeting.status == "planned":
            added += enqueue(
                session,
                user_id=context.user_id,
                key=f"recap-prompt:meeting:{meeting.id}",
                recipient=user.email,
                template="recap_prompt",
                context=context.meeting_context(meeting, people[0].contact),
                scheduled_at=meeting.end + timedelta(hours=planning.recap_prompt_delay_hours),
                message_id=context.new_message_id(),
            )
    return added
