"""Each contact's first done meeting (``contacts.first_met``), kept right on every write.

Whether someone was met before is what the digest asks of every person met in the year (new
people versus people met again), and of every person in the week's meetings. With the start of
each contact's first done meeting on the contact, that is one comparison per person instead of a
probe of their history: at 10,000 contacts, half of the time of the digest's people count.

The value is derived from the log and never written by hand. Sessions from
:func:`mailer.db.session_factory` recompute it after every flush that can move it (a meeting's
status or start changed, an attendance added, moved or removed), from the log itself and only
for the contacts concerned, so every handler (recaps, answers, calendar updates, cancellations)
keeps it without knowing. Writes that bypass the ORM (undo, bulk seeding) call :func:`refresh`.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Connection, event, func, inspect, or_, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from mailer.log.history import DONE
from mailer.models import Attendee, Contact, Meeting


def first_done_start(contact_id: Any) -> Any:
    """The start of the first done meeting with ``contact_id`` (NULL if none), in SQL."""
    return (
        select(func.min(Meeting.start))
        .join(Attendee, Attendee.meeting_id == Meeting.id)
        .where(Attendee.contact_id == contact_id, Meeting.status == DONE)
        .scalar_subquery()
    )


def refresh(
    connection: Connection, contact_ids: Collection[int], meeting_ids: Collection[int] = ()
) -> dict[int, Any]:
    """Recompute ``first_met`` of these contacts and of everyone attending these meetings.

    One UPDATE; the contact's ``updated_at`` is left as it was (nothing about the person
    changed). On PostgreSQL the contacts are locked first, in a statement of their own: two
    transactions changing the same person's meetings at once then recompute one after the
    other, the second from what the first committed (SQLite has one writer at a time).
    Returns the new values by contact id.
    """
    concerned = []
    if contact_ids:
        concerned.append(Contact.id.in_(list(contact_ids)))
    if meeting_ids:
        attending = select(Attendee.contact_id).where(Attendee.meeting_id.in_(list(meeting_ids)))
        concerned.append(Contact.id.in_(attending))
    if not concerned:
        return {}
    if connection.dialect.name == "postgresql":
        lock = select(Contact.id).where(or_(*concerned)).order_by(Contact.id).with_for_update()
        connection.execute(lock)
    rows = connection.execute(
        update(Contact)
        .where(or_(*concerned))
        .values(first_met=first_done_start(Contact.id), updated_at=Contact.updated_at)
        .returning(Contact.id, Contact.first_met)
    )
    return {contact_id: first for contact_id, first in rows}


def track(factory: sessionmaker[Session]) -> None:
    """Keep ``first_met`` right in every session ``factory`` makes."""
    event.listen(factory, "after_flush", _after_flush)


def _after_flush(session: Session, _context: Any) -> None:
    contacts, meetings = _concerned(session)
    if not contacts and not meetings:  # most flushes: no statement, no walk of the identity map
        return
    values = refresh(session.connection(), contacts, meetings)
    for state in session.identity_map.all_states():  # loaded contacts see the new value
        key, instance = state.key, state.obj()
        if instance is not None and key is not None and key[0] is Contact and key[1][0] in values:
            set_committed_value(instance, "first_met", values[key[1][0]])


def _concerned(session: Session) -> tuple[set[int], set[int]]:
    """Contacts whose attendances changed and meetings whose status or start changed, in the
    flush just made (a planned meeting's new attendees cannot move anyone's first meeting)."""
    contacts: set[int] = set()
    meetings: set[int] = set()
    for instance in session.new:
        if isinstance(instance, Attendee):
            meeting = instance.__dict__.get("meeting")  # as appended; unknown: count it
            if meeting is None or meeting.status == DONE:
                contacts.add(instance.contact_id)
    for instance in session.deleted:
        if isinstance(instance, Attendee):
            contacts.add(instance.contact_id)
    for instance in session.dirty:
        if isinstance(instance, Meeting) and _done_moved(instance):
            meetings.add(instance.id)
        elif isinstance(instance, Attendee):
            contacts.update(_moved_attendance(instance))
    return contacts, meetings


def _done_moved(meeting: Meeting) -> bool:
    """Did the meeting become done or stop being done, or move while done?"""
    state = inspect(meeting)
    status = state.attrs.status.history
    changed = status.has_changes() or state.attrs.start.history.has_changes()
    return changed and DONE in (*status.deleted, meeting.status)


def _moved_attendance(attendee: Attendee) -> set[int]:
    """The contacts, before and now, of an attendance moved to another meeting or contact."""
    state = inspect(attendee)
    changed = [state.attrs[name].history for name in ("contact_id", "contact", "meeting_id")]
    changed.append(state.attrs.meeting.history)
    if not any(history.has_changes() for history in changed):
        return set()
    before = {_contact_id(value) for history in changed[:2] for value in history.deleted}
    return {attendee.contact_id, *(contact for contact in before if contact is not None)}


def _contact_id(value: Any) -> int | None:
    """The contact an attendance's old ``contact_id`` or ``contact`` pointed to."""
    return value.id if isinstance(value, Contact) else value if isinstance(value, int) else None
