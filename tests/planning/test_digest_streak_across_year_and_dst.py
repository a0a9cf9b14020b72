"""Weeks and streaks are the user's: across New Year, across a DST change, from any first day.

The database groups meetings by local day (PostgreSQL with AT TIME ZONE, SQLite with the zone's
offsets): a meeting just after local midnight belongs to the new day even when it is still the
old day in UTC, on both sides of a DST change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from mailer.log.history import done_per_day, offset_periods
from mailer.planning.digest_weeks import per_week, reviewed_week, streak, week_of
from tests.conftest import ALICE, BOB
from tests.planning.digest_seed import History

MADRID = ZoneInfo("Europe/Madrid")
NEW_YORK = ZoneInfo("America/New_York")
MONDAY, SUNDAY = 0, 6


def at(text: str, zone: ZoneInfo = MADRID) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def test_streak_runs_on_across_new_year(mailer: Mailer):
    history = History(mailer, ALICE)
    anna = history.contact("Anna Ruiz")
    for day in ("2025-12-16", "2025-12-23", "2025-12-31", "2026-01-08", "2026-01-13"):
        history.meeting(at(f"{day}T10:00"), anna)
    history.meeting(at("2025-12-01T10:00"), anna)  # a gap before: a streak of one

    with mailer.sessions() as session:
        days = done_per_day(session, history.user_id, MADRID, at("2026-01-16T12:00"))
    weeks = per_week(days, MONDAY)
    result = streak(weeks, date(2026, 1, 12), week_over=False)
    # 15 Dec, 22 Dec, 29 Dec (which ends in 2026: no ISO week 1 reset), 5 Jan, 12 Jan
    assert (result.current, result.longest, result.this_week) == (5, 5, 1)
    assert result.state == "kept"


def test_a_meeting_after_local_midnight_on_dst_days_is_in_the_new_week(mailer: Mailer):
    history = History(mailer, ALICE)
    pau = history.contact("Pau Serra")
    # Monday 30 March 2026 00:30 CEST is Sunday 29 March 22:30 UTC (DST began that night)
    history.meeting(at("2026-03-30T00:30"), pau)
    # Monday 26 October 2026 00:30 CET is Sunday 25 October 23:30 UTC (DST ended that night)
    history.meeting(at("2026-10-26T00:30"), pau)
    # Sunday 25 October 2026 23:30 CET is still Sunday locally
    history.meeting(at("2026-10-25T23:30"), pau)

    with mailer.sessions() as session:
        days = done_per_day(session, history.user_id, MADRID, at("2026-11-01T12:00"))
    assert days == {date(2026, 3, 30): 1, date(2026, 10, 26): 1, date(2026, 10, 25): 1}
    weeks = per_week(days, MONDAY)
    assert weeks == {date(2026, 3, 30): 1, date(2026, 10, 26): 1, date(2026, 10, 19): 1}
    result = streak(weeks, date(2026, 10, 26), week_over=True)
    assert (result.current, result.longest) == (2, 2)


def test_local_days_follow_each_users_zone(mailer: Mailer):
    moment = datetime(2026, 11, 2, 3, 30, tzinfo=UTC)  # Monday in Madrid, Sunday in New York
    alice, bob = History(mailer, ALICE), History(mailer, BOB)
    alice.meeting(moment, alice.contact("Anna Ruiz"))
    bob.meeting(moment, bob.contact("Anna Ruiz"))
    with mailer.sessions() as session:
        assert done_per_day(session, alice.user_id, MADRID, moment) == {date(2026, 11, 2): 1}
        assert done_per_day(session, bob.user_id, NEW_YORK, moment) == {date(2026, 11, 1): 1}


def test_weeks_can_start_on_sunday():
    assert week_of(date(2026, 12, 20), SUNDAY) == date(2026, 12, 20)
    assert week_of(date(2026, 12, 19), SUNDAY) == date(2026, 12, 13)
    assert week_of(date(2026, 12, 20), MONDAY) == date(2026, 12, 14)


def test_a_digest_on_the_first_day_of_a_week_reviews_the_week_that_ended():
    assert reviewed_week(at("2026-12-21T08:00"), MONDAY) == date(2026, 12, 14)
    assert reviewed_week(at("2026-12-20T18:00"), MONDAY) == date(2026, 12, 14)
    assert reviewed_week(at("2026-12-20T18:00"), SUNDAY) == date(2026, 12, 13)


def test_a_running_week_without_a_meeting_puts_the_streak_at_risk_not_to_zero():
    weeks = {date(2026, 11, 30): 1, date(2026, 12, 7): 2}
    running = streak(weeks, date(2026, 12, 14), week_over=False)
    assert (running.current, running.state, running.before) == (2, "at-risk", 2)
    over = streak(weeks, date(2026, 12, 14), week_over=True)
    assert (over.current, over.state, over.longest) == (0, "broken", 2)
    assert streak({}, date(2026, 12, 14), week_over=True).state == "none"


def test_zone_offsets_are_found_to_the_second():
    first_day = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp()) // 86400
    periods = offset_periods(MADRID, first_day, first_day + 364)
    changes = [(datetime.fromtimestamp(t, UTC), offset) for t, offset in periods[1:]]
    assert changes == [
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), 7200),
        (datetime(2026, 10, 25, 1, 0, tzinfo=UTC), 3600),
    ]
