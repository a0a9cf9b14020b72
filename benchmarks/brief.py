"""The brief and the about@ answer: milliseconds to build and render one, as the log grows.

The digest benchmark's histories (:mod:`benchmarks.digest`: 100 to 10,000 contacts, ten times
as many meetings over ten years, SQLite and PostgreSQL), with coffee at 10:00 with the three
people met most (the history ends two weeks before). Each value is the median after a
warm-up; the largest size has an absolute target: 50 ms for a brief, and for the story of the
person met most.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from benchmarks.digest import MADRID, YEARS, _config, by_size
from mailer.api import Mailer
from mailer.briefs.about import matches, story_of
from mailer.briefs.render import render_brief, render_for_user
from mailer.config import load_config
from mailer.log.digest_demo import add_coffee, add_history
from mailer.models import Contact

LIMIT_MS = 50
HISTORY_ENDS = timedelta(days=15)
"""The seeded history stops two weeks before the brief: its planned meetings (one in 50, over
two weeks) would otherwise put a hundred meetings on the briefed day at the largest size, and
the benchmark is about a long history, not a day of a hundred meetings (whose brief grows with
them, as it must: it lists each)."""
NOW = datetime(2026, 12, 15, 7, 0, tzinfo=MADRID)


def _seed(mailer: Mailer, contacts: int, meetings: int) -> int:
    """The history and the coffee ahead; the id of the person met most."""
    _, user_id = mailer.user()
    with mailer.engine.begin() as connection:
        ids = add_history(connection, user_id, contacts=contacts, meetings=meetings,
                          years=YEARS, now=NOW - HISTORY_ENDS, zone=MADRID)  # fmt: skip
        add_coffee(connection, user_id, NOW + timedelta(hours=3), ids[:3])
    if mailer.engine.dialect.name == "sqlite":
        with mailer.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return ids[0]


def _median(step: Callable[[], object], repeat: int) -> float:
    step()  # warm-up: caches, connections, compiled templates
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _measure(url: str, folder: Path, contacts: int, meetings: int, repeat: int) -> dict[str, float]:
    mailer = Mailer(load_config(_config(folder, url)))
    try:
        most = _seed(mailer, contacts, meetings)
        user, user_id = mailer.user()

        def brief() -> None:
            [one] = mailer.brief(now=NOW)
            render_brief(mailer.config, user, one)

        def about() -> None:
            with mailer.sessions() as session:
                name = session.scalar(select(Contact.name).where(Contact.id == most))
                [found] = [c for c in matches(session, user_id, name or "") if c.id == most]
                story = story_of(session, user_id, found.id, NOW, user.zone)
            facts = {"query": name, "match": "one", "story": story}
            render_for_user(mailer.config, user, "about", facts, NOW.date())

        return {"brief": _median(brief, repeat), "about@": _median(about, repeat)}
    finally:
        mailer.engine.dispose()


def run(quick: bool = False) -> list[dict[str, Any]]:
    return by_size("brief", _measure, LIMIT_MS, quick)
