"""What a filed message put in the log, as its confirmation shows it: plain data, any language.

Built after the handler ran, from the meetings it names (:class:`~mailer.log.handling.Filed`)
and the journal of what it changed (:mod:`mailer.log.journal`): that journal tells a new
contact from a known one, and an invitation moved or cancelled from one filed again unchanged.
Times are ISO 8601 in UTC; the templates write them in the user's zone and language, so the
facts stored with the confirmation stay true whatever the user reads them in.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailer.log.handling import Context
from mailer.log.journal import Entry
from mailer.models import ActionItem, Contact, Meeting, OutboxMessage
from mailer.said import as_json

MEETINGS_SHOWN = 3
"""A recurring series confirms its first occurrences and counts the rest."""


def describe_filing(context: Context, summary: str, entries: list[Entry]) -> dict[str, Any]:
    """The facts of the confirmation of what ``context``'s handler did."""
    filed = context.filed
    base: dict[str, Any] = {"summary": summary, "what": filed.what or "summary", **filed.details}
    base["said"] = as_json(summary)  # the summary in the user's language, where it has words
    if filed.what == "meetings":
        return {**base, **_meetings(context, entries)}
    if filed.what:
        return base
    queued = [e["key"] for e in entries if e["op"] == "queue"]
    invited = [k for k in queued if k.startswith("invite:contact:")]
    reminders = [k for k in queued if k.startswith("reminder:inbound:")]
    if invited:
        ids = [int(k.split(":")[2]) for k in invited]
        contacts = context.session.scalars(select(Contact).where(Contact.id.in_(ids))).all()
        return {**base, "what": "invited", "people": [_person(c, set(), None) for c in contacts]}
    if reminders:
        row = context.session.scalars(
            select(OutboxMessage).where(OutboxMessage.idempotency_key == reminders[0])
        ).one()
        people = [p.get("name") or p["email"] for p in row.context.get("people", [])]
        return {**base, "what": "reminder", "at": row.scheduled_at.isoformat(), "people": people}
    return base


def _meetings(context: Context, entries: list[Entry]) -> dict[str, Any]:
    session = context.session
    ids = context.filed.meeting_ids
    found = (session.get(Meeting, i) for i in ids)  # the handler's own, in the session already
    ordered = [meeting for meeting in found if meeting is not None]
    new_contacts = {e["id"] for e in entries if e["op"] == "insert" and e["table"] == "contacts"}
    created = {e["id"] for e in entries if e["op"] == "insert" and e["table"] == "meetings"}
    with_items = any(e.get("table") == "action_items" for e in entries) or any(
        isinstance(instance, ActionItem) for instance in session.new
    )
    updates = {e["id"]: e for e in entries if e["op"] == "update" and e["table"] == "meetings"}
    shown = [
        _meeting(context, m, new_contacts, m.id in created, updates.get(m.id), with_items)
        for m in ordered[:MEETINGS_SHOWN]
    ]
    return {"meetings": shown, "more": max(0, len(ordered) - MEETINGS_SHOWN)}


def _meeting(
    context: Context,
    meeting: Meeting,
    new_contacts: set[int],
    created: bool,
    update: Entry | None,
    with_items: bool,
) -> dict[str, Any]:
    """``with_items``: whether the message wrote any action item (a meeting new to the log has
    none of its own otherwise, and is not asked for them)."""
    session, recap = context.session, context.filed.recap
    old = (update or {}).get("old", {})
    change = "new" if created else "unchanged"
    if update is not None and not created:
        change = "updated"
        if meeting.status == "cancelled" and old.get("status") != "cancelled":
            change = "cancelled"
        elif meeting.status == "done" and old.get("status") not in (None, "done"):
            change = "recap"
    items = (
        session.scalars(
            select(ActionItem)
            .where(ActionItem.meeting_id == meeting.id, ActionItem.status == "open")
            .order_by(ActionItem.id)
        ).all()
        if with_items or not created
        else []
    )
    people = [
        _person(a.contact, new_contacts, meeting) for a in meeting.attendees if a.contact.email
    ]
    owed = [_item(i) for i in items if i.kind == "owed"]
    promised_to_you = {item["text"] for item in owed}
    return {
        "id": meeting.id,
        "kind": meeting.kind,
        "title": meeting.title,
        "start": meeting.start.isoformat(),
        "end": meeting.end.isoformat(),
        "all_day": meeting.all_day,
        "location": meeting.location or "",
        "online_url": meeting.online_url or "",
        "status": meeting.status,
        "change": change,
        "moved_from": _moved_from(old, meeting),
        "place_from": old.get("location") if "location" in old else None,
        "people": people,
        "name": names_of([p["name"] for p in people]),
        "gave": list(meeting.gave or []),
        # what they will send is kept as received too (the log, the brief); the confirmation
        # shows it once, as owed to you, not as something already in hand
        "got": [thing for thing in meeting.got or [] if thing not in promised_to_you],
        "promises": [_item(i) for i in items if i.kind == "task"],
        "intros": [_item(i, session) for i in items if i.kind == "intro"],
        "owed": owed,
        "follow_up": _follow_up(context, meeting, [i for i in items if i.kind == "followup"])
        if meeting.status == "done"
        else None,
        "no_address": list(recap.names_without_address) if recap else [],
    }


def names_of(names: list[str]) -> str:
    """ "Anna Ruiz", "Anna Ruiz & Pau Vidal", "Anna, Pau & Marc": the way a subject names them."""
    return " & ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def _moved_from(old: dict[str, Any], meeting: Meeting) -> str | None:
    before = old.get("start")
    if not isinstance(before, dict) or "datetime" not in before:
        return None
    return before["datetime"] if before["datetime"] != meeting.start.isoformat() else None


def _person(contact: Contact, new_contacts: set[int], meeting: Meeting | None) -> dict[str, Any]:
    """Who, and whether they are new to the log or known (and since when)."""
    since: date | None = contact.created_at.date() if contact.created_at else None
    if contact.first_met and (since is None or contact.first_met.date() < since):
        since = contact.first_met.date()
    return {
        "name": contact.name or contact.email or "",
        "email": contact.email or "",
        "new": contact.id in new_contacts,
        "since": since.isoformat() if since and contact.id not in new_contacts else None,
        "language": contact.language,
    }


def _item(item: ActionItem, session: Session | None = None) -> dict[str, Any]:
    other = (
        session.get(Contact, item.other_contact_id) if session and item.other_contact_id else None
    )
    return {
        "id": item.id,
        "text": item.text,
        "due": item.due.isoformat() if item.due else None,
        "to": (other.name or other.email) if other else None,
    }


def _follow_up(context: Context, meeting: Meeting, followups: list[ActionItem]) -> dict[str, Any]:
    """When the user is reminded, and why then: their words, or their cadence (asking)."""
    recap = context.filed.recap
    dated = sorted((i.due for i in followups if i.due), key=lambda d: d)
    cadences = [a.contact.cadence_days for a in meeting.attendees if a.contact.cadence_days]
    cadence = min(cadences) if cadences else context.config.planning.default_cadence_days or None
    if dated:
        phrase = recap.follow_up_phrase if recap and recap.follow_up_on == dated[0] else ""
        return {"due": dated[0].isoformat(), "how": "phrase" if phrase else "date",
                "phrase": phrase, "cadence_days": cadence, "cadence_due": None}  # fmt: skip
    how = "vague" if recap and recap.follow_up_vague else ("cadence" if cadence else "none")
    by_cadence = meeting.start.astimezone(context.user.zone).date() + timedelta(days=cadence or 0)
    return {"due": None, "how": how, "phrase": "", "cadence_days": cadence,
            "cadence_due": by_cadence.isoformat() if cadence else None}  # fmt: skip
