"""Heartbeats of the periodic jobs, and the health report built from them.

A scheduler that silently stops is the worst failure of a follow-up tool: nothing is sent and
nobody notices. Each run records itself; ``mailer status`` reports a job as late once it has
missed three of its intervals, and says so loudly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypedDict

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mailer.db import insert_for, transaction
from mailer.models import Heartbeat, InboundMessage, OutboxMessage

JOBS = {"plan": 300, "dispatch": 30}
LATE_AFTER = 3


def beat(factory: sessionmaker[Session], name: str, now: datetime, error: str = "") -> None:
    """Record a run of job ``name``; one upsert, so two processes beating for the first time
    at once cannot collide (a read-then-insert did, with a unique constraint error)."""
    values = {
        "interval_seconds": JOBS.get(name, 60),
        "last_run_at": now,
        "last_error": error[:2000],
    }
    with transaction(factory) as session:
        statement = insert_for(session)(Heartbeat).values(name=name, **values)
        session.execute(statement.on_conflict_do_update(index_elements=["name"], set_=values))


class JobStatus(TypedDict):
    """One job in the report: when it last ran, whether that is late, and its last error."""

    last_run: datetime
    late: bool
    last_error: str


@dataclass
class Status:
    jobs: dict[str, JobStatus] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    outbox_due: int = 0
    outbox_failed: int = 0
    inbound_failed: int = 0
    inbound_waiting: int = 0
    """Accepted and not yet read: the backlog, and what `mailer serve` retries after a failure
    that passes (a full disk, a locked or unreachable database)."""
    inbound_oldest_waiting: datetime | None = None
    last_error: str = ""

    @property
    def healthy(self) -> bool:
        return not self.problems


def status(session: Session, now: datetime) -> Status:
    report = Status()
    beats = {b.name: b for b in session.scalars(select(Heartbeat))}
    for name, interval in JOBS.items():
        heartbeat = beats.get(name)
        if heartbeat is None:
            report.problems.append(
                f"the {name} job has never run: start `mailer serve`, or run `mailer tick` "
                "from cron every few minutes"
            )
            continue
        late = now - heartbeat.last_run_at > timedelta(seconds=interval * LATE_AFTER)
        report.jobs[name] = {
            "last_run": heartbeat.last_run_at,
            "late": late,
            "last_error": heartbeat.last_error,
        }
        if late:
            report.problems.append(
                f"the {name} job last ran at {heartbeat.last_run_at:%Y-%m-%d %H:%M} UTC and "
                f"should run every {interval} s: is `mailer serve` (or your cron) running?"
            )
        if heartbeat.last_error:
            report.problems.append(f"the {name} job failed: {heartbeat.last_error}")
    count = func.count(OutboxMessage.id)
    report.outbox_due = (
        session.scalar(
            select(count).where(OutboxMessage.status == "queued", OutboxMessage.scheduled_at <= now)
        )
        or 0
    )
    report.outbox_failed = (
        session.scalar(select(count).where(OutboxMessage.status == "failed")) or 0
    )
    report.inbound_failed = (
        session.scalar(
            select(func.count(InboundMessage.id)).where(InboundMessage.status == "failed")
        )
        or 0
    )
    waiting = session.execute(
        select(func.count(InboundMessage.id), func.min(InboundMessage.received_at)).where(
            InboundMessage.status == "received"
        )
    ).one()
    report.inbound_waiting, report.inbound_oldest_waiting = waiting[0] or 0, waiting[1]
    report.last_error = (
        session.scalar(
            select(OutboxMessage.last_error)
            .where(OutboxMessage.last_error != "")
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
        or ""
    )
    return report
