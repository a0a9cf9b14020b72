"""Read a calendar we send with three implementations we did not write, and compare.

- ical.js (npm ``ical.js``, the library behind Thunderbird's calendar) through
  ``tests/icaljs/instants.mjs``: a TZID that the calendar does not define in a VTIMEZONE is a
  floating time to it, which is how a guest's calendar would get the hour wrong.
- ``ical`` (PyPI, a strict pydantic implementation of RFC 5545, independent of icalendar).
- vobject.

Each gives a :class:`Reading` of every VEVENT: the absolute instants, the method, UID,
SEQUENCE, organizer and attendees. ical.js is installed from ``tests/icaljs/package-lock.json``
(``npm ci``) by .ci/run, or here on first use; without Node.js the check skips and says how
to install it, and under CI (``CI`` set) that is a failure.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

ICALJS = Path(__file__).resolve().parents[1] / "icaljs"
NOT_INSTALLED = "Node.js and npm are needed (Debian: apt-get install npm)"


@dataclass(frozen=True)
class Reading:
    """One VEVENT as one reader understood it; ``start`` and ``end`` are aware UTC, or None
    for a time the reader could not place (floating)."""

    method: str
    uid: str
    sequence: int
    start: datetime | date | None
    end: datetime | date | None
    organizer: str
    organizer_cn: str
    attendees: tuple[tuple[str, str], ...]


def _address(uri: object) -> str:
    return str(uri or "").removeprefix("mailto:").removeprefix("MAILTO:").lower()


def _utc(value: object) -> datetime | date | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo is not None else None
    return value if isinstance(value, date) else None


def _node() -> str:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        if os.environ.get("CI"):
            pytest.fail(f"ical.js cannot run in CI: {NOT_INSTALLED}; .ci/run installs it")
        pytest.skip(f"ical.js check skipped: {NOT_INSTALLED}")
    with open(ICALJS / ".install.lock", "w") as lock:  # one npm ci for parallel workers
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (ICALJS / "node_modules" / "ical.js" / "package.json").exists():
            subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--silent"],
                cwd=ICALJS,
                check=True,
                timeout=300,
            )
    return node


def read_with_icaljs(data: bytes) -> list[Reading]:
    result = subprocess.run(
        [_node(), str(ICALJS / "instants.mjs")],
        input=data,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    parsed = json.loads(result.stdout)

    def instant(value: str | None) -> datetime | date | None:
        if value and len(value) == len("2026-12-10"):
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None

    return [
        Reading(
            method=parsed["method"] or "",
            uid=event["uid"],
            sequence=event["sequence"] or 0,
            start=instant(event["start"]),
            end=instant(event["end"]),
            organizer=_address((event["organizer"] or {}).get("address")),
            organizer_cn=(event["organizer"] or {}).get("cn") or "",
            attendees=tuple((_address(a["address"]), a["cn"] or "") for a in event["attendees"]),
        )
        for event in parsed["events"]
    ]


def read_with_ical(data: bytes) -> list[Reading]:
    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return [
        Reading(
            method=calendar.method or "",
            uid=event.uid or "",
            sequence=event.sequence or 0,
            start=_utc(event.dtstart),
            end=_utc(event.dtend),
            organizer=_address(event.organizer.uri if event.organizer else ""),
            organizer_cn=(event.organizer.common_name or "") if event.organizer else "",
            attendees=tuple((_address(a.uri), a.common_name or "") for a in event.attendees),
        )
        for event in calendar.events
    ]


def read_with_vobject(data: bytes) -> list[Reading]:
    calendar = vobject.readOne(data.decode("utf-8"))
    method = str(calendar.method.value) if hasattr(calendar, "method") else ""
    readings = []
    for event in calendar.vevent_list:
        organizer = getattr(event, "organizer", None)
        readings.append(
            Reading(
                method=method,
                uid=str(event.uid.value),
                sequence=int(event.sequence.value) if hasattr(event, "sequence") else 0,
                start=_utc(event.dtstart.value),
                end=_utc(event.dtend.value) if hasattr(event, "dtend") else None,
                organizer=_address(organizer.value if organizer else ""),
                organizer_cn=(organizer.params.get("CN", [""])[0] if organizer else ""),
                attendees=tuple(
                    (_address(a.value), a.params.get("CN", [""])[0])
                    for a in getattr(event, "attendee_list", [])
                ),
            )
        )
    return readings


READERS = {"ical.js": read_with_icaljs, "ical": read_with_ical, "vobject": read_with_vobject}


def read_by_all(data: bytes) -> dict[str, list[Reading]]:
    """Every reader's readings of ``data``, by reader name."""
    return {name: read(data) for name, read in READERS.items()}


def one_reading(data: bytes) -> Reading:
    """The single VEVENT of ``data``, read the same by all three readers (else the test fails
    showing each reading)."""
    readings = read_by_all(data)
    assert all(len(r) == 1 for r in readings.values()), readings
    [first, *others] = [r[0] for r in readings.values()]
    assert all(other == first for other in others), readings
    return first


def assert_wire_form(data: bytes) -> None:
    """CRLF line ends and no line longer than 75 octets (RFC 5545 3.1)."""
    lines = data.split(b"\r\n")
    assert lines[-1] == b"", "the calendar ends with CRLF"
    assert all(b"\n" not in line and b"\r" not in line for line in lines), "bare CR or LF"
    assert max(len(line) for line in lines) <= 75
