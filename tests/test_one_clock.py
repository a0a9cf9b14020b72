"""The application reads the time in one place: mailer/clock.py (see its docstring).

Every other module takes "now" from a clock handed to it, so a test that pins the clock pins
every decision, and the suite passes on any day at any hour.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "mailer"
THE_CLOCK = PACKAGE / "clock.py"

WALL_CLOCK_CALLS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
    ("time", "gmtime"),
    ("time", "ctime"),
    ("time", "strftime"),
}
"""``owner.attribute(...)`` calls that read the wall clock (``time.monotonic`` measures a
duration, not a date, and stays allowed)."""

DATABASE_CLOCK = ("now()", "current_timestamp", "current_date", "localtimestamp")


def _owner(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def wall_clock_reads(source: str) -> list[tuple[int, str]]:
    """Where ``source`` reads the wall clock or asks the database for its time."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            call = (_owner(node.func.value), node.func.attr)
            if call in WALL_CLOCK_CALLS:
                found.append((node.lineno, ".".join(call)))
            if call[1] == "now" and call[0] == "func":  # sqlalchemy.func.now()
                found.append((node.lineno, "func.now"))
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            lowered = node.value.lower()
            found += [(node.lineno, word) for word in DATABASE_CLOCK if word in lowered]
    return found


def test_only_the_clock_module_reads_the_time() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {call}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != THE_CLOCK
        for line, call in wall_clock_reads(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "take the time from a mailer.clock.Clock instead:\n" + "\n".join(
        offenders
    )


def test_the_check_sees_each_way_of_reading_the_time() -> None:
    sample = """
import time, datetime as dt
from datetime import date, datetime
from sqlalchemy import func, text
a = datetime.now(dt.UTC)
b = dt.datetime.now()
c = date.today()
d = time.time()
e = func.now()
f = text("SELECT CURRENT_TIMESTAMP")
g = time.monotonic()
"""
    assert [call for _, call in wall_clock_reads(sample)] == [
        "datetime.now",
        "datetime.now",
        "date.today",
        "time.time",
        "func.now",
        "current_timestamp",
    ]
