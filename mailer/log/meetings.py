"""Apply calendar events to the meeting log, following iTIP (RFC 5546).

A version of an event replaces the logged one only when it is newer: a higher SEQUENCE, or the
same SEQUENCE with a later DTSTAMP. Older or equal versions change nothing, so forwarding the
same invite twice, or receiving updates out of order, always ends in the newest state.
CANCEL marks meetings cancelled (never deletes them); REPLY updates one attendee's RSVP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailer.log.contacts import people_except, upsert_contact
from mailer.models import Attendee, Meeting
from mailer.parsing.meeting_kinds import kind_in
from mailer.parsing.recaps.language import language_of
from mailer.parsing.types import CalendarEvent, Person

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class LogChanges:
    """What applying a message did, for the inbound record and the user's confirmation."""

    created: list[Meeting] = field(default_factory=list)
    updated: list[Meeting] = field(default_factory=list)
    cancelled: list[Meeting] = field(default_factory=list)
    rsvps: list[Attendee] = field(default_factory=list)
    unchanged: int = 0
    seen: list[Meeting] = field(default_factory=list)
    """Meetings the message named that were already as it says (an invitation sent twice)."""

    def summary(self) -> str:
        parts = [
            f"{len(items)} {label}"
            for label, items in (
                ("created", self.created),
                ("updated", self.updated),
                ("cancelled", self.cancelled),
                ("RSVPs", self.rsvps),
            )
            if items
        ]
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged")
        return ", ".join(parts) or "nothing to change"


@dataclass(frozen=True)
class Participants:
    """Whose addresses are not contacts (the user's own, the assistant's domain), and when we
    saw them: a contact's keep-in-touch timer restarts at what we see, never in the future."""

    own_addresses: frozenset[str]
    assistant_domain: str
    seen_at: datetime | None = None

    def seen(self, moment: datetime | None) -> datetime | None:
        if moment is None or self.seen_at is None:
            return moment or self.seen_at
        return min(moment, self.seen_at)


def recurrence_key(recurrence_id: datetime | None) -> str:
    return "" if recurrence_id is None else recurrence_id.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _version(sequence: int, dtstamp: datetime | None) -> tuple[int, datetime]:
    return (sequence, dtstamp or EPOCH)


def _meetings_for(session: Session, user_id: int, event: CalendarEvent) -> list[Meeting]:
    """The logged meetings an event addresses: one occurrence, or every row of its UID."""
    query = select(Meeting).where(Meeting.user_id == user_id, Meeting.uid == event.uid)
    if event.recurrence_id is not None:
        query = query.where(Meeting.recurrence_key == recurrence_key(event.recurrence_id))
    return list(session.scalars(query))


def apply_event(
    session: Session,
    user_id: int,
    event: CalendarEvent,
    participants: Participants,
    changes: LogChanges,
    *,
    inbound_message_id: int | None = None,
) -> None:
    """Bring the user's log in line with one event (or occurrence) from a calendar."""
    if event.method == "REPLY":
        _apply_reply(session, user_id, event, participants, changes)
        return
    existing = _meetings_for(session, user_id, event)
    cancels = event.method == "CANCEL" or event.recurrence_id is None
    if event.status == "cancelled" and cancels and existing:
        _cancel(existing, event, changes)
        return
    if event.method == "CANCEL" and not existing:  # calling off what we never logged: nothing
        changes.unchanged += 1
        return
    exact = [m for m in existing if m.recurrence_key == recurrence_key(event.recurrence_id)]
    meeting = exact[0] if exact else None
    if meeting is None:
        meeting = Meeting(
            user_id=user_id,
            uid=event.uid,
            recurrence_key=recurrence_key(event.recurrence_id),
            recurrence_id=event.recurrence_id,
            inbound_message_id=inbound_message_id,
            attendees=[],  # known to be none: not loaded from the database after the flush
        )
        session.add(meeting)
        _copy_event(meeting, event)
        session.flush()
        # The people of a new meeting get the invitation's language (when its words tell)
        # for the mail sent to them in the user's name.
        language = language_of(f"{meeting.title}\n{meeting.notes}")
        _set_attendees(session, user_id, meeting, event, participants, language)
        changes.created.append(meeting)
        return
    if _version(event.sequence, event.dtstamp) <= _version(meeting.sequence, meeting.dtstamp):
        changes.unchanged += 1
        changes.seen.append(meeting)
        return
    _copy_event(meeting, event)
    _set_attendees(session, user_id, meeting, event, participants)
    (changes.cancelled if meeting.status == "cancelled" else changes.updated).append(meeting)


def _cancel(meetings: list[Meeting], event: CalendarEvent, changes: LogChanges) -> None:
    """Mark meetings cancelled; a CANCEL at the same SEQUENCE counts (Outlook sends those)."""
    for meeting in meetings:
        if event.sequence < meeting.sequence or meeting.status == "cancelled":
            changes.unchanged += 1
            continue
        meeting.status = "cancelled"
        meeting.sequence = event.sequence
        meeting.dtstamp = event.dtstamp or meeting.dtstamp
        changes.cancelled.append(meeting)


def _copy_event(meeting: Meeting, event: CalendarEvent) -> None:
    meeting.sequence = event.sequence
    meeting.dtstamp = event.dtstamp
    meeting.title = event.title
    meeting.start = event.start
    meeting.end = event.end
    meeting.all_day = event.all_day
    meeting.timezone = event.timezone
    meeting.location = event.location
    meeting.online_url = event.online_url
    meeting.source = event.source
    meeting.kind = meeting.kind or kind_in(event.title)
    if event.status == "cancelled":
        meeting.status = "cancelled"
    elif meeting.status == "cancelled":
        meeting.status = "planned"
    if event.description and not meeting.notes:
        meeting.notes = event.description


def _set_attendees(
    session: Session,
    user_id: int,
    meeting: Meeting,
    event: CalendarEvent,
    participants: Participants,
    language: str | None = None,
) -> None:
    """Make the meeting's attendees those of the event (organizer included), as contacts;
    ``language`` for those who have none yet."""
    organizer = event.organizer.email.lower() if event.organizer else ""
    rsvps = {a.person.email.lower(): a.rsvp for a in event.attendees}
    people: list[Person] = [a.person for a in event.attendees]
    if event.organizer:
        people.append(event.organizer)
    wanted = people_except(people, set(participants.own_addresses), participants.assistant_domain)
    current = {a.contact.email: a for a in meeting.attendees}
    keep: set[str] = set()
    for person in wanted:
        seen_at = participants.seen(event.start)
        contact = upsert_contact(session, user_id, person, seen_at=seen_at, language=language)
        keep.add(person.email)
        attendee = current.get(person.email)
        if attendee is None:
            attendee = Attendee(user_id=user_id, contact=contact)
            meeting.attendees.append(attendee)
        attendee.is_organizer = person.email == organizer
        attendee.rsvp = (
            "accepted"
            if attendee.is_organizer and person.email not in rsvps
            else (rsvps.get(person.email, "needs-action"))
        )
    for email, attendee in current.items():
        if email not in keep:
            meeting.attendees.remove(attendee)


def _apply_reply(
    session: Session,
    user_id: int,
    event: CalendarEvent,
    participants: Participants,
    changes: LogChanges,
) -> None:
    """An attendee answered: update their RSVP on the meeting(s) the reply names, by UID.

    Replies are matched by UID only (outlook.com omits ORGANIZER), and only within this user's
    log, so a reply can never touch another user's meeting.
    """
    meetings = _meetings_for(session, user_id, event)
    repliers = people_except(
        [a.person for a in event.attendees],
        set(participants.own_addresses),
        participants.assistant_domain,
    )
    answers = {a.person.email.lower(): a.rsvp for a in event.attendees}
    if not meetings or not repliers:
        changes.unchanged += 1
        return
    for meeting in meetings:
        by_email = {a.contact.email: a for a in meeting.attendees}
        for person in repliers:
            attendee = by_email.get(person.email)
            if attendee is None:
                contact = upsert_contact(
                    session, user_id, person, seen_at=participants.seen(event.dtstamp)
                )
                attendee = Attendee(user_id=user_id, contact=contact)
                meeting.attendees.append(attendee)
            elif event.dtstamp:
                upsert_contact(session, user_id, person, seen_at=participants.seen(event.dtstamp))
            attendee.rsvp = answers[person.email]
            changes.rsvps.append(attendee)
