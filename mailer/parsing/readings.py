"""What the handlers read in a message, worked out once and before the filing transaction.

Reading a forwarded invitation's calendar, or cutting the quoted text out of a reply, costs
milliseconds. Done inside the transaction that files the message, it would be done while the
database's one writer waits (and more than once: several handlers look at the reply's new
text). The pipeline's readers work it out in parallel instead, and the filing half gets it
ready-made; a handler given no readings works them out itself (:class:`~mailer.log.handling
.Context`), with the same result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from mailer.parsing.calendar import CalendarParseError, events_from_message
from mailer.parsing.quoting import strip_quotes_and_signature
from mailer.parsing.types import CalendarEvent, ParsedMessage


@dataclass(frozen=True)
class Readings:
    """A message's new text and calendar events (it pickles: it crosses processes)."""

    new_text: str | None
    """The text without what it replies to, nor its signature; None: not worked out (a
    calendar's covering note, which few handlers read)."""
    events: tuple[CalendarEvent, ...] = ()
    calendar_error: str = ""
    """Why no calendar of the message could be read ("" when one could, or there is none)."""


def new_text_of(message: ParsedMessage) -> str:
    return strip_quotes_and_signature(message.text or "")


def calendar_events(
    message: ParsedMessage, *, zone: tzinfo, now: datetime, horizon_weeks: int
) -> tuple[tuple[CalendarEvent, ...], str]:
    """The message's events, and why none could be read (:func:`events_from_message`)."""
    try:
        events = events_from_message(
            message, default_zone=zone, now=now, horizon=timedelta(weeks=horizon_weeks)
        )
    except CalendarParseError as exc:
        return (), str(exc)
    return tuple(events), ""


def read_ahead(
    message: ParsedMessage, *, zone: tzinfo, now: datetime, horizon_weeks: int
) -> Readings:
    """:class:`Readings` for a message about to be filed: its events, and the new text of a
    message without a calendar (a recap, a reply, a command: what the handlers read)."""
    events, error = calendar_events(message, zone=zone, now=now, horizon_weeks=horizon_weeks)
    return Readings(None if message.calendars else new_text_of(message), events, error)
