"""The annotation guidelines' date arithmetic, written once so that no date is worked out by head.

Every date in a case file comes with the rule that produced it ("-1d", "past:fri", "+1m"...),
and the loader checks the two agree: a slip in the arithmetic fails loudly instead of quietly
scoring the reader against a wrong answer. The rules are those of ``eval/recaps/README.md``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RULE_FORMS = (
    "today; +Nd / -Nd (days); +Nw (weeks); +Nm (months, clamped to the month's last day); "
    "past:<weekday> or past:MM-DD (the most recent one on or before the send date); "
    "next:<weekday> or next:MM-DD (the first one after the send date); "
    "nth:DD (the next DD-th of a month from the day after the send date); YYYY-MM-DD"
)


class UnknownDateRule(ValueError):
    """A rule none of the forms above describes."""

    def __init__(self, rule: str) -> None:
        super().__init__(f"unknown date rule {rule!r}; write one of: {RULE_FORMS}")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when it is shorter (31 Jan -> 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month_day(text: str, year: int) -> date | None:
    month, day = (int(part) for part in text.split("-"))
    try:
        return date(year, month, day)
    except ValueError:  # 29 Feb in a common year: not that year
        return None


def _past(target: str, sent: date) -> date:
    if target in WEEKDAYS:
        return sent - timedelta(days=(sent.weekday() - WEEKDAYS.index(target)) % 7)
    for year in range(sent.year, sent.year - 9, -1):
        day = _month_day(target, year)
        if day is not None and day <= sent:
            return day
    raise UnknownDateRule(f"past:{target}")


def _next(target: str, sent: date) -> date:
    if target in WEEKDAYS:
        return sent + timedelta(days=(WEEKDAYS.index(target) - sent.weekday() - 1) % 7 + 1)
    for year in range(sent.year, sent.year + 9):
        day = _month_day(target, year)
        if day is not None and day > sent:
            return day
    raise UnknownDateRule(f"next:{target}")


def _nth(day_of_month: int, sent: date) -> date:
    start = sent + timedelta(days=1)
    for months in range(13):
        first = add_months(start.replace(day=1), months)
        if day_of_month <= calendar.monthrange(first.year, first.month)[1]:
            candidate = first.replace(day=day_of_month)
            if candidate >= start:
                return candidate
    raise UnknownDateRule(f"nth:{day_of_month}")


def resolve(rule: str, sent: date) -> date:
    """The date ``rule`` names for a message sent (in the user's zone) on ``sent``."""
    rule = rule.strip().lower()
    if rule == "today":
        return sent
    if match := re.fullmatch(r"([+-])(\d+)([dwm])", rule):
        sign = 1 if match[1] == "+" else -1
        count = sign * int(match[2])
        if match[3] == "m":
            return add_months(sent, count)
        return sent + timedelta(days=count * (7 if match[3] == "w" else 1))
    if match := re.fullmatch(r"(past|next):([a-z]{3}|\d{2}-\d{2})", rule):
        return (_past if match[1] == "past" else _next)(match[2], sent)
    if match := re.fullmatch(r"nth:(\d{1,2})", rule):
        return _nth(int(match[1]), sent)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", rule):
        return date.fromisoformat(rule)
    raise UnknownDateRule(rule)
