"""Weeks in the user's zone: which week a digest reviews, streaks, the year grid, months.

Pure functions over local dates: meetings were already counted per local day in SQL, so a week
is seven calendar days from the configured first day, whatever the UTC offset did in between
(a DST change shortens a week by an hour, never moves a meeting to another one), and weeks run
on across New Year (no ISO week numbers, which restart at 1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mailer.config import WEEKDAYS

WEEK = timedelta(days=7)
GRID_WEEKS = 52
GRID_COLUMNS = 13
LEVELS = (0, 1, 2, 3, 5)
"""Meetings in a week for each shade of the grid: none, one (the challenge), two, 3-4, 5+."""


def weekday_number(name: str) -> int:
    return WEEKDAYS.index(name)


def week_of(day: date, week_start: int) -> date:
    """The first day of the week ``day`` is in."""
    return day - timedelta(days=(day.weekday() - week_start) % 7)


def reviewed_week(local_now: datetime, week_start: int) -> date:
    """The week a digest at ``local_now`` is about: the current one, except on its first day,
    when the week that just ended is the one worth reviewing (a Monday-morning digest)."""
    current = week_of(local_now.date(), week_start)
    return current - WEEK if local_now.date() == current else current


def midnight(day: date, zone: ZoneInfo) -> datetime:
    """Local midnight starting ``day``, as an aware datetime (zoneinfo resolves DST gaps)."""
    return datetime.combine(day, time(), zone)


def per_week(days: Mapping[date, int], week_start: int) -> dict[date, int]:
    weeks: dict[date, int] = {}
    for day, count in days.items():
        week = week_of(day, week_start)
        weeks[week] = weeks.get(week, 0) + count
    return weeks


def per_month(days: Mapping[date, int]) -> dict[tuple[int, int], int]:
    months: dict[tuple[int, int], int] = {}
    for day, count in days.items():
        months[day.year, day.month] = months.get((day.year, day.month), 0) + count
    return months


@dataclass(frozen=True)
class Streak:
    """Consecutive weeks with at least one meeting done (the Slow Networking Challenge)."""

    current: int
    longest: int
    this_week: int
    """Meetings done in the reviewed week."""
    before: int
    """The run of weeks that ended the week before the reviewed one."""
    week_over: bool
    """The reviewed week has ended (else there is still time to keep the streak)."""

    @property
    def state(self) -> str:
        """ "kept" (this week counts), "at-risk" (not yet this week), "broken" or "none"."""
        if self.this_week:
            return "kept"
        if self.before:
            return "broken" if self.week_over else "at-risk"
        return "none"


def streak(weeks: Mapping[date, int], reviewed: date, *, week_over: bool) -> Streak:
    """The streak up to the reviewed week, and the longest ever.

    A reviewed week that is still running and has no meeting yet does not break the streak:
    it is at risk, and the digest says there is still time.
    """
    before, week = 0, reviewed - WEEK
    while weeks.get(week):
        before += 1
        week -= WEEK
    this_week = weeks.get(reviewed, 0)
    current = before + 1 if this_week else (0 if week_over else before)
    longest, run, previous = 0, 0, None
    for week in sorted(w for w, count in weeks.items() if count and w <= reviewed):
        run = run + 1 if previous is not None and week - previous == WEEK else 1
        longest, previous = max(longest, run), week
    return Streak(current, longest, this_week, before, week_over)


@dataclass(frozen=True)
class Cell:
    week: date
    count: int
    level: int
    current: bool


def grid(weeks: Mapping[date, int], reviewed: date) -> list[list[Cell]]:
    """The 52 weeks ending with the reviewed one, oldest first, in rows of 13 (a quarter)."""
    first = reviewed - WEEK * (GRID_WEEKS - 1)
    cells = []
    for index in range(GRID_WEEKS):
        week = first + WEEK * index
        count = weeks.get(week, 0)
        level = max(i for i, floor in enumerate(LEVELS) if count >= floor)
        cells.append(Cell(week, count, level, week == reviewed))
    return [cells[row : row + GRID_COLUMNS] for row in range(0, GRID_WEEKS, GRID_COLUMNS)]
