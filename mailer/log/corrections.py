"""Handler: a reply to a confirmation corrects what was filed, line by line.

The lines are read by :mod:`mailer.parsing.corrections`; here each one changes the meeting the
confirmation was about (its follow-up, people, what was given and got, place, kind, a person's
name or language), or, for "undo", takes the whole filing back. Each change is recorded for the
short confirmation the user gets back, and each line not understood is quoted in it with the
forms that work. A reply is applied once: its Message-ID is kept on the confirmation, so the
same reply delivered or processed again changes nothing (and every change is a "set", never an
"add one more", so even a copy with a new Message-ID lands in the same state). The pipeline
journals these changes like any filing, so the answer can be undone too.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import select

from mailer.log.contacts import upsert_contact
from mailer.log.filed import names_of
from mailer.log.handling import Context
from mailer.log.meeting_facts import refresh_queued, set_contact_language
from mailer.log.recaps import file_action_items
from mailer.log.undo import take_back
from mailer.models import ActionItem, Attendee, Contact, Meeting, OutboxMessage
from mailer.outbound.replies import CONFIRMATIONS
from mailer.parsing.corrections import Correction, read_corrections
from mailer.photos.filing import has_photos, keep_photos

Change = dict[str, Any]
MAX_CAPTION_CHARS = 2200
"""The longest caption a photo site takes (Instagram's)."""


def _replied_confirmation(context: Context) -> OutboxMessage | None:
    ids = [*context.message.in_reply_to, *context.message.references]
    if not ids:
        return None
    return context.session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.user_id == context.user_id,
            OutboxMessage.message_id.in_(ids),
            OutboxMessage.template.in_(CONFIRMATIONS),
        )
        .order_by(OutboxMessage.id.desc())
    ).first()


def _meeting_of(context: Context, confirmation: OutboxMessage) -> Meeting | None:
    filed = (confirmation.context or {}).get("filed") or {}
    for shown in filed.get("meetings", []):
        meeting = context.session.get(Meeting, shown.get("id"))
        if meeting is not None and meeting.user_id == context.user_id:
            return meeting
    return None


def correct_by_reply(context: Context) -> str | None:
    """Handler: the user's reply to one of their confirmations, as corrections."""
    if not context.user_sender:
        return None
    confirmation = _replied_confirmation(context)
    if confirmation is None:
        return None
    sent_at = context.message.date or context.now
    lines = read_corrections(context.message.text, sent_at=sent_at, zone=context.user.zone)
    if not lines and not has_photos(context):
        return None
    if any(c.action == "undo" for c in lines):
        return take_back(context, confirmation)
    meeting = _meeting_of(context, confirmation)
    applied = list((confirmation.context or {}).get("corrected_by", []))
    again = bool(context.message.message_id) and context.message.message_id in applied
    changes: list[Change] = []
    if meeting is not None and not again:
        for correction in lines:
            changes += apply(context, meeting, correction)
        context.session.flush()
        refresh_queued(context.session, context.user_id, meeting, context.user.zone)
        if context.message.message_id:
            confirmation.context = {
                **confirmation.context,
                "corrected_by": [*applied, context.message.message_id],
            }
    unread = [c.line for c in lines if c.action == "unknown" or meeting is None]
    unread += [change["line"] for change in changes if change["what"] == "not-found"]
    done = [change for change in changes if change["what"] != "not-found"]
    context.filed.what = "correction" if lines else ""  # a photo alone: confirmed as filed
    context.filed.details = {
        "changes": done,
        "not_understood": unread,
        "again": again,
        "meetings": [_meeting_line(meeting)] if meeting is not None else [],
        "reply_text": context.new_text[:2000],
    }
    keep_photos(context, meeting)
    if again:
        return "corrections already applied"
    return "corrected: " + (", ".join(c["what"] for c in done) or "nothing")


def _meeting_line(meeting: Meeting) -> dict[str, Any]:
    names = [a.contact.name or a.contact.email or "" for a in meeting.attendees]
    return {
        "id": meeting.id,
        "kind": meeting.kind,
        "start": meeting.start.isoformat(),
        "name": names_of(names),
        "status": meeting.status,
    }


def apply(context: Context, meeting: Meeting, correction: Correction) -> list[Change]:
    """Make one correction; what changed, as the confirmation says it."""
    line, value = correction.line, correction.value
    action = correction.action
    if action == "follow_up" and correction.on:
        return _follow_up(context, meeting, correction.on, line)
    if action == "no_follow_up":
        return _no_follow_up(context, meeting, line)
    if action in ("gave", "got"):
        items = list(getattr(meeting, action) or [])
        if value not in items:
            setattr(meeting, action, [*items, value])
        return [{"what": action, "value": value, "line": line}]
    if action == "place":
        was, meeting.location = meeting.location, value
        return [{"what": "place", "value": value, "was": was, "line": line}]
    if action == "kind":
        was, meeting.kind = meeting.kind, value
        return [{"what": "kind", "value": value, "was": was, "line": line}]
    if action == "caption":
        was, meeting.caption = meeting.caption, value[:MAX_CAPTION_CHARS]
        return [{"what": "caption", "value": meeting.caption, "was": was, "line": line}]
    if action == "add":
        return _add(context, meeting, correction)
    if action == "remove":
        return _remove(context, meeting, value, line)
    if action == "name":
        return _rename(meeting, value, line)
    if action == "language":
        people = [a.contact for a in meeting.attendees]
        for contact in people:
            set_contact_language(context.session, context.user_id, contact, value)
        names = [c.name or c.email for c in people]
        return [{"what": "language", "value": value, "people": names, "line": line}]
    if action == "recap" and correction.recap is not None:
        return _sentence(context, meeting, correction)
    return []


def _followups(context: Context, meeting: Meeting) -> list[ActionItem]:
    return list(
        context.session.scalars(
            select(ActionItem)
            .where(
                ActionItem.user_id == context.user_id,
                ActionItem.meeting_id == meeting.id,
                ActionItem.kind == "followup",
                ActionItem.status == "open",
            )
            .order_by(ActionItem.id)
        )
    )


def _follow_up(context: Context, meeting: Meeting, on: date, line: str) -> list[Change]:
    """Exactly one open follow-up per person of the meeting, due ``on``."""
    open_items = _followups(context, meeting)
    was = min((i.due for i in open_items if i.due), default=None)
    for attendee in meeting.attendees:
        contact = attendee.contact
        theirs = [i for i in open_items if i.contact_id == contact.id]
        if theirs:
            theirs[0].due = on
            for extra in theirs[1:]:
                extra.status = "cancelled"
        else:
            context.session.add(
                ActionItem(
                    user_id=context.user_id,
                    meeting_id=meeting.id,
                    contact_id=contact.id,
                    kind="followup",
                    text=f"Follow up with {contact.name or contact.email}",
                    due=on,
                    reason="set by a reply to the confirmation",
                )
            )
    return [{"what": "follow_up", "value": on.isoformat(),
             "was": was.isoformat() if was else None, "line": line}]  # fmt: skip


def _no_follow_up(context: Context, meeting: Meeting, line: str) -> list[Change]:
    open_items = _followups(context, meeting)
    for item in open_items:
        item.status = "cancelled"
    was = min((i.due for i in open_items if i.due), default=None)
    return [{"what": "no_follow_up", "was": was.isoformat() if was else None, "line": line}]


def _folded(text: str) -> str:
    """Lower case without accents: "Jordi" finds "jordi", "Martí" finds "marti"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def _attendee_named(meeting: Meeting, who: str) -> Attendee | None:
    """The person ``who`` names: by address, full name, first name, or address local part."""
    wanted = _folded(who)
    for test in (
        lambda c: _folded(c.email or "") == wanted,
        lambda c: _folded(c.name or "") == wanted,
        lambda c: bool(c.name) and _folded(c.name.split()[0]) == wanted,
        lambda c: _folded((c.email or "").split("@")[0]) == wanted,
    ):
        found = [a for a in meeting.attendees if test(a.contact)]
        if len(found) == 1:
            return found[0]
    return None


def _add(context: Context, meeting: Meeting, correction: Correction) -> list[Change]:
    person = correction.person
    if person is None:  # a name alone: someone already in the contacts
        contact = _contact_named(context, correction.value)
    else:
        contact = upsert_contact(context.session, context.user_id, person)
    if contact is None:
        return [{"what": "not-found", "line": correction.line}]
    if all(a.contact_id != contact.id for a in meeting.attendees):
        meeting.attendees.append(
            Attendee(user_id=context.user_id, contact=contact, rsvp="accepted")
        )
    context.session.flush()
    due = min((i.due for i in _followups(context, meeting) if i.due), default=None)
    if due is not None:
        _follow_up(context, meeting, due, correction.line)
    return [{"what": "add", "value": contact.name or contact.email, "line": correction.line}]


def _contact_named(context: Context, name: str) -> Contact | None:
    wanted = _folded(name)
    found = [
        c
        for c in context.session.scalars(select(Contact).where(Contact.user_id == context.user_id))
        if _folded(c.name or "") == wanted or _folded(c.email or "") == wanted
    ]
    return found[0] if len(found) == 1 else None


def _remove(context: Context, meeting: Meeting, who: str, line: str) -> list[Change]:
    attendee = _attendee_named(meeting, who)
    if attendee is None:
        return [{"what": "not-found", "line": line}]
    contact = attendee.contact
    meeting.attendees.remove(attendee)
    for item in context.session.scalars(
        select(ActionItem).where(
            ActionItem.meeting_id == meeting.id,
            ActionItem.contact_id == contact.id,
            ActionItem.status == "open",
        )
    ):
        item.status = "cancelled"
    return [{"what": "remove", "value": contact.name or contact.email, "line": line}]


def _rename(meeting: Meeting, name: str, line: str) -> list[Change]:
    """The one person of the meeting, or the one whose first name the new name starts with."""
    people = meeting.attendees
    attendee = people[0] if len(people) == 1 else _attendee_named(meeting, name.split()[0])
    if attendee is None:
        return [{"what": "not-found", "line": line}]
    was, attendee.contact.name = attendee.contact.name, name
    return [{"what": "name", "value": name, "was": was, "line": line}]


def _sentence(context: Context, meeting: Meeting, correction: Correction) -> list[Change]:
    """A free sentence: whatever the recap reader found in it, applied like its own line."""
    recap = correction.recap
    assert recap is not None
    line = correction.line
    changes: list[Change] = []
    if correction.value:
        changes += apply(context, meeting, Correction("kind", line, correction.value))
    if recap.follow_up_on:
        changes += _follow_up(context, meeting, recap.follow_up_on, line)
    if recap.place:
        changes += apply(context, meeting, Correction("place", line, recap.place))
    for action, values in (("gave", recap.gave), ("got", recap.got)):
        for value in values:
            changes += apply(context, meeting, Correction(action, line, value))  # type: ignore[arg-type]
    for person in recap.people:
        changes += _add(context, meeting, Correction("add", line, person.name or "", person=person))
    if recap.action_items:
        met = [a.contact for a in meeting.attendees]
        promises = replace(recap, follow_up_on=None, gave=(), got=(), tags=(), notes="")
        if file_action_items(context, meeting, promises, met):
            changes += [{"what": "promise", "value": i.text, "line": line}
                        for i in recap.action_items]  # fmt: skip
    return changes
