"""File a recap: the meeting it describes, the people, what was given and got, what is owed.

A recap is matched to a logged meeting with one of its people near the date it names (so a
recap after a forwarded invite completes that meeting); otherwise it becomes a new meeting,
done. Promises become action items, introductions naming both people, and "follow up in 2
weeks" a follow-up with a due date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from mailer.log.contacts import contacts_for_names, people_except, upsert_contact
from mailer.log.handling import Context, NotUnderstood
from mailer.log.meeting_facts import refresh_queued
from mailer.models import ActionItem, Attendee, Contact, Meeting, OutboxMessage
from mailer.parsing.recap import parse_recap
from mailer.parsing.types import Person, Recap
from mailer.photos.filing import keep_photos
from mailer.said import Said

MATCH_WINDOW = timedelta(days=3)
REASONS = {
    "intro": "promised introduction",
    "task": "promised in a recap",
    "owed": "promised to you in a recap",
}
RECAP_LOCAL_PARTS = frozenset({"recap", "recaps", "resumen", "resum"})


def addressed_to_recap(context: Context) -> bool:
    """Sent to recap@ (or a translation of it), or a reply to one of our prompts."""
    domain = context.config.inbound.domain.lower()
    for address in context.inbound.envelope_to or []:
        local, _, at = address.lower().rpartition("@")
        if at == domain and local.split("+")[0] in RECAP_LOCAL_PARTS:
            return True
    return prompt_meeting(context) is not None


def prompt_meeting(context: Context) -> Meeting | None:
    """The meeting of the prompt this message replies to (by In-Reply-To/References)."""
    ids = [*context.message.in_reply_to, *context.message.references]
    if not ids:
        return None
    prompt = context.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.user_id == context.user_id, OutboxMessage.message_id.in_(ids)
        )
    ).first()
    meeting_id = (prompt.context or {}).get("meeting_id") if prompt else None
    if meeting_id is None:
        return None
    meeting = context.session.get(Meeting, meeting_id)
    return meeting if meeting is not None and meeting.user_id == context.user_id else None


def log_recap_when_addressed(context: Context) -> str | None:
    """Handler: a message to recap@ or a reply to a prompt is a recap, calendar or not."""
    return file_recap(context) if addressed_to_recap(context) else None


def log_recap(context: Context) -> str | None:
    """Handler of last resort: a message without a calendar is read as a recap."""
    if context.message.calendars:
        return None
    return file_recap(context)


def _known_names(session: Session, user_id: int) -> dict[str, str]:
    """Lower-cased full names, and first names that only one contact has, to addresses."""
    with_address = Contact.email.is_not(None)  # so every email read here is a str
    rows = cast(
        "Sequence[Row[str, str]]",
        session.execute(
            select(Contact.name, Contact.email).where(
                Contact.user_id == user_id, with_address, Contact.name != ""
            )
        ).all(),
    )
    names: dict[str, str] = {name.lower(): email for name, email in rows}
    firsts: dict[str, set[str]] = {}
    for name, email in rows:
        firsts.setdefault(name.split()[0].lower(), set()).add(email)
    for first, emails in firsts.items():
        if len(emails) == 1:
            names.setdefault(first, next(iter(emails)))
    return names


def file_recap(context: Context) -> str:
    session, user_id = context.session, context.user_id
    sent_at = context.message.date or context.now
    recap = parse_recap(
        context.message.text,
        subject=context.message.subject,
        sent_at=sent_at,
        zone=context.user.zone,
        known_names=_known_names(session, user_id),
    )
    met_on = recap.met_on or sent_at
    people = people_except(
        recap.people, set(context.participants.own_addresses), context.participants.assistant_domain
    )
    contacts = [upsert_contact(session, user_id, p, seen_at=met_on) for p in people]
    named = contacts_for_names(session, user_id, recap.names_without_address, seen_at=met_on)
    contacts += [c for c in named if c not in contacts]
    meeting = prompt_meeting(context) or _matching_meeting(session, user_id, contacts, met_on)
    if meeting is None:
        if not contacts:
            raise NotUnderstood(_whom_did_you_meet(recap))
        meeting = _new_meeting(context, recap, met_on)
    _fill_meeting(session, user_id, meeting, recap, contacts)
    for contact in [a.contact for a in meeting.attendees]:
        if contact.last_interaction_at is None or contact.last_interaction_at < met_on:
            contact.last_interaction_at = met_on
    for contact in contacts:  # mail about this meeting follows through refresh_queued below
        if recap.language and contact.language is None:
            contact.language = recap.language
    items = file_action_items(context, meeting, recap, contacts)
    session.flush()
    refresh_queued(session, user_id, meeting, context.user.zone)
    context.filed.what, context.filed.recap = "meetings", recap
    context.filed.meeting_ids = [meeting.id]
    keep_photos(context, meeting)
    who = ", ".join(c.name or c.email or "" for c in contacts) or meeting.title
    summary = f"recap: {meeting.title or 'meeting'} with {who}"
    if items:
        summary += f"; {items} action item{'s' if items > 1 else ''}"
    if recap.names_without_address:
        summary += "; no address for " + ", ".join(recap.names_without_address)
    return summary


def _whom_did_you_meet(recap: Recap) -> Said:
    example = "Anna Ruiz <anna@example.com>"
    if recap.names_without_address:
        return Said(
            "this message has no calendar invitation and I could not tell whom you met "
            "(I could not find %(names)s among your contacts). Forward the invitation itself, "
            "or write a recap naming the person with their address, e.g. 'Coffee with "
            "%(example)s this morning.'",
            names=", ".join(recap.names_without_address),
            example=example,
        )
    return Said(
        "this message has no calendar invitation and I could not tell whom you met. Forward "
        "the invitation itself, or write a recap naming the person with their address, e.g. "
        "'Coffee with %(example)s this morning.'",
        example=example,
    )


def _matching_meeting(
    session: Session, user_id: int, contacts: list[Contact], met_on: datetime
) -> Meeting | None:
    """The logged meeting with one of these people closest to ``met_on``, within 3 days."""
    if not contacts:
        return None
    candidates = session.scalars(
        select(Meeting)
        .join(Attendee, Attendee.meeting_id == Meeting.id)
        .where(
            Meeting.user_id == user_id,
            Meeting.status != "cancelled",
            Attendee.contact_id.in_([c.id for c in contacts]),
            Meeting.start.between(met_on - MATCH_WINDOW, met_on + MATCH_WINDOW),
        )
    ).all()
    return min(candidates, key=lambda m: abs(m.start - met_on), default=None)


def _new_meeting(context: Context, recap: Recap, met_on: datetime) -> Meeting:
    key = context.message.message_id or f"inbound-{context.inbound.id}"
    uid = "recap-" + hashlib.sha256(key.encode()).hexdigest()[:24] + "@mailer"
    filed = context.session.scalars(
        select(Meeting).where(
            Meeting.user_id == context.user_id, Meeting.uid == uid, Meeting.recurrence_key == ""
        )
    ).first()
    if filed is not None:  # this Message-ID again (resent, or reprocessed): its own meeting
        return filed
    names = [*(p.name or p.email for p in recap.people), *recap.names_without_address]
    meeting = Meeting(
        user_id=context.user_id,
        uid=uid,
        recurrence_key="",
        title="Met " + ", ".join(names) if names else "Meeting",
        start=met_on,
        end=met_on + timedelta(hours=1),
        source="text",
        status="done",
        kind=recap.kind,
        location=recap.place,
        inbound_message_id=context.inbound.id,
    )
    context.session.add(meeting)
    context.session.flush()
    return meeting


def _fill_meeting(
    session: Session, user_id: int, meeting: Meeting, recap: Recap, contacts: list[Contact]
) -> None:
    if meeting.status != "cancelled":
        meeting.status = "done"
    meeting.gave = [*(meeting.gave or []), *(g for g in recap.gave if g not in meeting.gave)]
    meeting.got = [*(meeting.got or []), *(g for g in recap.got if g not in meeting.got)]
    meeting.tags = [*(meeting.tags or []), *(t for t in recap.tags if t not in meeting.tags)]
    if recap.notes and recap.notes not in meeting.notes:
        meeting.notes = f"{meeting.notes}\n\n{recap.notes}".strip()
    if recap.place and not meeting.location:
        meeting.location = recap.place
    if recap.kind and not meeting.kind:
        meeting.kind = recap.kind
    present = {a.contact_id for a in meeting.attendees}
    for contact in contacts:
        if contact.id not in present:
            meeting.attendees.append(Attendee(user_id=user_id, contact=contact, rsvp="accepted"))


def file_action_items(context: Context, meeting: Meeting, recap: Recap, met: list[Contact]) -> int:
    """Store promises and the follow-up; a message read twice does not duplicate them."""
    session, user_id = context.session, context.user_id
    main = met[0] if met else next((a.contact for a in meeting.attendees), None)
    existing = {
        (kind, text)
        for kind, text in session.execute(
            select(ActionItem.kind, ActionItem.text).where(
                ActionItem.user_id == user_id, ActionItem.meeting_id == meeting.id
            )
        )
    }
    count = 0

    def add(kind: str, text: str, **values: object) -> None:
        nonlocal count
        if (kind, text) in existing:
            return
        existing.add((kind, text))
        session.add(
            ActionItem(user_id=user_id, meeting_id=meeting.id, kind=kind, text=text, **values)
        )
        count += 1

    met_emails = {c.email for c in met} | ({main.email} if main else set())
    for item in recap.action_items:
        others = [p for p in item.people if p.email not in met_emails]
        other = (
            _contact_for(session, user_id, others[0]) if item.kind == "intro" and others else None
        )
        add(
            item.kind,
            item.text,
            contact_id=main.id if main else None,
            other_contact_id=other.id if other else None,
            due=item.due,
            reason=REASONS.get(item.kind, REASONS["task"]),
        )
    if recap.follow_up_on:
        for contact in met or ([main] if main else []):
            add(
                "followup",
                f"Follow up with {contact.name or contact.email}",
                contact_id=contact.id,
                due=recap.follow_up_on,
                reason=f"asked for in the recap ({recap.follow_up_phrase or 'a date'})",
            )
    return count


def _contact_for(session: Session, user_id: int, person: Person) -> Contact | None:
    return upsert_contact(session, user_id, person) if "@" in person.email else None
