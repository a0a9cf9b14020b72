"""Dates in the words of a recap, counted from the day it was sent in the user's zone.

Two directions: when the meeting was (the past: "yesterday", "on Friday", "el 3 de
septiembre" is the most recent one on or before the send date) and when to do something (the
future: "in two weeks", "by Monday", "antes del 15", "d'aquí a tres setmanes" is the first
one after it). Each finding keeps its span so that callers can tell which clause it is in and
quote the words. A precise pattern per form, from the word lists of ``words/*.toml``: these
are the forms people write in a recap, and a pattern can say exactly which day the rules of
the evaluation set give, where dateparser guesses (it was measured: see ``dateparser_dates``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from mailer.parsing.recaps.numbers import count
from mailer.parsing.recaps.words import alternation, table, words


@dataclass(frozen=True)
class Mention:
    """A date the words name (``day``), or a time that is no date (``day`` None: "soon")."""

    day: date | None
    start: int
    end: int
    form: str
    """relative, ago, weekday, date, nth, count, next, vague: what kind of words they were."""


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _names(path: str) -> tuple[str, dict[str, int]]:
    index: dict[str, int] = {}
    for number, names in enumerate(table(path)):
        for name in names:
            index[name] = number
    return alternation(list(index)), index


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    weekday, _ = _names("dates.weekdays")
    month, _ = _names("dates.months")
    suffix = alternation(words("dates.day_suffix"))
    of = alternation(words("dates.day_of"))
    before_year = alternation(words("dates.year_before"))
    day = rf"(?P<d>[0-3]?\d)(?:{suffix})?"
    year = rf"(?:,?\s*(?:{before_year}\s+)?(?P<y>20\d\d))?"

    def w(path: str) -> str:
        return alternation(words(path))

    return {
        "day_month": re.compile(
            rf"(?<![\w/.:])(?:{w('dates.day_before_month')}\s+)?{day}(?:\s*(?:{of}))?\s*"
            rf"(?P<m>{month})\b\.?{year}"
        ),
        "month_day": re.compile(rf"\b(?P<m>{month})\.?\s+(?:the\s+)?{day}\b{year}"),
        "iso": re.compile(r"\b(?P<y>20\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
        "numeric": re.compile(
            r"(?<![\d/.:-])(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)(?:[/.](?P<y>20\d\d))?(?![\d/:]|\.\d)"
        ),
        "weekday": re.compile(
            rf"\b(?:(?P<last>{w('dates.last')})\s+|(?P<on>{w('dates.on')}|{w('dates.next')})\s+)?"
            rf"(?P<wd>{weekday})\b(?:'s)?(?:\s+(?P<after>{w('dates.after_weekday_past')}|"
            rf"{w('dates.after_weekday_next')})\b)?"
        ),
        "weekday_day": re.compile(
            rf"\b(?:(?:{w('dates.last')}|{w('dates.on')}|{w('dates.next')})\s+)?(?:{weekday}),?\s+"
            rf"(?:the\s+|el\s+|dia\s+)?(?P<d>[0-3]?\d)(?:{suffix})?\b"
            rf"(?!\s*(?:{of})?\s*(?:{month})\b|\s*[%h:]|\s*(?:am|pm)\b)"
        ),
        "day_alone": re.compile(
            rf"\b(?:{w('dates.day_alone')})\s+(?P<d>[0-3]?\d)(?P<suffix>{suffix})?"
            rf"(?![\w:/.,]\d|\s*(?:{of})?\s*(?:{month})\b|\s*[%h:]|\d|\s*(?:am|pm)\b)"
        ),
        "unit": re.compile(
            rf"(?:(?<![\w-])|(?<=\d))(?:(?P<day>{w('dates.units_day')})|(?P<week>{w('dates.units_week')})|"
            rf"(?P<month>{w('dates.units_month')}))\b"
        ),
        "in": re.compile(rf"(?:\b|^)(?:{w('dates.in')})\s*$"),
        "ago_before": re.compile(rf"\b(?:{w('dates.ago_before')})\s*$"),
        "ago_after": re.compile(rf"^\s*(?:{w('dates.ago_after')})\b"),
        "count_after": re.compile(rf"^\s*(?:{w('dates.count_after')})\b"),
        "month_alone": re.compile(
            rf"(?:\b(?:{w('follow_up.month_vague_before')})\s*)(?P<m>{month})\b(?!\.?\s*\d)"
        ),
    }


@cache
def _phrases(path: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'-]){alternation(words(path))}(?![\w-])")


def _weekday_index(name: str) -> int:
    return _names("dates.weekdays")[1][name]


def _month_index(name: str) -> int:
    return _names("dates.months")[1][name] + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _counts(folded: str) -> Iterator[tuple[int, int, int, str]]:
    """(start, end, number, unit) for "in two weeks", "15 días", "d'aquí a tres setmanes"."""
    patterns = _patterns()
    for unit in patterns["unit"].finditer(folded):
        before = folded[: unit.start()].rstrip()
        tokens = list(re.finditer(r"[\w'-]+", before))[-3:]
        for first in range(len(tokens)):
            phrase = before[tokens[first].start() :]
            number = count(phrase)
            if number is None or number > 99:
                continue
            start = tokens[first].start()
            preposition = patterns["in"].search(folded[:start])
            if preposition:
                start = preposition.start()
            end = unit.end()
            after = patterns["count_after"].match(folded[end:])
            if after:
                end += after.end()
            kind = "day" if unit["day"] else "week" if unit["week"] else "month"
            yield start, end, number, kind
            break


def past_mentions(folded: str, sent: date) -> list[Mention]:
    """Every past date the (folded) words name, in the order they are written."""
    found: list[Mention] = []
    for path, offset in (("dates.two_days_ago", 2), ("dates.yesterday", 1), ("dates.today", 0)):
        for match in _phrases(path).finditer(folded):
            found.append(Mention(sent - timedelta(days=offset), *match.span(), "relative"))
    patterns = _patterns()
    for start, end, number, unit in _counts(folded):
        if unit == "day" and (
            patterns["ago_before"].search(folded[:start])
            or patterns["ago_after"].match(folded[end:])
        ):
            found.append(Mention(sent - timedelta(days=number), start, end, "ago"))
    for match in patterns["weekday"].finditer(folded):
        if match["after"] and match["after"] in words("dates.after_weekday_next"):
            continue
        if _every(folded, match.start()):
            continue
        back = (sent.weekday() - _weekday_index(match["wd"])) % 7
        if back == 0 and (match["last"] or match["after"]):
            back = 7
        found.append(Mention(sent - timedelta(days=back), *match.span(), "weekday"))
    found += _dates(folded, sent, past=True)
    return _first_of_overlaps(found)


def _every(folded: str, at: int) -> bool:
    """ "els dijous", "los lunes", "every Monday": a habit, no date."""
    return bool(re.search(r"\b(?:els|los|every|cada|todos los|tots els)\s*$", folded[:at]))


def _dates(folded: str, sent: date, *, past: bool) -> list[Mention]:
    found: list[Mention] = []
    patterns = _patterns()
    for name in ("day_month", "month_day"):
        for match in patterns[name].finditer(folded):
            month, day = _month_index(match["m"]), int(match["d"])
            if match["y"]:
                named = _safe_date(int(match["y"]), month, day)
            else:
                named = _nearest(sent, month, day, past=past)
            if named is not None:
                found.append(Mention(named, *match.span(), "date"))
    for match in patterns["iso"].finditer(folded):
        named = _safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
        if named is not None:
            found.append(Mention(named, *match.span(), "date"))
    for match in patterns["numeric"].finditer(folded):  # "28/04", "11/16", "27/07/2027"
        day_month = _day_month(int(match["a"]), int(match["b"]))
        if day_month is None:
            continue
        month, day = day_month
        named = (
            _safe_date(int(match["y"]), month, day)
            if match["y"]
            else _nearest(sent, month, day, past=past)
        )
        if named is not None:
            found.append(Mention(named, *match.span(), "date"))
    for match in patterns["weekday_day"].finditer(folded):  # "Thursday 12th", "el jueves 30"
        named = _nth(sent, int(match["d"]), past=past) if 1 <= int(match["d"]) <= 31 else None
        if named is not None:
            found.append(Mention(named, *match.span(), "nth"))
    for match in patterns["day_alone"].finditer(folded):
        day = int(match["d"])
        english = bool(re.match(r"(?:on\s+)?the\b|by the|before the", folded[match.start() :]))
        if not 1 <= day <= 31 or (english and not match["suffix"]):
            continue
        named = _nth(sent, day, past=past)
        if named is not None:
            found.append(Mention(named, *match.span(), "nth"))
    return found


def _day_month(a: int, b: int) -> tuple[int, int] | None:
    """(month, day) of a numeric date, only when it can be read one way: 28/04 is 28 April and
    11/16 is 16 November, but 03/04 could be either, and is no date."""
    if 12 < a <= 31 and 1 <= b <= 12:
        return b, a
    if 12 < b <= 31 and 1 <= a <= 12:
        return a, b
    if a == b and 1 <= a <= 12:
        return a, b
    return None


def _nearest(sent: date, month: int, day: int, *, past: bool) -> date | None:
    """The most recent (past) or the next (future) such day and month."""
    step = -1 if past else 1
    for years in range(9):
        candidate = _safe_date(sent.year + step * years, month, day)
        if candidate is not None and (candidate <= sent if past else candidate > sent):
            return candidate
    return None


def _nth(sent: date, day: int, *, past: bool) -> date | None:
    """The most recent day ``day`` of a month on or before ``sent``, or the next after it."""
    start = sent if past else sent + timedelta(days=1)
    first = start.replace(day=1)
    for months in range(13):
        month = add_months(first, -months if past else months)
        candidate = _safe_date(month.year, month.month, day)
        if candidate is not None and (candidate <= start if past else candidate >= start):
            return candidate
    return None


def future_mentions(folded: str, sent: date) -> list[Mention]:
    """Every future date (or vague time) the (folded) words name, in the order written."""
    found: list[Mention] = []
    for path, offset in (
        ("dates.day_after_tomorrow", 2),
        ("dates.tomorrow", 1),
        ("dates.tonight", 0),
    ):
        for match in _phrases(path).finditer(folded):
            found.append(Mention(sent + timedelta(days=offset), *match.span(), "relative"))
    for start, end, number, unit in _counts(folded):
        if unit == "month":
            day = add_months(sent, number)
        else:
            day = sent + timedelta(days=number * (7 if unit == "week" else 1))
        found.append(Mention(day, start, end, "count"))
    for path, days, months in (("dates.next_week", 7, 0), ("dates.next_month", 0, 1)):
        for match in _phrases(path).finditer(folded):
            day = add_months(sent, months) + timedelta(days=days)
            found.append(Mention(day, *match.span(), "next"))
    for match in _phrases("dates.fortnight").finditer(folded):
        found.append(Mention(sent + timedelta(days=14), *match.span(), "count"))
    for match in _patterns()["weekday"].finditer(folded):
        if _every(folded, match.start()):
            continue
        if match["last"] or (
            match["after"] and match["after"] in words("dates.after_weekday_past")
        ):
            continue
        ahead = (_weekday_index(match["wd"]) - sent.weekday() - 1) % 7 + 1
        found.append(Mention(sent + timedelta(days=ahead), *match.span(), "weekday"))
    found += _dates(folded, sent, past=False)
    for match in _phrases("follow_up.vague").finditer(folded):
        found.append(Mention(None, *match.span(), "vague"))
    for match in _patterns()["month_alone"].finditer(folded):
        found.append(Mention(None, *match.span(), "vague"))
    return _first_of_overlaps(found)


def _first_of_overlaps(found: list[Mention]) -> list[Mention]:
    """The longest of mentions that overlap ("on the 12th of January" over "the 12th")."""
    kept: list[Mention] = []
    for mention in sorted(found, key=lambda m: (m.start, -(m.end - m.start), m.day is not None)):
        if kept and mention.start < kept[-1].end:
            longer = mention.end - mention.start > kept[-1].end - kept[-1].start
            if longer or (mention.day is None and mention.end >= kept[-1].end):
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept
