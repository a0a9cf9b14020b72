"""Place calendar times on the time line: IANA and Windows TZIDs, Outlook labels, floating times.

icalendar already resolves IANA names, Windows names (CLDR's windowsZones table) and custom
VTIMEZONE definitions. What is left is Outlook's display labels such as "(UTC+01:00) Brussels,
Copenhagen, Madrid, Paris" without a VTIMEZONE: those are resolved by a city they name, and only
when that zone's standard offset is the one the label states. Floating times are placed in the
calendar's X-WR-TIMEZONE (handled before, by x-wr-timezone) or else in the user's zone.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

LABEL = re.compile(
    r"\((?:UTC|GMT)\s*(?:(?P<sign>[+-])(?P<h>\d{1,2}):?(?P<m>\d{2}))?\)\s*(?P<rest>.*)"
)


@cache
def _zones_by_city() -> dict[str, str]:
    cities: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if "/" in name and not name.startswith(("Etc/", "SystemV/")):
            cities.setdefault(name.rsplit("/", 1)[1].replace("_", " ").lower(), name)
    return cities


def zone_from_label(label: str) -> ZoneInfo | None:
    """The IANA zone an Outlook label like "(UTC+01:00) Brussels, Madrid" names, if any."""
    cleaned = label.strip().strip('"')
    for windows in (cleaned, f"{cleaned} Standard Time"):  # Lotus Notes writes "FLE"
        if windows in WINDOWS_TO_OLSON:
            return ZoneInfo(WINDOWS_TO_OLSON[windows])
    match = LABEL.match(cleaned)
    if not match:
        return None
    sign = -1 if match["sign"] == "-" else 1
    stated = (
        timedelta(hours=int(match["h"]), minutes=int(match["m"])) * sign if match["h"] else None
    )
    for word in re.split(r"[,;/]", match["rest"]):
        name = _zones_by_city().get(word.strip().lower())
        if name and stated in (None, _standard_offset(ZoneInfo(name))):
            return ZoneInfo(name)
    if not stated and not match["rest"].strip():
        return ZoneInfo("UTC")
    return None


def _standard_offset(zone: ZoneInfo) -> timedelta | None:
    january, july = datetime(2026, 1, 15, tzinfo=zone), datetime(2026, 7, 15, tzinfo=zone)
    offsets = [january.utcoffset(), july.utcoffset()]
    dst = [january.dst(), july.dst()]
    standard = [o for o, d in zip(offsets, dst, strict=True) if not d]
    return standard[0] if standard else offsets[0]


def zone_name(zone: tzinfo | None) -> str | None:
    """The IANA name of a zone icalendar gave us, when it has one."""
    if zone is None:
        return None
    key = getattr(zone, "key", None)
    if key:
        return str(key)
    name = str(getattr(zone, "_tzid", "") or getattr(zone, "_name", "") or "")
    if name in WINDOWS_TO_OLSON:
        return WINDOWS_TO_OLSON[name]
    if name in available_timezones():
        return name
    return "UTC" if zone.utcoffset(None) == timedelta(0) and "UTC" in str(zone) else None


def placing_zone(value: date | datetime, zone: tzinfo, tzid: str | None = None) -> tzinfo:
    """The zone a calendar value is in: its own, the one its TZID label names, or ``zone``."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.tzinfo
    return (zone_from_label(tzid) if tzid else None) or zone


def to_utc(value: date | datetime, zone: tzinfo, tzid: str | None = None) -> datetime:
    """An aware UTC instant: dates are local midnight, floating times are placed in ``zone``."""
    placed = placing_zone(value, zone, tzid)
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), placed).astimezone(ZoneInfo("UTC"))
    return value.replace(tzinfo=placed).astimezone(ZoneInfo("UTC"))
