"""Read the events of an iCalendar object (RFC 5545) as iTIP sees them (RFC 5546).

Each VEVENT becomes a :class:`CalendarEvent` in aware UTC. Recurring series are expanded by
recurring-ical-events into one event per occurrence inside a window around ``now`` (bounded by
the horizon and a count, so an absurd RRULE stays cheap), each carrying the series UID and its
RECURRENCE-ID. iTIP messages about a whole series (CANCEL or REPLY without RECURRENCE-ID) are
not expanded: one event addresses every occurrence, and the log applies it to all of them.
The work is bounded as well as the result (:mod:`mailer.parsing.recurrence`), and a calendar
beyond :mod:`mailer.parsing.limits` (too many events) is refused with CalendarParseError.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import partial

import x_wr_timezone
from icalendar import Calendar
from icalendar.cal import Component

from mailer.parsing.calendar_repairs import (
    Repairs,
    component_by_component,
    describe_broken_zones,
    undefined_zone_note,
    utc_despite_tzid,
)
from mailer.parsing.invitation_text import events_from_invitation_text
from mailer.parsing.limits import (
    MAX_ATTENDEES,
    MAX_CALENDAR_BYTES,
    MAX_CALENDAR_EVENTS,
    MAX_MESSAGE_ATTENDANCES,
    MAX_MESSAGE_EVENTS,
    MAX_OCCURRENCES,
)
from mailer.parsing.message import calendar_too_large, decode_bytes
from mailer.parsing.online import is_only_a_link, online_meeting_url
from mailer.parsing.recurrence import expand
from mailer.parsing.timezones import placing_zone, to_utc, zone_from_label, zone_name
from mailer.parsing.types import RSVP, Attendee, CalendarEvent, ParsedMessage, Person

DEFAULT_DURATION = timedelta(hours=1)
"""A timed event without DTEND or DURATION lasts an hour: RFC 5545 says it ends when it starts,
which would make a coffee meeting vanish from every "this week" view."""

PARTSTATS: dict[str, RSVP] = {
    "NEEDS-ACTION": "needs-action",
    "ACCEPTED": "accepted",
    "DECLINED": "declined",
    "TENTATIVE": "tentative",
    "DELEGATED": "delegated",
}
RRULE_SPACES = re.compile(r"^(?:RRULE|EXRULE)[;:].*$", re.M | re.I)
"""Microsoft CDO writes "BYDAY=MO, TU, WE": the spaces are removed before parsing."""
DATE_PROPERTIES = frozenset({"DTSTART", "DTEND", "DTSTAMP", "RECURRENCE-ID"})
SERIES_METHODS = frozenset({"CANCEL", "REPLY", "COUNTER", "DECLINECOUNTER", "REFRESH"})


class CalendarParseError(ValueError):
    """The calendar cannot be read; the message says what was wrong."""


def _load(data: bytes, default_zone: tzinfo) -> tuple[Calendar, Repairs]:
    """The calendar in ``data``, and what had to be assumed to read it
    (:mod:`mailer.parsing.calendar_repairs`)."""
    if len(data) > MAX_CALENDAR_BYTES:
        raise CalendarParseError(calendar_too_large(len(data)))
    text = decode_bytes(data, None).replace("\r\n", "\n").replace("\r", "\n")
    start = text.upper().find("BEGIN:VCALENDAR")
    end = text.upper().rfind("END:VCALENDAR")
    if start < 0:
        raise CalendarParseError("no BEGIN:VCALENDAR line: this is not an iCalendar object")
    components = text.upper().count("BEGIN:VEVENT")
    if components > MAX_CALENDAR_EVENTS:
        raise CalendarParseError(
            f"the calendar has {components:,} events; the assistant reads at most "
            f"{MAX_CALENDAR_EVENTS} (forward single invitations, not a calendar export)"
        )
    text = text[start : end + len("END:VCALENDAR")] if end > start else text[start:]
    text = "\r\n".join(line for line in text.split("\n") if line.strip() or line.startswith(" "))
    text = RRULE_SPACES.sub(lambda m: m.group(0).replace(", ", ","), text)
    repairs = Repairs()
    text = utc_despite_tzid(text, repairs)
    try:
        calendars = Calendar.from_ical(text + "\r\n", multiple=True)
    except Exception as exc:
        try:  # one broken part (a VTIMEZONE, an alarm, an event) must not sink the rest
            calendars = [component_by_component(text, repairs)]
        except Exception:
            raise CalendarParseError(f"the iCalendar data is malformed ({exc})") from exc
    if not calendars:
        raise CalendarParseError("the iCalendar object is empty")
    calendar = calendars[0]
    for extra in calendars[1:]:
        for component in extra.subcomponents:
            calendar.add_component(component)
    describe_broken_zones(repairs, default_zone)
    try:
        return x_wr_timezone.to_standard(calendar), repairs
    except Exception:  # a broken X-WR-TIMEZONE: keep the floating times for the user's zone
        return calendar, repairs


def _person(value: object) -> Person | None:
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().strip("<>").lower()
    if "@" not in text or " " in text or text.startswith("invalid:"):
        return None
    params = getattr(value, "params", {}) or {}
    name = str(params.get("CN", "") or "").strip().strip("\"'").strip() or None
    return Person(email=text, name=None if name and name.lower() == text else name)


def _attendees(component: Component) -> tuple[Attendee, ...]:
    values = component.get("ATTENDEE") or []
    attendees: dict[str, Attendee] = {}
    for value in (values if isinstance(values, list) else [values])[: MAX_ATTENDEES * 2]:
        if len(attendees) >= MAX_ATTENDEES:
            break
        person = _person(value)
        kind = str((getattr(value, "params", {}) or {}).get("CUTYPE", "")).upper()
        if person is None or person.email in attendees or kind in {"RESOURCE", "ROOM"}:
            continue
        partstat = str((getattr(value, "params", {}) or {}).get("PARTSTAT", "")).upper()
        attendees[person.email] = Attendee(person, PARTSTATS.get(partstat, "needs-action"))
    return tuple(attendees.values())


def _decoded(component: Component, name: str) -> object:
    if name not in component:
        return None
    try:
        value = component.decoded(name)
    except Exception:
        value = None
    if name in DATE_PROPERTIES and not isinstance(value, date):
        return _lenient_datetime(component, name)
    return value


def _lenient_datetime(component: Component, name: str) -> datetime | None:
    """A date-time written in ISO 8601 style ("2023-07-01T125700"), as some booking systems do."""
    value = component.get(name)
    digits = re.sub(r"[-:]", "", str(value[0] if isinstance(value, list) else value).strip())
    try:
        value = datetime.strptime(digits.rstrip("Z"), "%Y%m%dT%H%M%S")
    except ValueError:
        return None
    if digits.endswith("Z"):
        return value.replace(tzinfo=UTC)
    tzid = _tzid(component, name)
    zone = zone_from_label(tzid) if tzid else None
    return value.replace(tzinfo=zone) if zone else value


def _text(component: Component, name: str) -> str:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value or "").split()) if name != "DESCRIPTION" else str(value or "")


def _tzid(component: Component, name: str) -> str | None:
    value = component.get(name)
    params = getattr(value, "params", {}) or {}
    return str(params.get("TZID")) if params.get("TZID") else None


def _event(
    component: Component,
    method: str,
    zone: tzinfo,
    *,
    sequence: int,
    recurrence: object = None,
    notes: tuple[str, ...] = (),
) -> CalendarEvent | None:
    raw_start = _decoded(component, "DTSTART")
    if not isinstance(raw_start, date) and method in SERIES_METHODS:
        raw_start = _decoded(component, "DTEND") or _decoded(component, "DTSTAMP")
    if not isinstance(raw_start, date):
        return None
    all_day = not isinstance(raw_start, datetime)
    start_zone = placing_zone(raw_start, zone, _tzid(component, "DTSTART"))
    tzid = _tzid(component, "DTSTART")
    if _zone_assumed(raw_start, tzid) and not any(f'"{tzid}"' in note for note in notes):
        notes = (*notes, undefined_zone_note(str(tzid), zone))  # unless noted as broken
    start = to_utc(raw_start, zone, _tzid(component, "DTSTART"))
    raw_end = _decoded(component, "DTEND")
    duration = _decoded(component, "DURATION")
    if isinstance(raw_end, date):
        end = to_utc(raw_end, zone, _tzid(component, "DTEND"))
    elif isinstance(duration, timedelta):
        end = start + duration
    else:
        end = start + (timedelta(days=1) if all_day else DEFAULT_DURATION)
    end = max(end, start)
    recurrence = recurrence if recurrence is not None else _decoded(component, "RECURRENCE-ID")
    status = str(component.get("STATUS", "")).upper()
    location = _text(component, "LOCATION") or None
    online = online_meeting_url(component)
    if location and online and is_only_a_link(location):
        location = online
    organizer = _person(component.get("ORGANIZER"))
    uid = _text(component, "UID") or _synthetic_uid(component, start, organizer)
    dtstamp = _decoded(component, "DTSTAMP")
    return CalendarEvent(
        uid=uid,
        start=start,
        end=end,
        title=_text(component, "SUMMARY"),
        recurrence_id=to_utc(recurrence, zone) if isinstance(recurrence, date) else None,
        sequence=sequence,
        dtstamp=to_utc(dtstamp, zone) if isinstance(dtstamp, date) else None,
        method=method,
        status="cancelled" if method == "CANCEL" or status == "CANCELLED" else "planned",
        all_day=all_day,
        timezone=zone_name(start_zone),
        location=location or online,
        online_url=online,
        description=_text(component, "DESCRIPTION").strip() or None,
        organizer=organizer,
        attendees=_attendees(component),
        notes=notes,
    )


def _zone_assumed(value: date, tzid: str | None) -> bool:
    """A TZID that nothing defines (no VTIMEZONE, no zone of that name, no Outlook label),
    so that its time was placed in the user's zone."""
    floating = isinstance(value, datetime) and value.tzinfo is None
    return bool(tzid) and floating and zone_from_label(str(tzid)) is None


def _safe_event(
    component: Component,
    method: str,
    zone: tzinfo,
    *,
    sequence: int,
    recurrence: object = None,
    notes: tuple[str, ...] = (),
) -> CalendarEvent | None:
    """An event, or None for one whose times fall off the calendar (year 9999 + 1 hour)."""
    try:
        return _event(
            component, method, zone, sequence=sequence, recurrence=recurrence, notes=notes
        )
    except OverflowError:
        return None


def _synthetic_uid(component: Component, start: datetime, organizer: Person | None) -> str:
    """Events without a UID (some booking systems) get one from what identifies them."""
    seed = (
        f"{start.isoformat()}|{_text(component, 'SUMMARY')}|{organizer.email if organizer else ''}"
    )
    return "no-uid-" + hashlib.sha256(seed.encode()).hexdigest()[:24]


def _sequence(component: Component) -> int:
    try:
        return int(str(component.get("SEQUENCE", 0)).strip() or 0)
    except ValueError:
        return 0


def parse_calendar(
    data: bytes,
    *,
    default_zone: tzinfo,
    now: datetime,
    horizon: timedelta = timedelta(weeks=26),
    max_occurrences: int = MAX_OCCURRENCES,
) -> list[CalendarEvent]:
    """The events of one iCalendar object; raises CalendarParseError when it cannot be read."""
    calendar, repairs = _load(data, default_zone)
    notes = tuple(repairs.notes)
    method = str(calendar.get("METHOD", "")).strip().upper()
    by_uid: dict[str, list[Component]] = defaultdict(list)
    for component in calendar.walk("VEVENT"):
        by_uid[_text(component, "UID")].append(component)
    events: list[CalendarEvent] = []
    for uid, components in by_uid.items():
        _check_size(events)
        master = next((c for c in components if "RECURRENCE-ID" not in c), None)
        recurring = master is not None and ("RRULE" in master or "RDATE" in master)
        if recurring and method not in SERIES_METHODS and uid:
            events += _occurrences(
                calendar, uid, components, method, default_zone, now, horizon, max_occurrences,
                notes,
            )  # fmt: skip
            continue
        for component in components:
            event = _safe_event(
                component, method, default_zone, sequence=_sequence(component), notes=notes
            )
            if event is not None:
                events.append(event)
    _check_size(events)
    return events


def _check_size(events: Collection[CalendarEvent]) -> None:
    """Refuse what would take the log minutes to file (each meeting and attendee is a row)."""
    if len(events) > MAX_MESSAGE_EVENTS:
        raise CalendarParseError(
            f"the message holds more than {MAX_MESSAGE_EVENTS:,} meetings and occurrences; the "
            "assistant files at most that many from one message"
        )
    attendances = sum(len(event.attendees) for event in events)
    if attendances > MAX_MESSAGE_ATTENDANCES:
        raise CalendarParseError(
            f"the message names {attendances:,} attendees over its meetings and occurrences; "
            f"the assistant files at most {MAX_MESSAGE_ATTENDANCES:,} from one message"
        )


def _occurrences(
    calendar: Calendar,
    uid: str,
    components: list[Component],
    method: str,
    zone: tzinfo,
    now: datetime,
    horizon: timedelta,
    limit: int,
    notes: tuple[str, ...],
) -> list[CalendarEvent]:
    timezones = list(calendar.walk("VTIMEZONE"))
    overrides = {
        to_utc(r, zone): _sequence(c)
        for c in components
        if isinstance(r := _decoded(c, "RECURRENCE-ID"), date)
    }
    master_sequence = max(_sequence(c) for c in components if "RECURRENCE-ID" not in c)
    first = _decoded(components[0], "DTSTART")
    within = partial(expand, timezones, components, zone=zone, stop=now + horizon, limit=limit)
    try:
        occurrences = within(start=now - horizon)
        if not occurrences and isinstance(first, date):  # a past series is history worth logging
            occurrences = within(start=to_utc(first, zone))
    except Exception:  # a broken or absurd RRULE/RDATE/EXDATE: log the series' first occurrence
        occurrences = [c for c in components if "RECURRENCE-ID" not in c][:1]
    has_end = any("DTEND" in c or "DURATION" in c for c in components if "RECURRENCE-ID" not in c)
    events = []
    for occurrence in occurrences:
        if not has_end and "RECURRENCE-ID" in occurrence:
            occurrence.pop("DTEND", None)  # the expander copies DTSTART there; keep our default
        recurrence = _decoded(occurrence, "RECURRENCE-ID") or _decoded(occurrence, "DTSTART")
        key = to_utc(recurrence, zone) if isinstance(recurrence, date) else None
        sequence = overrides.get(key, master_sequence) if key else master_sequence
        event = _safe_event(
            occurrence, method, zone, sequence=sequence, recurrence=recurrence, notes=notes
        )
        if event is not None:
            events.append(event)
    return events


def events_from_message(
    message: ParsedMessage,
    *,
    default_zone: tzinfo,
    now: datetime,
    horizon: timedelta = timedelta(weeks=26),
) -> list[CalendarEvent]:
    """Every event in every calendar of a message, or, without any, in its invitation text."""
    if not message.calendars:
        return events_from_invitation_text(message, default_zone=default_zone)
    events: dict[tuple[str, datetime | None], CalendarEvent] = {}
    errors = []
    for data in message.calendars:
        try:
            parsed = parse_calendar(data, default_zone=default_zone, now=now, horizon=horizon)
        except CalendarParseError as exc:
            errors.append(str(exc))
            continue
        for event in parsed:
            events.setdefault((event.uid, event.recurrence_id), event)
        _check_size(events.values())
    if errors and len(errors) == len(message.calendars):
        raise CalendarParseError(errors[0])
    return list(events.values())
