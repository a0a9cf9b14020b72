"""One user's meeting log as an iCalendar file, for importing or subscribing (Google, Outlook,
Apple).

Every time is written in UTC (all-day meetings as DATE values in the zone they were made in), so
the file needs no VTIMEZONE. Each occurrence of a recurring series is its own event, with the
series' UID and the occurrence's start joined into its UID: calendars drop RECURRENCE-ID
overrides whose master event is not in the same file, and the log keeps occurrences, not rules.
A single meeting keeps its invitation's UID, so importing the file into the calendar that
already has the invitation updates that event instead of doubling it.

The output only depends on the log (DTSTAMP is when the meeting last changed), so fetching the
feed twice gives the same bytes, and an ETag for it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import STATUS, Calendar, Event, vCalAddress, vDuration
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mailer.models import Attendee, Contact, Meeting, User

PRODID = "-//mailer//Slow networking meeting log//EN"
REFRESH = timedelta(hours=1)
PARTSTAT = {
    "needs-action": "NEEDS-ACTION",
    "accepted": "ACCEPTED",
    "declined": "DECLINED",
    "tentative": "TENTATIVE",
    "delegated": "DELEGATED",
}


def calendar_name(user: User) -> str:
    return f"Slow networking: {user.name or user.email}"


def event_uid(meeting: Meeting) -> str:
    """The meeting's UID; an occurrence of a series adds its start (see the module docstring)."""
    return f"{meeting.uid}-{meeting.recurrence_key}" if meeting.recurrence_key else meeting.uid


def meetings_of(session: Session, user_id: int) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.user_id == user_id)
            .options(selectinload(Meeting.attendees).selectinload(Attendee.contact))
            .order_by(Meeting.start, Meeting.id)
        )
    )


def description(meeting: Meeting) -> str:
    """What the log knows beyond the times: notes, what was given and got, and with whom."""
    parts = [meeting.notes.strip()] if meeting.notes.strip() else []
    for label, items in (("Gave", meeting.gave), ("Got", meeting.got)):
        if items:
            parts.append(f"{label}:\n" + "\n".join(f"- {item}" for item in items))
    nameless = [a.contact.name for a in meeting.attendees if not a.contact.email and a.contact.name]
    if nameless:
        parts.append("With: " + ", ".join(nameless))
    if meeting.online_url and meeting.online_url != meeting.location:
        parts.append(f"Join: {meeting.online_url}")
    return "\n\n".join(parts)


def _day(moment: datetime, meeting: Meeting, zone: ZoneInfo) -> date:
    """The calendar day an all-day meeting's stored midnight stands for, in its own zone."""
    try:
        placed = ZoneInfo(meeting.timezone) if meeting.timezone else zone
    except (ZoneInfoNotFoundError, ValueError):
        placed = zone
    return moment.astimezone(placed).date()


def meeting_event(meeting: Meeting, zone: ZoneInfo, publisher: vCalAddress) -> Event:
    """One meeting as a VEVENT; its ORGANIZER (required in a PUBLISH, RFC 5546 3.2.1) is the
    attendee the invitation named as organizer, else ``publisher``, the user."""
    start: date | datetime = meeting.start
    end: date | datetime = meeting.end
    if meeting.all_day:
        start, end = _day(meeting.start, meeting, zone), _day(meeting.end, meeting, zone)
        end = max(end, start + timedelta(days=1))
    return Event.new(
        uid=event_uid(meeting),
        stamp=meeting.updated_at,
        created=meeting.created_at,
        last_modified=meeting.updated_at,
        sequence=meeting.sequence,
        start=start,
        end=end,
        summary=meeting.title or "Meeting",
        location=meeting.location or None,
        description=description(meeting) or None,
        status=STATUS.CANCELLED if meeting.status == "cancelled" else STATUS.CONFIRMED,
        categories=tuple(meeting.tags or ()),
        url=meeting.online_url or None,
        attendees=[_address(a) for a in meeting.attendees if a.contact.email] or None,
        organizer=next(
            (_person(a.contact) for a in meeting.attendees if a.is_organizer and a.contact.email),
            publisher,
        ),
    )


def _person(person: Contact | User) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = person.name
    return address


def _address(attendee: Attendee) -> vCalAddress:
    address = _person(attendee.contact)
    address.params["CUTYPE"] = "INDIVIDUAL"
    address.params["ROLE"] = "CHAIR" if attendee.is_organizer else "REQ-PARTICIPANT"
    address.params["PARTSTAT"] = PARTSTAT.get(attendee.rsvp, "NEEDS-ACTION")
    address.params["RSVP"] = "FALSE"  # a published copy: nobody should answer it
    return address


def log_calendar(session: Session, user_id: int) -> Calendar:
    """The user's whole log (planned, done and cancelled meetings) as one VCALENDAR."""
    user = session.get_one(User, user_id)
    zone = ZoneInfo(user.timezone)
    calendar = Calendar.new(
        name=calendar_name(user),
        description="Meetings from your slow networking log (mailer).",
        prodid=PRODID,
        method="PUBLISH",
        uid=f"mailer-log-{user_id}",
    )
    # how often a subscribed app should look again: RFC 7986, and Outlook's older name for it
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    for meeting in meetings_of(session, user_id):
        calendar.add_component(meeting_event(meeting, zone, _person(user)))
    return calendar


def log_ics(session: Session, user_id: int) -> bytes:
    return log_calendar(session, user_id).to_ical()
