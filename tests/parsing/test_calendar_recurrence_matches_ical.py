"""The occurrences we log of every recurring invite equal an independent expansion's, or the
difference is written down here with its reason.

We expand with recurring-ical-events (through icalendar and dateutil); the `ical` package has
its own RFC 5545 recurrence code (pydantic models, its own timeline). Every recurring series in
tests/fixtures and ../shared/corpus is expanded by both over the same window (13 weeks before
its first start to 39 weeks after, our horizon of 26 weeks around a "now" 13 weeks in) and the
(start, cancelled) pairs compared. EXDATE, RDATE, RECURRENCE-ID overrides, cancelled instances,
THISANDFUTURE, all-day series and DST changes are all among them
(tests/fixtures/ics/written_weekly_thisandfuture_rdate_dst.ics covers what the corpus lacks).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from mailer.parsing.calendar import RRULE_SPACES, SERIES_METHODS, parse_calendar
from mailer.parsing.message import parse_message
from mailer.parsing.timezones import to_utc
from tests.conftest import FIXTURES, SHARED_CORPUS

MADRID = ZoneInfo("Europe/Madrid")
HORIZON = timedelta(weeks=26)
Occurrence = tuple[datetime, bool]  # (start in UTC, cancelled)


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


DIFFERENCES: dict[tuple[str, str], tuple[set[Occurrence], set[Occurrence], str]] = {
    ("written_weekly_thisandfuture_rdate_dst.ics", "weekly-coffee@example.org"): (
        {(_utc(2027, 4, 27, 9), False), (_utc(2027, 5, 4, 9), False)},
        {(_utc(2027, 4, 27, 8), False), (_utc(2027, 5, 4, 8), False)},
        "ical applies a RECURRENCE-ID;RANGE=THISANDFUTURE override to its own instance only; "
        "RFC 5545 3.8.4.4 says it applies to every later one too (11:00, not 10:00), as "
        "recurring-ical-events does",
    ),
    ("rie_exchange2010_biweekly_until_utc.ics", "017E1BADC42ED6"): (
        {(_utc(2020, 9, 16, 22), False)},
        {
            (_utc(2020, 4, 15, 22), False),
            (_utc(2020, 5, 27, 22), False),
            (_utc(2020, 9, 2, 22), False),
        },
        "Exchange ends an all-day series with UNTIL at the UTC instant of the last day's "
        "midnight in its zone (20200916T230000Z for 17 September in London): ical compares "
        "the date at UTC midnight and drops that last day, which Outlook shows. And Exchange "
        "writes the RECURRENCE-ID of a moved all-day occurrence as that midnight in a TZID; "
        "ical does not match it to the occurrence's date and shows the moved day twice",
    ),
    ("rie_exchange2010_biweekly_until_utc.ics", "C6B92310C52ED6"): (
        {(_utc(2020, 9, 23, 22), False)},
        set(),
        "the same UNTIL at the last day's midnight as the series above",
    ),
}
"""(file, a part of the series UID) -> (only ours, only ical's, why)."""

ICAL_CANNOT_READ = {
    "bluemind_lotus_notes_852.ics": "Lotus Notes' TZID 'Western/Central Europe' has no "
    "VTIMEZONE: ical refuses the events; we read them in the user's zone and say so",
    "bluemind_zimbra_recurring.ics": "ical fails on Zimbra's all-day exceptions "
    "(AttributeError: Event.start accessed before dtstart was set)",
    "icaljs_google_birthday.ics": "Google writes RDATE:20131210Z (a date with a Z): ical "
    "refuses it; icalendar reads the date",
}
"""Files whose series ical cannot expand at all, and why: no comparison is possible."""

WITHOUT_UID = {
    "icalendar_exchange_cdo_request.ics": "the CDO event has no UID: we log the series as its "
    "first occurrence, since UID-less components cannot be grouped with their overrides",
}


def _calendars(path: Path) -> list[bytes]:
    raw = path.read_bytes()
    return [raw] if path.suffix == ".ics" else list(parse_message(raw).calendars)


def _series() -> list[tuple[Path, bytes, str]]:
    """(file, calendar, series UID) for every recurring series we would expand."""
    roots = [FIXTURES] + ([SHARED_CORPUS] if SHARED_CORPUS.is_dir() else [])
    found = []
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.suffix in (".ics", ".eml")):
            for data in _calendars(path):
                try:
                    calendar = icalendar.Calendar.from_ical(data)
                except Exception:  # unreadable calendars are the sweep's business
                    continue
                if str(calendar.get("METHOD", "")).upper() in SERIES_METHODS:
                    continue  # a CANCEL or REPLY addresses the series: nothing is expanded
                for event in calendar.walk("VEVENT"):
                    recurring = "RRULE" in event or "RDATE" in event
                    if recurring and "RECURRENCE-ID" not in event:
                        found.append((path, data, str(event.get("UID", ""))))
    return found


def _window(data: bytes, uid: str) -> tuple[datetime, datetime, datetime]:
    calendar = icalendar.Calendar.from_ical(data)
    [master] = [
        e for e in calendar.walk("VEVENT") if str(e.get("UID", "")) == uid and "RRULE" in e
    ] or [e for e in calendar.walk("VEVENT") if str(e.get("UID", "")) == uid][:1]
    now = to_utc(master["DTSTART"].dt, MADRID) + timedelta(weeks=13)
    return now, now - HORIZON + timedelta(days=1), now + HORIZON - timedelta(days=1)


def ours(data: bytes, uid: str) -> set[Occurrence]:
    now, low, high = _window(data, uid)
    events = parse_calendar(data, default_zone=MADRID, now=now, horizon=HORIZON)
    return {
        (e.start, e.status == "cancelled")
        for e in events
        if e.uid == uid and low <= e.start <= high
    }


def icals(data: bytes, uid: str) -> set[Occurrence]:
    now, low, high = _window(data, uid)
    text = RRULE_SPACES.sub(lambda m: m.group(0).replace(", ", ","), data.decode("utf-8"))
    timeline = IcsCalendarStream.calendar_from_ics(text).timeline_tz(MADRID)
    found = set()
    for event in timeline.overlapping(now - HORIZON, now + HORIZON):
        start = to_utc(event.dtstart, MADRID) if isinstance(event.dtstart, date) else None
        if event.uid == uid and start is not None and low <= start <= high:
            found.add((start, str(event.status or "").upper().endswith("CANCELLED")))
    return found


SERIES = _series()


def test_every_kind_of_recurrence_is_among_the_series():
    names = {path.name for path, _, _ in SERIES}
    assert "written_weekly_thisandfuture_rdate_dst.ics" in names
    assert len(SERIES) >= 6


@pytest.mark.parametrize(
    ("path", "data", "uid"),
    SERIES,
    ids=[f"{p.parent.name}/{p.name}:{u[-14:] or 'no-uid'}" for p, _, u in SERIES],
)
def test_our_occurrences_equal_icals(path: Path, data: bytes, uid: str):
    if path.name in WITHOUT_UID:
        assert not uid, WITHOUT_UID[path.name]
        now, _, _ = _window(data, uid)
        logged = parse_calendar(data, default_zone=MADRID, now=now, horizon=HORIZON)
        assert len(logged) == 1, WITHOUT_UID[path.name]
        return
    mine = ours(data, uid)
    assert mine, "the window holds occurrences"
    if path.name in ICAL_CANNOT_READ:
        with pytest.raises(Exception):  # noqa: B017 - ical's own error types vary
            icals(data, uid)
        return
    theirs = icals(data, uid)
    expected = next(
        (v for (name, part), v in DIFFERENCES.items() if name == path.name and part in uid),
        (set(), set(), "no difference"),
    )
    only_ours, only_icals, why = expected
    assert (mine - theirs, theirs - mine) == (only_ours, only_icals), why
