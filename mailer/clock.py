"""The one place mailer reads the time.

A follow-up assistant lives on dates ("in two weeks", "the morning of the meeting"), so every
decision that depends on "now" takes it from a :data:`Clock`: a callable returning an aware UTC
datetime. :func:`system_clock` reads the machine's clock; :class:`PinnedClock` answers a time
it was given (tests, replays, ``--now``). The clock is handed down from where work starts
(:class:`mailer.api.Mailer`, :class:`mailer.service.Service`, the processing worker) and is
carried by every session its factory opens, so row timestamps (``created_at``,
``received_at``...) come from the same clock as the decisions that read them
(:func:`mailer.db.session_factory`).

Nothing else in the package calls ``datetime.now()``, ``time.time()`` or ``date.today()``, and
no query uses the database's ``now()``: ``tests/test_one_clock.py`` keeps it that way.
Durations (timeouts, "quiet for 50 ms") use ``time.monotonic()``, which is not a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Anything that says what time it is, as an aware datetime."""

    def __call__(self) -> datetime: ...


def system_clock() -> datetime:
    """The machine's time, in UTC (the default clock; picklable, for worker processes)."""
    return datetime.now(UTC)


class NaiveTime(ValueError):
    """A clock was set to a time without an offset; give one (e.g. ``+01:00``), never guess."""


@dataclass
class PinnedClock:
    """A clock that says what it was told: for tests, replays and ``--now``.

    It stands still until moved (:meth:`set`, :meth:`advance`), so a test reads the same "now"
    however long it runs. It pickles, so a worker process started with it reads it too (a move
    made after the worker started is not seen there).
    """

    at: datetime

    def __post_init__(self) -> None:
        self.set(self.at)

    def __call__(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise NaiveTime(f"{at!r} has no offset: pin the clock to an aware time")
        self.at = at.astimezone(UTC)

    def advance(self, delta: timedelta) -> datetime:
        self.at += delta
        return self.at


def clock_at(moment: datetime | None, default: Clock = system_clock) -> Clock:
    """``moment`` as a clock when given (``--now``, ``now=``), else ``default``."""
    return PinnedClock(moment) if moment is not None else default
