"""The pipeline handler for calendar invitations: every VEVENT becomes or updates a meeting."""

from __future__ import annotations

from datetime import timedelta

from mailer.log.handling import Context, NotUnderstood
from mailer.log.meetings import LogChanges, apply_event
from mailer.parsing.calendar import CalendarParseError, events_from_message


def log_invitations(context: Context) -> str | None:
    """Apply each calendar event in the message to the user's log; None when there is none."""
    try:
        events = events_from_message(
            context.message,
            default_zone=context.user.zone,
            now=context.now,
            horizon=timedelta(weeks=context.config.calendar.horizon_weeks),
        )
    except CalendarParseError as exc:
        raise NotUnderstood(f"the calendar in the message cannot be read: {exc}") from exc
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
    assumed = dict.fromkeys(note for event in events for note in event.notes)
    return "calendar: " + "; ".join([changes.summary(), *assumed])
