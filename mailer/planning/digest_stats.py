"""``mailer stats``: the digest's numbers over the whole log, as one JSON-safe dictionary.

Meetings per month, the current and longest streak, people met (new and again this year), and
follow-ups kept: done, open (of which overdue) and cancelled. Same queries as the digest, so the
two never disagree, plus one count of everyone ever met.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from mailer.config import Config, UserConfig
from mailer.log.digest_due import followup_tally
from mailer.log.history import done_per_day, people_counts, people_met_ever
from mailer.planning.digest_weeks import (
    WEEK,
    midnight,
    per_month,
    per_week,
    reviewed_week,
    streak,
    weekday_number,
)


def _months(first: date, last: date) -> list[tuple[int, int]]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def user_stats(
    session: Session, config: Config, user: UserConfig, user_id: int, now: datetime
) -> dict[str, Any]:
    zone, local = user.zone, now.astimezone(user.zone)
    first_day = weekday_number(config.digest.week_start)
    days = done_per_day(session, user_id, zone, now)
    week = reviewed_week(local, first_day)
    run = streak(per_week(days, first_day), week, week_over=now >= midnight(week + WEEK, zone))
    months = per_month(days)
    year_start = midnight(local.date().replace(month=1, day=1), zone)
    this_year = people_counts(session, user_id, {"year": (year_start, now)})["year"]
    return {
        "user": user.email,
        "as_of": local.isoformat(),
        "meetings_done": sum(days.values()),
        "meetings_per_month": [
            {"month": f"{year:04d}-{month:02d}", "meetings": months.get((year, month), 0)}
            for year, month in _months(min(days, default=local.date()), local.date())
        ],
        "streak": {
            "current": run.current,
            "longest": run.longest,
            "this_week": run.this_week,
            "state": run.state,
        },
        "people": {
            "met": people_met_ever(session, user_id),
            "new_this_year": this_year.new,
            "again_this_year": this_year.again,
        },
        "followups": followup_tally(session, user_id, today=local.date()),
    }
