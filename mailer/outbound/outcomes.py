"""What became of each outbox row in a dispatch run: written at once, and counted for the report.

Each outcome is a Core UPDATE committed on one connection held for the whole batch, not an ORM
session per row: this runs once per message, and taking a pooled connection each time cost four
times the UPDATE itself. It is committed before the next message is sent, so a crash after a
send knows that message was sent (at most the one in flight can go twice, with the same
Message-ID, which lets the receiving side drop it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, String, Update, bindparam, update

from mailer.models import OutboxMessage

OUTBOX = OutboxMessage.__table__


@dataclass
class DispatchReport:
    sent: list[int] = field(default_factory=list)
    deferred: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    suppressed: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return ", ".join(f"{len(v)} {k}" for k, v in vars(self).items() if v) or "nothing due"


def _update(**values: object) -> Update:
    """One UPDATE per kind of outcome, built once: building and caching a fresh statement for
    every row cost four times executing it."""
    return (
        update(OUTBOX).where(OUTBOX.c.id == bindparam("row_id")).values(claimed_at=None, **values)
    )


_AT = bindparam("at", type_=OutboxMessage.__table__.c.scheduled_at.type)
_ERROR = bindparam("error", type_=String())
_ATTEMPT = OUTBOX.c.attempts + 1
SENT = _update(status="sent", attempts=_ATTEMPT, sent_at=_AT)
FAILED = _update(status="failed", attempts=_ATTEMPT, last_error=_ERROR)
SUPPRESSED = _update(status="suppressed", attempts=_ATTEMPT, last_error=_ERROR)
RETRY = _update(status="queued", attempts=_ATTEMPT, last_error=_ERROR, scheduled_at=_AT)
DEFERRED = _update(status="queued", scheduled_at=_AT)
"""Deferring (closed window, hourly cap) is not an attempt."""


class Outcomes:
    def __init__(self, connection: Connection, report: DispatchReport) -> None:
        self.connection = connection
        self.report = report

    def sent(self, row_id: int, at: datetime) -> None:
        self._write(SENT, row_id, at=at)
        self.report.sent.append(row_id)

    def failed(self, row_id: int, error: str) -> None:
        self._write(FAILED, row_id, error=error[:2000])
        self.report.failed.append(row_id)

    def suppressed(self, row_id: int, reason: str) -> None:
        self._write(SUPPRESSED, row_id, error=reason)
        self.report.suppressed.append(row_id)

    def retry(self, row_id: int, error: str, at: datetime) -> None:
        """A temporary failure: try again at ``at``."""
        self._write(RETRY, row_id, error=error[:2000], at=at)
        self.report.retrying.append(row_id)

    def deferred(self, row_id: int, until: datetime) -> None:
        """The sending window is closed or the hourly cap reached: wait until ``until``."""
        self._write(DEFERRED, row_id, at=until)
        self.report.deferred.append(row_id)

    def _write(self, statement: Update, row_id: int, **values: object) -> None:
        self.connection.execute(statement, {"row_id": row_id, **values})
        self.connection.commit()
