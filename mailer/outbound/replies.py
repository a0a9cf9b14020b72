"""Replies to the user about their own messages: why one could not be filed.

Never to a bounce, an auto-reply or a list (Auto-Submitted, Precedence, delivery reports), nor
to ourselves: an assistant that answers automatic mail starts mail loops.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from mailer.config import Config
from mailer.outbound.compose import make_message_id
from mailer.outbound.outbox import enqueue
from mailer.parsing.types import ParsedMessage
from mailer.said import as_json


def should_answer(config: Config, message: ParsedMessage) -> bool:
    sender = message.sender.email if message.sender else ""
    ours = sender.rpartition("@")[2] == config.inbound.domain.lower()
    return bool(sender) and not message.auto_submitted and not ours


def _reply(
    session: Session,
    config: Config,
    user_id: int,
    key: str,
    template: str,
    message: ParsedMessage,
    context: dict[str, object],
    now: datetime,
) -> bool:
    """Queue a reply to the user who sent ``message``, threaded under it."""
    sender = message.sender.email if message.sender else ""
    if config.user_for(sender) is None or not should_answer(config, message):
        return False  # guests and automatic mail get no replies
    return enqueue(
        session,
        user_id=user_id,
        key=key,
        recipient=sender,
        template=template,
        context={
            "original_subject": message.subject,
            "in_reply_to": message.message_id,
            "references": list(message.references),
            **context,
        },
        scheduled_at=now,
        message_id=make_message_id(config.inbound.domain),
    )


CONFIRMATIONS = frozenset({"confirmation", "correction"})
"""Templates that confirm what a message changed; each can be undone and corrected by reply."""


def confirm_to_sender(
    session: Session,
    config: Config,
    user_id: int,
    inbound_id: int,
    message: ParsedMessage,
    filed: dict[str, Any],
    now: datetime,
    *,
    undo: list[dict[str, object]] | None = None,
) -> bool:
    """Queue the confirmation of what a user's message put in the log (``filed``, the facts of
    :mod:`mailer.log.filed`), with the journal of those changes (:mod:`mailer.log.journal`)
    so that the user can undo them. A correction gets the short confirmation of corrections."""
    template = "correction" if filed.get("what") == "correction" else "confirmation"
    context = {"summary": filed.get("summary", ""), "filed": filed, "undo": undo or []}
    if filed.get("images"):  # the photos it shows (mailer/photos/attachments.py)
        context["images"] = filed["images"]
    return _reply(
        session,
        config,
        user_id,
        f"{template}:inbound:{inbound_id}",
        template,
        message,
        context,
        now,
    )


def tell_sender_why(
    session: Session,
    config: Config,
    user_id: int,
    inbound_id: int,
    message: ParsedMessage,
    reason: str,
    now: datetime,
) -> bool:
    """Queue the error reply to a user whose message could not be filed; True if queued.
    A :class:`~mailer.said.Said` reason is kept as its parts, to be read in the user's language."""
    return _reply(
        session,
        config,
        user_id,
        f"error-reply:inbound:{inbound_id}",
        "error_reply",
        message,
        {"reason": as_json(reason)},
        now,
    )
