"""Read what real calendars get wrong, one assumption at a time, and say which.

icalendar refuses a whole calendar for one bad part: a VTIMEZONE with an offset out of range
(``TZOFFSETFROM:+5328``), or any component with a property it cannot read. Here the calendar
is then read component by component: a broken VTIMEZONE is left out, so its TZID resolves as
a zone of that name (IANA, or Windows names mapped to IANA), else in the user's zone; another
broken component is skipped and the rest is kept. Some exporters also write
``DTSTART;TZID=Europe/Berlin:20200101T100000Z``: invalid, but the trailing Z says UTC, and every
major reader takes it so; the TZID is dropped. Each repair leaves a :class:`Repairs` note that
the confirmation shows the user, so an assumed zone is never silent. A note is words
(:class:`~mailer.said.Said`): the English sentence and its values, translated where the
confirmation is rendered, so this module knows nothing of languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import tzinfo

from icalendar import Calendar
from icalendar.timezone import tzp

from mailer.parsing.timezones import zone_from_label, zone_name
from mailer.said import Said

DATE_TIME_PROPERTY = re.compile(
    r"^(?P<name>DTSTART|DTEND|DUE|RECURRENCE-ID|EXDATE|RDATE)(?P<params>;[^\r\n]*?)"
    r":(?P<value>\d{8}T\d{6}Z(?:,\d{8}T\d{6}Z)*)(?=\r?$)",
    re.I | re.M,
)
TZID_PARAMETER = re.compile(r';TZID=(?:"[^"]*"|[^;:]*)', re.I)
VALARM = re.compile(r"BEGIN:VALARM.*?END:VALARM\r?\n?", re.S | re.I)


@dataclass
class Repairs:
    """What was assumed to read one calendar, as sentences for the user."""

    notes: list[Said] = field(default_factory=list)
    broken_zones: dict[str, str] = field(default_factory=dict)
    """TZID -> why its VTIMEZONE was left out."""

    def note(self, text: Said) -> None:
        if text not in self.notes:
            self.notes.append(text)


def utc_despite_tzid(text: str, repairs: Repairs) -> str:
    """``text`` with the TZID dropped from date-times that end in Z (UTC by their own mark)."""

    def fix(match: re.Match[str]) -> str:
        tzid = TZID_PARAMETER.search(match["params"])
        if tzid is None:
            return match[0]
        written = tzid[0].partition("=")[2].strip('"')
        repairs.note(
            Said(
                "times written with both TZID=%(tzid)s and a trailing Z were read as UTC, "
                "as the Z says",
                tzid=written,
            )
        )
        return f"{match['name']}{TZID_PARAMETER.sub('', match['params'])}:{match['value']}"

    return DATE_TIME_PROPERTY.sub(fix, unfolded(text))


def unfolded(text: str) -> str:
    """RFC 5545 3.1 unfolding (a line break followed by a space or tab joins the lines)."""
    return re.sub(r"\r?\n[ \t]", "", text)


def split_components(text: str) -> tuple[list[str], list[str]]:
    """The first VCALENDAR's own lines and the top-level components (each its lines, joined)
    of every VCALENDAR in ``text``: several calendars in one part are read as one."""
    head: list[str] = []
    components: list[str] = []
    current: list[str] = []
    depth = calendars = 0
    for line in text.splitlines():
        upper = line.strip().upper()
        if upper.startswith("BEGIN:"):
            depth += 1
            calendars += depth == 1
        if depth >= 2:
            current.append(line)
        elif depth == 1 and calendars == 1 and upper not in ("BEGIN:VCALENDAR", "END:VCALENDAR"):
            head.append(line)
        if upper.startswith("END:"):
            if depth == 2:
                components.append("\r\n".join(current))
                current = []
            depth = max(0, depth - 1)
    return head, components


def calendar_of(head: list[str], components: list[str]) -> Calendar:
    lines = ["BEGIN:VCALENDAR", *head, *components, "END:VCALENDAR"]
    return Calendar.from_ical("\r\n".join(lines) + "\r\n")


def readable(component: str) -> str | Exception:
    """The component as icalendar can read it (without its alarms if need be: they are never
    used here), or why it cannot be read."""
    try:
        calendar_of([], [component])
        return component
    except Exception as exc:
        without_alarms = VALARM.sub("", component)
        try:
            calendar_of([], [without_alarms])
            return without_alarms
        except Exception:
            return exc


def component_by_component(text: str, repairs: Repairs) -> Calendar:
    """The calendar without the components that cannot be read; raises when its own lines
    cannot be read either."""
    head, components = split_components(text)
    kept = []
    for component in components:
        result = readable(component)
        if isinstance(result, Exception):
            _left_out(component, str(result), text, repairs)
        else:
            kept.append(result)
    return calendar_of(head, kept)


def _left_out(component: str, reason: str, text: str, repairs: Repairs) -> None:
    kind = component.split("\r\n", 1)[0].partition(":")[2].strip().upper()
    if kind == "VTIMEZONE":
        tzid = re.search(r"^TZID[^:\r\n]*:(.*)$", component, re.M | re.I)
        name = tzid[1].strip() if tzid else ""
        if name and re.search(rf";TZID=\"?{re.escape(name)}\"?[;:]", text, re.I):
            repairs.broken_zones[name] = reason
    elif kind == "VEVENT":
        summary = re.search(r"^SUMMARY[^:\r\n]*:(.*)$", component, re.M | re.I)
        if summary:
            repairs.note(
                Said(
                    'an event "%(title)s" could not be read and was skipped (%(reason)s)',
                    title=summary[1].strip(),
                    reason=reason,
                )
            )
        else:
            repairs.note(
                Said("an event could not be read and was skipped (%(reason)s)", reason=reason)
            )


def describe_broken_zones(repairs: Repairs, default_zone: tzinfo) -> None:
    """A note for each left-out VTIMEZONE, naming the zone its times were read in."""
    for tzid, reason in repairs.broken_zones.items():
        known = tzp.timezone(tzid) or zone_from_label(tzid)
        if known is not None:
            repairs.note(
                Said(
                    'the calendar\'s definition of "%(tzid)s" cannot be read (%(reason)s); '
                    "its times were read as %(zone)s",
                    tzid=tzid,
                    reason=reason,
                    zone=zone_name(known) or tzid,
                )
            )
        else:
            repairs.note(
                Said(
                    'the calendar\'s definition of "%(tzid)s" cannot be read (%(reason)s); no '
                    "known zone has that name, so its times were read in your zone (%(zone)s)",
                    tzid=tzid,
                    reason=reason,
                    zone=zone_name(default_zone),
                )
            )


def undefined_zone_note(tzid: str, default_zone: tzinfo) -> Said:
    """For a TZID that neither the calendar nor any zone database defines."""
    return Said(
        'the calendar does not define the zone "%(tzid)s" and no known zone has that name, '
        "so its times were read in your zone (%(zone)s)",
        tzid=tzid,
        zone=zone_name(default_zone),
    )
