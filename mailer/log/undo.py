"""Handler: "undo" takes back what a filed message put in the log.

Every confirmation of a filed message carries its journal (:mod:`mailer.log.journal`) and a
signed ``undo+…@`` address. Writing to that address, or replying "undo" (Spanish "deshacer",
Catalan "desfer") to the confirmation, reverses the filing once; the user is told what could
not be taken back (a message already sent, a contact other entries now use).
"""

from __future__ import annotations

import re

from sqlalchemy import select

from mailer.log.answers import tokens_in
from mailer.log.handling import Context
from mailer.log.journal import undo
from mailer.models import OutboxMessage
from mailer.outbound.replies import CONFIRMATIONS
from mailer.photos.cleanup import files_follow_rows
from mailer.photos.store import PhotoStore
from mailer.said import as_json

UNDO = re.compile(r"(?i)^\s*(undo|deshacer|desfer|desfés|annuler)\s*[.!]?\s*$")


def _confirmation(context: Context) -> OutboxMessage | None:
    """The confirmation this message asks to undo: by its undo address, or replied to."""
    ids = [row_id for purpose, row_id in tokens_in(context) if purpose == "undo"]
    if not ids:
        replied = [*context.message.in_reply_to, *context.message.references]
        if not replied or not UNDO.match(context.first_line):
            return None
        where = OutboxMessage.message_id.in_(replied)
    else:
        where = OutboxMessage.id.in_(ids)
    return context.session.scalars(
        select(OutboxMessage).where(
            where,
            OutboxMessage.user_id == context.user_id,
            OutboxMessage.template.in_(CONFIRMATIONS),
        )
    ).first()


def undo_filing(context: Context) -> str | None:
    sender = context.message.sender.email if context.message.sender else ""
    if sender not in context.user.addresses:
        return None
    confirmation = _confirmation(context)
    if confirmation is None:
        return None
    return take_back(context, confirmation)


def take_back(context: Context, confirmation: OutboxMessage) -> str:
    """Undo what ``confirmation`` confirmed, once; the confirmation of it says what was taken
    back (the facts of the undone filing) and what could not be."""
    filed = confirmation.context.get("original_subject") or "your message"
    again = bool(confirmation.context.get("undone"))
    with files_follow_rows(context.session, PhotoStore(context.config.photos_dir), context.user_id):
        kept = [] if again else undo(context.session, confirmation.context.get("undo") or [])
    confirmation.context = {**confirmation.context, "undone": True}
    context.filed.what = "undone"
    context.filed.details = {
        "undone": confirmation.context.get("filed") or {},
        "kept": [as_json(k) for k in kept],
        "again": again,
    }
    if again:
        return f"already undone: {filed}"
    summary = f"undone: {filed} ({confirmation.context.get('summary', '')})"
    return summary + ("; not taken back: " + "; ".join(kept) if kept else "")
