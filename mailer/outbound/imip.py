"""iMIP (RFC 6047) calendars for challenge invitations: REQUEST, and CANCEL when called off.

Calendars are picky: METHOD must be REQUEST (PUBLISH shows in Outlook without Accept/Decline)
and must match the ``method=`` parameter of the text/calendar part (Thunderbird checks);
ORGANIZER is an address of ours carrying the user's name, so the attendee's REPLY reaches us.
"""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar, Event, vCalAddress, vText


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//mailer//Slow Networking Assistant//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key.replace("_", "-").upper()] = vText(value)
    return address


def build_event_calendar(
    *,
    method: str,
    uid: str,
    sequence: int,
    start: datetime,
    end: datetime,
    summary: str,
    description: str,
    location: str,
    organizer_email: str,
    organizer_name: str,
    attendee_email: str,
    attendee_name: str,
    dtstamp: datetime,
) -> bytes:
    """A one-event calendar for ``method`` "REQUEST" or "CANCEL", times in UTC."""
    calendar = _calendar(method)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", dtstamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("organizer", _address(organizer_email, organizer_name))
    event.add(
        "attendee",
        _address(
            attendee_email,
            attendee_name,
            role="REQ-PARTICIPANT",
            partstat="NEEDS-ACTION",
            rsvp="TRUE",
        ),
    )
    calendar.add_component(event)
    return calendar.to_ical()
