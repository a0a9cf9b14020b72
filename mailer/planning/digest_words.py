"""Small phrases the digest is written with: "3 weeks ago", "2 meetings", "14–20 December"."""

from __future__ import annotations

from datetime import date


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def ago(days: int) -> str:
    """How long ago, in the unit a person would use."""
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 61:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{round(days / 30.44)} months ago"
    return f"{days // 365} years ago"


def span(days: int) -> str:
    """A length of time: "5 days", "3 weeks", "4 months"."""
    if days < 14:
        return plural(days, "day")
    if days < 61:
        return plural(days // 7, "week")
    if days < 730:
        return plural(round(days / 30.44), "month")
    return plural(days // 365, "year")


def every(days: int) -> str:
    """A rhythm in the unit it was most likely chosen in: "every month", "every 45 days"."""
    for size, unit in ((365, "year"), (30, "month"), (7, "week")):
        if days >= size and days % size == 0:
            return f"every {unit}" if days == size else f"every {plural(days // size, unit)}"
    return f"every {plural(days, 'day')}"


def day_range(first: date, last: date) -> str:
    """ "14–20 December 2026", "28 December 2026 – 3 January 2027"."""
    if first.year != last.year:
        return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"
    if first.month != last.month:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day}–{last.day} {last:%B %Y}"


def short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def month_year(day: date) -> str:
    return f"{day:%B %Y}"
