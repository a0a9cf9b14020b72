"""When a brief is due: pure arithmetic on times, so it can be tested and reasoned about alone.

A meeting's own moment is ``brief_hour`` on its local day, or ``brief_hours_before`` before it
when that is earlier (an 08:00 breakfast is briefed at 06:00, not at 07:00 with an hour to go).
A day's brief is one email, due at the earliest moment of that day's meetings: the user reads
one message in the morning, however many meetings follow.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def local_day(start: datetime, zone: ZoneInfo) -> date:
    return start.astimezone(zone).date()


def meeting_moment(start: datetime, zone: ZoneInfo, hour: int, hours_before: int) -> datetime:
    """When the brief of a meeting starting at ``start`` is due (aware, in ``zone``)."""
    morning = datetime.combine(local_day(start, zone), time(hour), zone)
    return min(morning, start - timedelta(hours=hours_before))


def day_moment(
    starts: Iterable[datetime], zone: ZoneInfo, hour: int, hours_before: int
) -> datetime | None:
    """When one day's brief is due: the earliest moment of its meetings (None: no meetings)."""
    moments = [meeting_moment(s, zone, hour, hours_before) for s in starts]
    return min(moments) if moments else None


def lookahead(hours_before: int) -> timedelta:
    """How far ahead a planner must look: a meeting just after midnight is briefed the evening
    before when ``hours_before`` says so, and a day's morning brief covers the whole day."""
    return timedelta(days=1, hours=hours_before + 1)
