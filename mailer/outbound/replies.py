"""Replies to the user about their own messages: why one could not be filed.

Never to a bounce, an auto-reply or a list (Auto-Submitted, Precedence, delivery reports), nor
to ourselves: an assistant that answers automatic mail starts mail loops.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from mailer.config import Config
from mailer.models import User
from mailer.outbound.compose import make_message_id
from mailer.outbound.outbox import enqueue
from mailer.parsing.types import ParsedMessage


def should_answer(config: Config, message: ParsedMessage) -> bool:
    sender = message.sender.email if message.sender else ""
    ours = sender.rpartition("@")[2] == config.inbound.domain.lower()
    return bool(sender) and not message.auto_submitted and not ours


def tell_sender_why(
    session: Session,
    config: Config,
    user_id: int,
    inbound_id: int,
    message: ParsedMessage,
    reason: str,
    now: datetime,
) -> bool:
    """Queue the error reply to a user whose message could not be filed; True if queued."""
    user = session.get(User, user_id)
    sender = message.sender.email if message.sender else ""
    user_config = config.user_for(sender)
    if user is None or user_config is None or not should_answer(config, message):
        return False  # guests and automatic mail get no error replies
    return enqueue(
        session,
        user_id=user_id,
        key=f"error-reply:inbound:{inbound_id}",
        recipient=sender,
        template="error_reply",
        context={
            "original_subject": message.subject,
            "reason": reason,
            "in_reply_to": message.message_id,
            "references": list(message.references),
        },
        scheduled_at=now,
        message_id=make_message_id(config.inbound.domain),
    )
