"""Two processes whose jobs run for the very first time at once both record their run.

Found by the digest's concurrency test: ``beat`` read the row, then inserted it, and the second
of two first beats failed on the heartbeats' unique name.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import select

from mailer.api import Mailer
from mailer.models import Heartbeat
from mailer.planning.heartbeat import beat

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _race(mailer: Mailer, name: str, errors: list[BaseException]) -> None:
    """Four threads beat ``name`` for the first time, released at the same moment."""
    start = threading.Barrier(4)

    def first_beat() -> None:
        start.wait()
        try:
            beat(mailer.sessions, name, NOW)
        except BaseException as exc:  # collected: a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=first_beat) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_first_beats_racing_each_other(mailer: Mailer):
    errors: list[BaseException] = []
    for round_number in range(5):
        _race(mailer, f"job-{round_number}", errors)
    assert errors == []
    with mailer.sessions() as session:
        names = set(session.scalars(select(Heartbeat.name)))
    assert names == {f"job-{n}" for n in range(5)}
