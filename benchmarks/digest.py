"""The weekly digest: milliseconds to build and render one, as the history grows.

A user with 100, 1,000 and 10,000 contacts and ten times as many meetings over ten years, on
SQLite and on PostgreSQL (``MAILER_TEST_POSTGRES_URL``, else the local default, in a schema of
its own dropped afterwards). Each value is the median of several digests after a warm-up, with
the 100-contact digest on the same database as the baseline, so the ratio shows the growth. The
largest size has an absolute target: under 250 ms per digest.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from mailer.api import Mailer
from mailer.config import load_config
from mailer.log.digest_demo import add_history
from mailer.planning.digest_send import render_digest

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 12, 20, 18, 0, tzinfo=MADRID)
YEARS = 10
LIMIT_MS = 250
SIZES = ((100, 1_000), (1_000, 10_000), (10_000, 100_000))
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _config(folder: Path, url: str) -> Path:
    path = folder / "config.toml"
    path.write_text(
        f'[database]\nurl = "{url}"\n[[users]]\nemail = "alice@example.com"\n'
        'name = "Alice Martín"\ntimezone = "Europe/Madrid"\n',
        encoding="utf-8",
    )
    return path


@contextmanager
def _sqlite(folder: Path, label: str) -> Iterator[str]:
    yield f"sqlite:///{folder / f'{label}.db'}"


@contextmanager
def _postgres(folder: Path, label: str) -> Iterator[str]:
    base = os.environ.get("MAILER_TEST_POSTGRES_URL") or POSTGRES_URL
    schema = f"bench_digest_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _measure(url: str, folder: Path, contacts: int, meetings: int, repeat: int) -> float:
    """Median milliseconds for build and render of one digest over a seeded history."""
    mailer = Mailer(load_config(_config(folder, url)))
    try:
        _, user_id = mailer.user()
        with mailer.engine.begin() as connection:
            add_history(
                connection,
                user_id,
                contacts=contacts,
                meetings=meetings,
                years=YEARS,
                now=NOW,
                zone=MADRID,
            )
        if mailer.engine.dialect.name == "sqlite":  # and SQLite's checkpoint, after a bulk load
            with mailer.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        render_digest(mailer.config, mailer.digest(now=NOW))  # warm-up: caches, connections
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            render_digest(mailer.config, mailer.digest(now=NOW))
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)
    finally:
        mailer.engine.dispose()


Measure = Callable[[str, Path, int, int, int], dict[str, float]]
"""(database URL, folder, contacts, meetings, repeat) -> median milliseconds per benchmark."""


def by_size(label: str, measure: Measure, limit: float, quick: bool) -> list[dict[str, Any]]:
    """Rows of ``measure`` at each size on SQLite and PostgreSQL, each against its smallest
    size; ``limit`` applies to the largest (and not in a quick run)."""
    sizes = [(c // 10, m // 10) for c, m in SIZES] if quick else list(SIZES)
    repeat = 3 if quick else 9
    rows: list[dict[str, Any]] = []
    for name, database in (("SQLite", _sqlite), ("PostgreSQL", _postgres)):
        baselines: dict[str, float] = {}
        for contacts, meetings in sizes:
            with tempfile.TemporaryDirectory() as folder:
                try:
                    with database(Path(folder), f"{label}-{contacts}-{meetings}") as url:
                        values = measure(url, Path(folder), contacts, meetings, repeat)
                except OperationalError as exc:
                    print(f"{label} benchmark: {name} skipped ({exc.orig})", file=sys.stderr)
                    break
            largest = (contacts, meetings) == sizes[-1]
            for what, value in values.items():
                baseline = baselines.setdefault(what, value)
                rows.append(
                    {
                        "benchmark": what,
                        "measure": f"{contacts:,} contacts, {meetings:,} meetings ({name})",
                        "value": value,
                        "baseline": baseline,
                        "ratio": value / baseline,
                        "unit": "ms",
                        "limit": limit if largest and not quick else None,
                    }
                )
    return rows


def _digest(url: str, folder: Path, contacts: int, meetings: int, repeat: int) -> dict[str, float]:
    return {"digest": _measure(url, folder, contacts, meetings, repeat)}


def run(quick: bool = False) -> list[dict[str, Any]]:
    return by_size("digest", _digest, LIMIT_MS, quick)
