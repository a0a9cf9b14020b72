"""Expand one recurring series inside a time window, with the work bounded, not only the result.

recurring-ical-events (through dateutil) walks a rule from its DTSTART, one period at a time,
and materialises every occurrence of the span it is asked about. A hostile rule turns that into
minutes: ``FREQ=MINUTELY`` from 1900 walks 66 million minutes to reach today, a rule no day can
match (``BYMONTH=2;BYMONTHDAY=30``) walks day by day to the year 9999, ``FREQ=SECONDLY``
materialises 86,400 occurrences a day. So before expanding, on a copy of the series:

- every rule gets an UNTIL no later than the window's end; a COUNT without BY-filters on a
  fixed step becomes the UNTIL it means;
- a daily-or-finer rule whose day filters match no day at all is dropped (dateutil would look
  for a matching day until the year 9999, and only checks UNTIL on a match);
- a fixed-step rule (SECONDLY to WEEKLY) without COUNT has its DTSTART moved forward by whole
  steps to just before the window: the same occurrences, without walking the years before;
- a rule that cannot be bounded that way (filters and a COUNT from long ago, an unreadable
  rule) raises :class:`AbsurdRecurrence`, and the caller logs the series as its first event;
- the rules are walked lazily to the ``limit``-th occurrence, and only the span up to it is
  asked of the expander, so no more than ``limit`` occurrences are ever materialised; RDATEs
  beyond :data:`~mailer.parsing.limits.MAX_RDATES` are ignored.
"""

from __future__ import annotations

import calendar
import copy
import heapq
import math
import warnings
from datetime import date, datetime, timedelta, tzinfo
from itertools import islice

import recurring_ical_events
from dateutil.rrule import rrule, rruleset, rrulestr
from icalendar import Calendar, vDDDTypes, vRecur
from icalendar.cal import Component

from mailer.parsing.limits import MAX_RDATES
from mailer.parsing.timezones import to_utc

MAX_WALK_STEPS = 200_000
"""Periods walked from DTSTART for a rule whose COUNT keeps its DTSTART where it is."""

FIXED_STEPS = {
    "SECONDLY": timedelta(seconds=1),
    "MINUTELY": timedelta(minutes=1),
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
}
MONTHS = {"MONTHLY": 1, "YEARLY": 12}
FILTERS = frozenset(
    {"BYMONTH", "BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYHOUR", "BYMINUTE", "BYSECOND",
     "BYSETPOS"}
)  # fmt: skip
MARGIN = timedelta(hours=3)
"""Kept between a moved DTSTART and the window: wall-clock steps and elapsed time differ by a
daylight-saving shift at most."""
LONGEST_OVERLAP = timedelta(days=7)
"""Occurrences that began up to this long before the window and run into it are still found."""


class AbsurdRecurrence(ValueError):
    """The rule cannot be expanded within bounded work; log the series as one event."""


def expand(
    timezones: list[Component],
    components: list[Component],
    *,
    zone: tzinfo,
    start: datetime,
    stop: datetime,
    limit: int,
) -> list[Component]:
    """Occurrences of one series (its master and overrides) from ``start`` until ``stop``, at
    most ``limit``, in order; raises AbsurdRecurrence, or the expander's errors."""
    master = next(c for c in components if "RECURRENCE-ID" not in c)
    bounded = _bounded(master, zone, start, stop)
    series = Calendar()
    for timezone in timezones:
        series.add_component(timezone)
    for component in components:
        series.add_component(bounded if component is master else component)
    found: dict[tuple[str, str], Component] = {}
    with warnings.catch_warnings():  # dateutil deprecates COUNT with UNTIL; it still obeys both
        warnings.simplefilter("ignore", DeprecationWarning)
        end = _limit_reached(bounded, zone, start, stop, limit)
        for occurrence in recurring_ical_events.of(series).between(start, end):
            found.setdefault(_key(occurrence), occurrence)
    ordered = sorted(found.values(), key=lambda c: to_utc(_start(c), zone))
    return ordered[:limit]


def _limit_reached(
    master: Component, zone: tzinfo, cursor: datetime, stop: datetime, limit: int
) -> datetime:
    """Just after the ``limit``-th start of the rules from ``cursor`` (else ``stop``), found by
    walking the rules lazily, so that the expander then materialises no more than that."""
    dtstart = _start(master)
    aware = isinstance(dtstart, datetime) and dtstart.tzinfo is not None
    frame = cursor if aware else cursor.astimezone(zone).replace(tzinfo=None)
    if not isinstance(dtstart, datetime):
        dtstart = datetime.combine(dtstart, datetime.min.time())
    starts = []
    for rule in _rules(master):
        try:
            parsed: rrule | rruleset = rrulestr(rule.to_ical().decode(), dtstart=dtstart)
        except (ValueError, TypeError) as exc:
            raise AbsurdRecurrence(f"the rule cannot be read ({exc})") from exc
        starts.append(islice(parsed.xafter(frame, inc=True), limit))
    found = list(islice(heapq.merge(*starts), limit))
    if len(found) < limit:
        return stop
    return min(stop, to_utc(found[-1], zone) + timedelta(seconds=1))


def _key(occurrence: Component) -> tuple[str, str]:
    return (str(_value(occurrence, "RECURRENCE-ID")), str(_value(occurrence, "DTSTART")))


def _value(component: Component, name: str) -> object:
    return getattr(component.get(name), "dt", None)


def _start(component: Component) -> date:
    """DTSTART, a date or a date and time; a series without one cannot be expanded."""
    dtstart = _value(component, "DTSTART")
    if not isinstance(dtstart, date):
        raise AbsurdRecurrence("the series has no start")
    return dtstart


def _tzid(component: Component) -> str | None:
    params = getattr(component.get("DTSTART"), "params", {}) or {}
    return str(params["TZID"]) if params.get("TZID") else None


def _rules(component: Component) -> list[vRecur]:
    rules = component.get("RRULE")
    if rules is None:
        return []
    return list(rules) if isinstance(rules, list) else [rules]


def _bounded(master: Component, zone: tzinfo, start: datetime, stop: datetime) -> Component:
    """A copy of ``master`` whose rules end by ``stop`` and, when they can, start near ``start``."""
    dtstart = _start(master)
    first = to_utc(dtstart, zone, _tzid(master))
    bounded = copy.copy(master)
    bounded.pop("EXRULE", None)  # deprecated by RFC 5545 and ignored by the expander anyway
    bounded.pop("RRULE", None)
    _cap_rdates(bounded)
    kept = [_bounded_rule(rule, dtstart, first, zone, stop) for rule in _rules(master)]
    rules = [rule for rule in kept if rule is not None]
    if not rules:  # only DTSTART and the RDATEs remain
        return bounded
    bounded["RRULE"] = rules if len(rules) > 1 else rules[0]
    steps = [FIXED_STEPS.get(_freq(r)) for r in rules]
    fixed = [s * _interval(r) for s, r in zip(steps, rules, strict=True) if s is not None]
    if len(fixed) == len(rules) and not any("COUNT" in r for r in rules):
        _move_start(bounded, dtstart, first, start, _common_step(fixed))
    return bounded


def _bounded_rule(
    rule: vRecur, dtstart: date, first: datetime, zone: tzinfo, stop: datetime
) -> vRecur | None:
    """The rule, ending by ``stop``; None for a rule that no day can match."""
    freq = _freq(rule)
    if freq not in FIXED_STEPS and freq not in MONTHS:
        raise AbsurdRecurrence(f"unknown frequency {freq!r}")
    if not _some_day_matches(rule, yearly=freq == "YEARLY"):
        return None
    bounded = vRecur({key: list(values) for key, values in rule.items()})
    until = min([stop, *(_until(value, zone) for value in rule.get("UNTIL", []))])
    if "COUNT" in rule:
        count, step = _count(rule), FIXED_STEPS.get(freq)
        exact = step is not None and not FILTERS & set(rule)  # every step is an occurrence
        if (
            exact
            and step is not None
            and (isinstance(dtstart, datetime) or step >= timedelta(days=1))
        ):
            bounded.pop("COUNT")
            try:  # wall-clock arithmetic, as the rule steps
                last = to_utc(dtstart + step * _interval(rule) * (count - 1), zone)
            except OverflowError:
                last = until
            until = min(until, last)
        elif _steps(first, stop, step, rule) > MAX_WALK_STEPS:
            raise AbsurdRecurrence("a counted series with filters from too long ago")
    bounded["UNTIL"] = [_like(dtstart, until, zone)]
    return bounded


def _until(value: object, zone: tzinfo) -> datetime:
    """An UNTIL as a UTC instant; a date UNTIL includes that whole day."""
    if isinstance(value, datetime):
        return to_utc(value, zone)
    if isinstance(value, date):
        try:
            return to_utc(value + timedelta(days=1), zone) - timedelta(seconds=1)
        except OverflowError:
            return to_utc(value, zone)
    raise AbsurdRecurrence(f"UNTIL={value!r} is not a date")


def _freq(rule: vRecur) -> str:
    return str((rule.get("FREQ") or [""])[0]).upper()


def _interval(rule: vRecur) -> int:
    try:
        interval = int((rule.get("INTERVAL") or [1])[0])
    except (TypeError, ValueError) as exc:
        raise AbsurdRecurrence("the INTERVAL is not a number") from exc
    if not 0 < interval < 1_000_000:
        raise AbsurdRecurrence(f"INTERVAL={interval}")
    return interval


def _count(rule: vRecur) -> int:
    try:
        return int(rule["COUNT"][0])
    except (TypeError, ValueError, IndexError) as exc:
        raise AbsurdRecurrence("the COUNT is not a number") from exc


def _steps(first: datetime, stop: datetime, step: timedelta | None, rule: vRecur) -> float:
    span = (stop - first).total_seconds()
    if step is None:
        return span / (86400 * 28 * MONTHS.get(_freq(rule), 1) * _interval(rule))
    return span / (step * _interval(rule)).total_seconds()


def _common_step(steps: list[timedelta]) -> timedelta:
    """A step that is a whole number of every rule's step, so moving by it keeps all aligned."""
    seconds = 1
    for step in steps:
        seconds = math.lcm(seconds, int(step.total_seconds()))
    return timedelta(seconds=seconds)


def _move_start(
    component: Component, dtstart: date, first: datetime, start: datetime, step: timedelta
) -> None:
    """DTSTART (and DTEND) forward by whole steps, to before the window and what overlaps it."""
    if not isinstance(dtstart, datetime) and step < timedelta(days=1):
        return
    duration = _duration(component, dtstart)
    margin = MARGIN + 2 * step + min(duration, LONGEST_OVERLAP)
    steps = (start - margin - first) // step
    if steps <= 0:
        return
    moved = dtstart + step * steps
    start_prop = component["DTSTART"]
    if not isinstance(start_prop, vDDDTypes):  # a DTSTART with a date in it is parsed as one
        raise AbsurdRecurrence(f"DTSTART is a {type(start_prop).__name__}, not a date")
    component["DTSTART"] = _retyped(start_prop, moved)
    end = component.get("DTEND")
    if isinstance(end, vDDDTypes):
        if not isinstance(end.dt, date | timedelta):
            raise AbsurdRecurrence(f"DTEND={end.dt!r} is neither a date nor a duration")
        component["DTEND"] = _retyped(end, end.dt + step * steps)


def _duration(component: Component, dtstart: date) -> timedelta:
    end = _value(component, "DTEND")
    if isinstance(end, date) and type(end) is type(dtstart):
        try:
            return max(timedelta(0), end - dtstart)
        except TypeError:  # aware and naive
            return timedelta(0)
    duration = _value(component, "DURATION")
    return max(timedelta(0), duration) if isinstance(duration, timedelta) else timedelta(0)


def _retyped(prop: vDDDTypes, value: date | timedelta) -> vDDDTypes:
    moved = vDDDTypes(value)
    moved.params = prop.params
    return moved


def _like(dtstart: date, moment: datetime, zone: tzinfo) -> date:
    """``moment`` (UTC) as an UNTIL that matches DTSTART: a date, a UTC time or a local time."""
    if not isinstance(dtstart, datetime):
        return moment.astimezone(zone).date()
    if dtstart.tzinfo is not None:
        return moment
    return moment.astimezone(zone).replace(tzinfo=None)


def _cap_rdates(component: Component) -> None:
    rdates = component.get("RDATE")
    lists = [] if rdates is None else rdates if isinstance(rdates, list) else [rdates]
    if sum(len(values.dts) for values in lists) <= MAX_RDATES:
        return
    kept, room = [], MAX_RDATES
    for values in lists:
        if room > 0:
            capped = copy.copy(values)
            capped.dts = values.dts[:room]
            room -= len(capped.dts)
            kept.append(capped)
    component["RDATE"] = kept


CYCLE_START, CYCLE_YEARS = 2000, 28
"""Every combination of leap year and weekday of 1 January occurs in 28 years from 2000."""


def _some_day_matches(rule: vRecur, *, yearly: bool) -> bool:
    """False when the day filters of a rule match no day at all (February 30th).

    dateutil steps such a rule one period at a time to the year 9999 looking for a match, and
    only checks UNTIL on a match (ten seconds for a daily rule); one 28-year cycle decides it
    here. Ordinals ("5MO") and BYSETPOS only narrow a match, so they are not needed to rule
    one out.
    """
    months = {int(m) for m in rule.get("BYMONTH", [])}
    monthdays = {int(d) for d in rule.get("BYMONTHDAY", [])}
    yeardays = {int(d) for d in rule.get("BYYEARDAY", [])}
    weekdays = {str(d).upper().lstrip("+-0123456789") for d in rule.get("BYDAY", [])}
    if "BYWEEKNO" in rule and not yearly:
        raise AbsurdRecurrence("BYWEEKNO is only for yearly rules (RFC 5545 3.3.10)")
    if not (months or monthdays or yeardays or weekdays):
        return True
    names = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
    day = date(CYCLE_START, 1, 1)
    while day.year < CYCLE_START + CYCLE_YEARS:
        in_month = calendar.monthrange(day.year, day.month)[1]
        in_year = 366 if calendar.isleap(day.year) else 365
        yearday = day.timetuple().tm_yday
        if (
            (not months or day.month in months)
            and (not monthdays or {day.day, day.day - in_month - 1} & monthdays)
            and (not yeardays or {yearday, yearday - in_year - 1} & yeardays)
            and (not weekdays or names[day.weekday()] in weekdays)
        ):
            return True
        day += timedelta(days=1)
    return False
