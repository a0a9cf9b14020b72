"""The contract between the pipeline and the handlers that give a message its meaning.

A handler is a small function: given a :class:`Context` it returns a one-line summary of what it
logged, or None when the message is not its kind, so new kinds of message (recaps, commands)
are added as new handlers rather than branches in one class.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailer.config import Config, UserConfig
from mailer.log.meetings import Participants
from mailer.models import InboundMessage, OutboxMessage
from mailer.parsing.calendar import CalendarParseError
from mailer.parsing.readings import Readings, calendar_events, new_text_of
from mailer.parsing.types import CalendarEvent, ParsedMessage, Recap
from mailer.photos.develop import ReadPhotos


class NotUnderstood(Exception):
    """A handler recognised the message but cannot use it; the message says what was expected,
    as words (:class:`~mailer.said.Said`) the reply translates into the user's language."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Filed:
    """What a handler filed, for the confirmation to show (:mod:`mailer.log.filed`): the
    meetings it wrote to, the recap it read, and what else the confirmation needs to say."""

    what: str = ""
    """ "meetings", "undone", "correction"; "" lets the journal tell (invitations, reminders)."""
    meeting_ids: list[int] = field(default_factory=list)
    recap: Recap | None = None
    details: dict[str, Any] = field(default_factory=dict)
    confirm: bool = False
    """Confirm it even though the handler is not one that confirms (a "done" with a photo)."""


@dataclass
class Context:
    """What a handler sees of one message; the session is inside the claiming transaction."""

    session: Session
    config: Config
    user: UserConfig
    user_id: int
    inbound: InboundMessage
    message: ParsedMessage
    now: datetime
    filed: Filed = field(default_factory=Filed)
    photos: ReadPhotos = field(default_factory=ReadPhotos)
    """The message's photos, read before the transaction (:mod:`mailer.photos`)."""
    readings: Readings | None = None
    """Its new text and calendar events, read before the transaction
    (:mod:`mailer.parsing.readings`); None: worked out here when a handler asks."""

    @property
    def new_text(self) -> str:
        """The message's text without what it replies to, nor its signature."""
        if self.readings is not None and self.readings.new_text is not None:
            return self.readings.new_text
        return new_text_of(self.message)  # remembered: asking again costs nothing

    @property
    def first_line(self) -> str:
        """The first line of :attr:`new_text` that is not blank: where a command is ("done",
        "skip", "3", "invite 1")."""
        return next((line for line in self.new_text.splitlines() if line.strip()), "")

    def events(self) -> tuple[CalendarEvent, ...]:
        """The message's calendar events; :class:`CalendarParseError` when no calendar of it
        can be read."""
        if self.readings is None:
            self.readings = Readings(None, *self._calendar_events())
        if self.readings.calendar_error:
            raise CalendarParseError(self.readings.calendar_error)
        return self.readings.events

    def _calendar_events(self) -> tuple[tuple[CalendarEvent, ...], str]:
        horizon_weeks = self.config.calendar.horizon_weeks
        return calendar_events(
            self.message, zone=self.user.zone, now=self.now, horizon_weeks=horizon_weeks
        )

    @property
    def user_sender(self) -> str:
        """The From address when it is one of the user's own, else "" (a guest, a forward)."""
        sender = self.message.sender.email if self.message.sender else ""
        return sender if sender in self.user.addresses else ""

    @property
    def participants(self) -> Participants:
        return Participants(
            frozenset(self.user.addresses), self.config.inbound.domain.lower(), self.now
        )


def addressed_to(context: Context, local_parts: Collection[str]) -> bool:
    """Was the message sent to one of our command addresses named ``local_parts`` (intro@,
    about@...), with or without a ``+tag``?"""
    domain = context.config.inbound.domain.lower()
    for address in context.inbound.envelope_to or []:
        local, _, at = address.lower().rpartition("@")
        if at == domain and local.split("+")[0] in local_parts:
            return True
    return False


def replied_to(context: Context, templates: Collection[str]) -> OutboxMessage | None:
    """The user's own email of ours (one of ``templates``) that this message answers, found by
    its In-Reply-To and References."""
    ids = [*context.message.in_reply_to, *context.message.references]
    if not ids:
        return None
    return context.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.user_id == context.user_id,
            OutboxMessage.message_id.in_(ids),
            OutboxMessage.template.in_(list(templates)),
        )
    ).first()


Handler = Callable[[Context], str | None]
