"""Is it running and keeping time: the clock, the scheduler's heartbeats, failed messages.

The clock is compared with two things that do not come from this process: the time the kernel
stamps on a file written now (a process under libfaketime, or a spool on a server whose clock
differs, disagrees) and the scheduler's last heartbeat (a heartbeat from the future means the
clock went back since).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, func, select

from mailer.clock import Clock
from mailer.db import session_factory
from mailer.doctor.findings import Finding, fail, ok, warn
from mailer.models import Heartbeat
from mailer.planning.heartbeat import JOBS, LATE_AFTER, JobStatus, status

EARLIEST_SANE = datetime(2025, 1, 1, tzinfo=UTC)
"""Before this, the machine's clock was never set (a board without a battery boots in 1970)."""
CLOCK_TOLERANCE = timedelta(minutes=2)
NTP_ADVICE = "set the time and keep it set: `timedatectl set-ntp true` (or chrony, ntpd)"


def file_time(folder: Path) -> datetime:
    """The time the kernel stamps on a file written now in ``folder``."""
    fd, name = tempfile.mkstemp(prefix=".mailer-clock-", dir=folder)
    try:
        os.write(fd, b"now")
        return datetime.fromtimestamp(os.fstat(fd).st_mtime, UTC)
    finally:
        os.close(fd)
        os.unlink(name)


def clock_findings(clock: Clock, folder: Path) -> Finding:
    now = clock()
    if now < EARLIEST_SANE:
        return fail("clock", f"the clock says {now:%Y-%m-%d %H:%M} UTC", NTP_ADVICE)
    try:
        stamped = file_time(folder)
    except OSError:
        return ok("clock", f"{now:%Y-%m-%d %H:%M:%S} UTC (no file could be written to compare)")
    drift = now - stamped
    if abs(drift) > CLOCK_TOLERANCE:
        return fail(
            "clock",
            f"this process says {now:%Y-%m-%d %H:%M:%S} UTC but a file written now in {folder} "
            f"is stamped {stamped:%Y-%m-%d %H:%M:%S} UTC ({_span(drift)} apart)",
            "run mailer without a faked clock (libfaketime, --now), and keep the file "
            "server's clock and this one in step (NTP)",
        )
    return ok("clock", f"{now:%Y-%m-%d %H:%M:%S} UTC, as the file system says")


def _span(delta: timedelta) -> str:
    seconds = abs(delta.total_seconds())
    if seconds >= 2 * 86400:
        return f"{round(seconds / 86400)} days"
    if seconds >= 2 * 3600:
        return f"{round(seconds / 3600)} hours"
    return f"{round(seconds / 60)} minutes"


def health_findings(engine: Engine, clock: Clock) -> Iterator[Finding]:
    now = clock()
    with session_factory(engine, clock)() as session:
        latest = session.scalar(select(func.max(Heartbeat.last_run_at)))
        report = status(session, now)
    if latest is not None:
        latest = latest if latest.tzinfo else latest.replace(tzinfo=UTC)
        if latest - now > CLOCK_TOLERANCE:
            yield fail(
                "clock",
                f"the scheduler last ran at {latest:%Y-%m-%d %H:%M} UTC, {_span(latest - now)} "
                f"after what the clock says now ({now:%Y-%m-%d %H:%M} UTC): it went back",
                NTP_ADVICE,
            )
    yield from _scheduler(report.jobs)
    yield from _failed(report.outbox_failed, report.inbound_failed)


def _scheduler(jobs: dict[str, JobStatus]) -> Iterator[Finding]:
    for name, interval in JOBS.items():
        job = jobs.get(name)
        if job is None:
            yield warn(
                "scheduler",
                f"the {name} job has never run",
                "start the service (`systemctl start mailer`), or run `mailer tick` every few "
                "minutes (mailer-tick.timer, cron)",
            )
            continue
        last = job["last_run"]
        if job["late"]:
            yield fail(
                "scheduler",
                f"the {name} job last ran at {last:%Y-%m-%d %H:%M} UTC; it runs every "
                f"{interval} s (late after {LATE_AFTER} missed runs)",
                "is `mailer serve` running? `systemctl status mailer`, `journalctl -u mailer`",
            )
        elif job["last_error"]:
            yield fail(
                "scheduler",
                f"the {name} job failed at {last:%Y-%m-%d %H:%M} UTC: {job['last_error']}",
                "see the service's log (`journalctl -u mailer`); it retries at its next run",
            )
        else:
            yield ok("scheduler", f"the {name} job ran at {last:%Y-%m-%d %H:%M} UTC")


def _failed(outbox_failed: int, inbound_failed: int) -> Iterator[Finding]:
    if outbox_failed:
        yield warn(
            "outbox",
            f"{outbox_failed} message(s) could not be sent",
            "see why with `mailer outbox list`; once fixed, `mailer outbox retry ID`",
        )
    else:
        yield ok("outbox", "no message failed to send")
    if inbound_failed:
        yield warn(
            "inbound",
            f"{inbound_failed} received message(s) could not be understood",
            "see why with `mailer inbound list`; after an upgrade, "
            "`mailer inbound reprocess --failed`",
        )
    else:
        yield ok("inbound", "no received message is waiting as failed")
