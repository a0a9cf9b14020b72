"""The pipeline handler for calendar invitations: every VEVENT becomes or updates a meeting
(:mod:`mailer.log.meetings`)."""

from __future__ import annotations

from mailer.log.handling import Context, NotUnderstood
from mailer.log.meetings import LogChanges, apply_event
from mailer.parsing.calendar import CalendarParseError
from mailer.photos.filing import keep_photos
from mailer.said import Said, as_json


def log_invitations(context: Context) -> str | None:
    """Apply each calendar event in the message to the user's log; None when there is none."""
    try:
        events = context.events()
    except CalendarParseError as exc:
        raise NotUnderstood(
            Said("the calendar in the message cannot be read: %(error)s", error=exc)
        ) from exc
    if not events:
        return None
    changes = LogChanges()
    for event in events:
        apply_event(
            context.session,
            context.user_id,
            event,
            context.participants,
            changes,
            inbound_message_id=context.inbound.id,
        )
    context.session.flush()
    touched = [*changes.created, *changes.updated, *changes.cancelled, *changes.seen]
    context.filed.what = "meetings"
    context.filed.meeting_ids = list(dict.fromkeys(m.id for m in touched))
    assumed = dict.fromkeys(note for event in events for note in event.notes)
    context.filed.details["assumed"] = [as_json(note) for note in assumed]
    keep_photos(context, touched[0] if touched else None)
    return "calendar: " + "; ".join([changes.summary(), *assumed])
