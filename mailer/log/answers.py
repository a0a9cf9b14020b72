"""Answers by email: to our token addresses, and commands in replies to our prompts.

- ``approve+TOKEN@``: the user answers a thank-you draft with "send", their own version of the
  note, or "skip".
- ``unsubscribe+TOKEN@``: a contact opts out; honoured at dispatch, forever after.
- ``reply+TOKEN@``: a contact answered something we sent in the user's name; the keep-in-touch
  timer restarts and an invitation counts as answered (a calendar REPLY records their RSVP; a
  COUNTER, another time proposed, becomes a question to the user: :mod:`mailer.log.counters`).
- A reply to a prompt whose first line is "done", "snooze 2 weeks" or "skip" (English, Spanish,
  Catalan) acts on the prompt's items; anything else is left to the recap handler.

Messages from guests (contacts writing to their token address) stop here, whatever they contain:
they never reach the handlers that change the user's log.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mailer.log.counters import ask_about_counter
from mailer.log.handling import Context, NotUnderstood, replied_to
from mailer.log.meetings import LogChanges, apply_event
from mailer.models import ActionItem, Contact, Meeting, OutboxMessage
from mailer.outbound.addresses import OutboundAddresses
from mailer.outbound.compose import make_message_id
from mailer.outbound.outbox import enqueue
from mailer.parsing.calendar import CalendarParseError
from mailer.parsing.recap_dates import future_date
from mailer.photos.filing import keep_photos
from mailer.said import Said

SEND = re.compile(r"(?i)^\s*(send|send it|enviar|envíalo|envialo|envia-ho|ok,? send)\s*[.!]?\s*$")
SKIP = re.compile(r"(?i)^\s*(skip|no|cancel|saltar|omitir|no enviar|salta)\s*[.!]?\s*$")
DONE = re.compile(r"(?i)^\s*(done|hecho|fet|listo|fait)\s*[.!]?\s*$")
SNOOZE = re.compile(r"(?i)^\s*(?:snooze|later|posponer|pospón|ajornar)\b\s*(?P<when>.*)$")


def tokens_in(context: Context) -> list[tuple[str, int]]:
    """(purpose, outbox row id) for each token address of ours the message was sent to."""
    if not any("+" in address for address in context.inbound.envelope_to or []):
        return []  # no "purpose+token@" address: the key need not even be read
    addresses = OutboundAddresses.from_config(context.config)
    sender = context.message.sender.email if context.message.sender else ""
    found = []
    for recipient in context.inbound.envelope_to or []:
        claims = addresses.claims(recipient, sender) or addresses.claims(
            recipient, context.user.email
        )
        if claims:
            found.append((claims[0], claims[1].row_id))
    return found


def own_row(context: Context, row_id: int) -> OutboxMessage | None:
    row = context.session.get(OutboxMessage, row_id)
    return row if row is not None and row.user_id == context.user_id else None


@dataclass(frozen=True)
class DraftAnswer:
    """The user's answer to a draft of ours: "skip", "send" (``note`` empty), or their own
    version of the message (``note``, up to the quoted draft)."""

    skip: bool
    note: str
    first: str
    """The answer's first line, for commands a draft may take besides these."""


def draft_answer(context: Context) -> DraftAnswer:
    """Read the answer to a draft the way every draft is answered (thank-you notes,
    introductions)."""
    first, text = context.first_line, context.new_text
    if SKIP.match(first):
        return DraftAnswer(True, "", first)
    note = "" if SEND.match(first) else text.split("\n-----", 1)[0].strip()
    return DraftAnswer(False, note, first)


def answered_rows(context: Context) -> Iterator[tuple[str, OutboxMessage, bool]]:
    """(purpose, row, whether the user wrote) for each token address of ours the message was
    sent to whose outbox row is this user's."""
    sender = context.message.sender.email if context.message.sender else ""
    from_user = sender in context.user.addresses
    for purpose, row_id in tokens_in(context):
        row = own_row(context, row_id)
        if row is not None:
            yield purpose, row, from_user


def answer_tokens(context: Context) -> str | None:
    """Handler: mail to our token addresses, from the user or from the contact."""
    for purpose, row, from_user in answered_rows(context):
        if purpose == "approve" and from_user and row.template == "thank_you":
            return _approve(context, row)
        if purpose == "unsubscribe" and not from_user:
            return _unsubscribe(context, row)
        if purpose == "reply" and not from_user:
            return _answered(context, row)
    if not context.user_sender:
        return "guest message with no valid token: ignored"
    return None


def _approve(context: Context, draft: OutboxMessage) -> str:
    answer = draft_answer(context)
    if answer.skip:
        return "thank-you draft skipped"
    added = enqueue(
        context.session,
        user_id=context.user_id,
        key=f"thank-you-note:draft:{draft.id}",
        recipient=draft.context["contact_email"],
        template="thank_you_note",
        context={**draft.context, "note": answer.note},
        scheduled_at=context.now,
        contact_id=draft.context.get("contact_id"),
        message_id=make_message_id(context.config.inbound.domain),
    )
    who = draft.context.get("contact_name") or draft.context["contact_email"]
    return f"thank-you note to {who} queued" if added else "thank-you note already queued"


def _unsubscribe(context: Context, row: OutboxMessage) -> str:
    return opt_out(context.session, row, context.now)


def opt_out(session: Session, row: OutboxMessage, now: datetime) -> str:
    """The recipient of ``row`` opts out of the user's mail: now, and for what is queued."""
    contact = session.scalars(
        select(Contact).where(Contact.user_id == row.user_id, Contact.email == row.recipient)
    ).first()
    if contact is not None and not contact.opted_out:
        contact.opted_out = True
        contact.opted_out_at = now
    session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.user_id == row.user_id,
            OutboxMessage.recipient == row.recipient,
            OutboxMessage.status == "queued",
        )
        .values(status="suppressed", last_error="the recipient opted out")
    )
    return f"{row.recipient} opted out"


def heard_from(context: Context, row: OutboxMessage) -> Contact | None:
    """The recipient of ``row`` answered it: the row says so (the digest stops waiting) and
    their keep-in-touch timer restarts. Their contact, if they are one."""
    row.context = {**row.context, "answered": True}
    contact = context.session.scalars(
        select(Contact).where(Contact.user_id == context.user_id, Contact.email == row.recipient)
    ).first()
    if contact is not None:
        contact.last_interaction_at = context.now
    return contact


def _answered(context: Context, row: OutboxMessage) -> str:
    """The contact answered; a calendar REPLY from them updates their RSVP on that meeting."""
    heard_from(context, row)
    changes = LogChanges()
    try:
        events = context.events()
    except CalendarParseError:
        events = ()
    for event in events:
        own = tuple(a for a in event.attendees if a.person.email == row.recipient)
        if event.method == "COUNTER" and own and event.uid == row.context.get("uid"):
            return ask_about_counter(context, replace(event, attendees=own))
        if event.method == "REPLY" and own and event.uid == row.context.get("uid"):
            reply = replace(event, attendees=own)
            apply_event(context.session, context.user_id, reply, context.participants, changes)
    rsvp = f" ({changes.rsvps[0].rsvp})" if changes.rsvps else ""
    return f"{row.recipient} answered{rsvp}"


def _prompt(context: Context) -> OutboxMessage | None:
    return replied_to(context, ["followup_prompt", "recap_prompt"])


def answer_prompt_commands(context: Context) -> str | None:
    """Handler: "done" / "snooze 2 weeks" / "skip" in reply to one of our prompts."""
    prompt = _prompt(context)
    if prompt is None:
        return None
    first = context.first_line
    item_ids = [i["item_id"] for i in prompt.context.get("items", []) if i.get("item_id")]
    items = list(
        context.session.scalars(
            select(ActionItem).where(
                ActionItem.user_id == context.user_id, ActionItem.id.in_(item_ids or [0])
            )
        )
    )
    meeting_id = prompt.context.get("meeting_id")
    if DONE.match(first):
        for item in items:
            item.status, item.done_at = "done", context.now
        meeting = context.session.get(Meeting, meeting_id) if meeting_id else None
        if meeting is not None and meeting.user_id == context.user_id:
            meeting.status = "done"
            keep_photos(context, meeting)
        return f"done: {len(items)} item(s)" + (", meeting done" if meeting else "")
    if SKIP.match(first):
        for item in items:
            item.status = "cancelled"
        return f"skipped: {len(items)} item(s)"
    if match := SNOOZE.match(first):
        until = future_date(match["when"] or "1 week", sent_at=context.now, zone=context.user.zone)
        if until is None:
            raise NotUnderstood(
                Said(
                    "I could not read when to snooze until (%(when)s); write for example "
                    "'snooze 2 weeks', 'snooze until Monday' or 'posponer 3 días'",
                    when=repr(match["when"]),
                )
            )
        for item in items:
            item.due = until
        return f"snoozed {len(items)} item(s) until {until.isoformat()}"
    return None
