"""Time addresses, as reminder services taught people: 3days@, 2weeks@, monday9am@, 1month@.

The local part is a small language of its own (no spaces, no punctuation), so it is read with
a grammar here rather than with dateparser, which expects words: an amount and a unit, or a day
(today, tomorrow, a weekday) with an optional hour ("monday9am", "tomorrow14h", "fri1730").
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

EXAMPLES = ("3days", "2weeks", "1month", "4hours", "tomorrow", "monday9am", "friday1730")
WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5,
    "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
UNITS = {
    "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "h": "hours", "hour": "hours", "hours": "hours", "d": "days", "day": "days",
    "days": "days", "w": "weeks", "week": "weeks", "weeks": "weeks", "month": "months",
    "months": "months", "m": "months",
}  # fmt: skip
AMOUNT = re.compile(r"^(?P<n>\d{1,3})(?P<unit>[a-z]+)$")
DAY = re.compile(r"^(?P<day>today|tomorrow|[a-z]+?)(?P<clock>\d{1,4}(?:am|pm|h)?)?$")
DEFAULT_HOUR = time(9)


def looks_like_time_address(local_part: str) -> bool:
    """Whether a local part is meant as a time (so a typo gets help, not silence)."""
    local = local_part.lower()
    day = DAY.match(local)
    return bool(re.match(r"^\d", local)) or (
        day is not None and day["day"] in {*WEEKDAYS, "today", "tomorrow"}
    )


def parse_time_address(local_part: str, *, now: datetime, zone: ZoneInfo) -> datetime | None:
    """When a time address says to remind, as an aware datetime; None if it says no time."""
    local = local_part.lower().split("+")[0]
    if match := AMOUNT.match(local):
        unit = UNITS.get(match["unit"])
        if unit is None:
            return None
        amount = int(match["n"])
        if unit == "months":
            return _add_months(now.astimezone(zone), amount)
        return now + timedelta(**{unit: amount})
    match = DAY.match(local)
    if not match:
        return None
    today = now.astimezone(zone).date()
    name = match["day"]
    if name == "today":
        day = today
    elif name == "tomorrow":
        day = today + timedelta(days=1)
    elif name in WEEKDAYS:
        day = today + timedelta(days=(WEEKDAYS[name] - today.weekday() - 1) % 7 + 1)
    else:
        return None
    at = _clock(match["clock"]) if match["clock"] else DEFAULT_HOUR
    if at is None:
        return None
    moment = datetime.combine(day, at, zone)
    return moment if moment > now else None


def _clock(text: str) -> time | None:
    suffix = re.sub(r"\d", "", text)
    digits = re.sub(r"\D", "", text)
    hour, minute = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if suffix == "pm" and hour < 12:
        hour += 12
    if suffix == "am" and hour == 12:
        hour = 0
    return time(hour, minute) if hour < 24 and minute < 60 else None


def _add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, _days_in(year, month))
    return moment.replace(year=year, month=month, day=day)


def _days_in(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day
