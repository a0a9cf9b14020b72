"""iMIP (RFC 6047) calendars for challenge invitations: REQUEST (and its updates), CANCEL when
called off, DECLINECOUNTER when the user turns down a time the contact proposed.

Calendars are picky: METHOD must be REQUEST (PUBLISH shows in Outlook without Accept/Decline)
and must match the ``method=`` parameter of the text/calendar part (Thunderbird checks);
ORGANIZER is an address of ours carrying the user's name, so the attendee's REPLY reaches us.

Times are written in the user's IANA zone with its VTIMEZONE, or in UTC. Never with a TZID the
calendar does not define: RFC 5545 requires a VTIMEZONE for every TZID, and a reader without
one (ical.js, the library behind Thunderbird) takes the time as floating, the same clock time
wherever the guest is. A proposal typed with an offset ("10:00+01:00") is written in the user's
zone when that zone has that offset at that instant, and in UTC otherwise.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

from icalendar import Calendar, Event, vCalAddress, vText

ZONE_MARGIN = timedelta(days=366)
"""The VTIMEZONE written covers a year either side of the event: its rules for those dates, not
the zone's whole history (icalendar writes one RDATE per transition)."""


def placed_in(moment: datetime, zone: tzinfo) -> datetime:
    """``moment`` in ``zone`` when that zone's wall clock names it exactly, else in UTC.

    UTC is kept for an offset the zone does not have then (a proposal typed in another zone)
    and for a wall-clock time the zone passes twice or skips (the night clocks change), which
    a TZID and a local time cannot tell apart.
    """
    placed = moment.astimezone(zone)
    naive = placed.replace(tzinfo=None)
    offsets = {naive.replace(tzinfo=zone, fold=fold).utcoffset() for fold in (0, 1)}
    if placed.utcoffset() != moment.utcoffset() or len(offsets) > 1:
        return moment.astimezone(UTC)
    return placed


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


def _attendee(method: str, email: str, name: str) -> vCalAddress:
    """The guest: asked to answer in a REQUEST; only named in a CANCEL or DECLINECOUNTER."""
    if method == "REQUEST":
        return _address(email, name, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="TRUE")
    return _address(email, name, role="REQ-PARTICIPANT")


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
    zone: tzinfo = UTC,
    comment: str = "",
) -> bytes:
    """A one-event calendar for ``method`` REQUEST, CANCEL or DECLINECOUNTER, its times placed
    by :func:`placed_in` and every zone it names defined in a VTIMEZONE."""
    calendar = _calendar(method)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", dtstamp.astimezone(UTC))
    event.add("dtstart", placed_in(start, zone))
    event.add("dtend", placed_in(end, zone))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    if comment:
        event.add("comment", comment)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("organizer", _address(organizer_email, organizer_name))
    event.add("attendee", _attendee(method, attendee_email, attendee_name))
    calendar.add_component(event)
    first: date = start.astimezone(UTC).date() - ZONE_MARGIN
    calendar.add_missing_timezones(first_date=first, last_date=end.date() + ZONE_MARGIN)
    return calendar.to_ical()
