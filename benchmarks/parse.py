"""Parse throughput: our ``parse_message`` plus calendar extraction, against the standard library.

Both read the same bytes in the same run: every message of tests/fixtures, and of
../shared/corpus when it is there (read in place), each repeated until the run is long enough
to time. The baseline is ``email.message_from_bytes`` alone (the tree, nothing read from it);
ours also decodes every text part, reads the headers we use and applies every limit (first row),
then parses and expands each calendar, or reads the invitation text of a message without one
(``events_from_message``, second row). No target: the ratios say what each step costs.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from mailer.parsing.calendar import CalendarParseError, events_from_message
from mailer.parsing.message import parse_message

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
SUFFIXES = {".eml", ".ics", ".txt", ".html"}
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Madrid")


def corpus() -> tuple[list[bytes], str]:
    """The messages, and where they came from (for the report)."""
    folders = [FIXTURES] + ([SHARED_CORPUS] if SHARED_CORPUS.is_dir() else [])
    messages = [
        path.read_bytes()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix in SUFFIXES
    ]
    where = " + ".join(f.name if f == FIXTURES else "../shared/corpus" for f in folders)
    return messages, where


def _ours(data: bytes) -> None:
    message = parse_message(data)
    with contextlib.suppress(CalendarParseError):
        events_from_message(message, default_zone=ZONE, now=NOW)


def _message_only(data: bytes) -> None:
    parse_message(data)


def _stdlib(data: bytes) -> None:
    email.message_from_bytes(data, policy=email.policy.default)


def _rate(work: Any, messages: list[bytes], rounds: int) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for data in messages:
            work(data)
    return rounds * len(messages) / (time.perf_counter() - started)


def run(quick: bool = False) -> list[dict[str, Any]]:
    messages, where = corpus()
    rounds = 1 if quick else 5
    _rate(_ours, messages, 1)  # warm caches (time zones, dateparser) before timing either
    bare = _rate(_stdlib, messages, rounds)
    rows = []
    for label, work in (("parse_message", _message_only), ("+ calendar events", _ours)):
        rate = _rate(work, messages, rounds)
        rows.append(
            {
                "benchmark": "parse",
                "measure": f"{label}: messages/s, {len(messages)} files ({where}) x {rounds}",
                "value": rate,
                "baseline": bare,
                "ratio": rate / bare,
                "target": None,
            }
        )
    return rows
