"""The outbox: every email we send is first a row here, keyed so it is enqueued once.

Claiming uses ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several dispatchers on one
database never take the same row (SQLite serialises writers, and the claim is a conditional
UPDATE, so it is just as safe there). A claimed row holds a lease: if its dispatcher dies
between claim and send, the row is claimed again once the lease runs out, and nothing is lost.
A dispatcher killed after sending but before recording it may send that one row again; the
stable Message-ID set before the first attempt lets the receiving side drop the duplicate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from mailer.db import insert_of
from mailer.models import OutboxMessage

LEASE = timedelta(minutes=10)


class OutboxError(LookupError):
    """An outbox row cannot be changed as asked; the message says which and why."""


def enqueue(
    session: Session,
    *,
    user_id: int,
    key: str,
    recipient: str,
    template: str,
    context: Mapping[str, Any],
    scheduled_at: datetime,
    contact_id: int | None = None,
    message_id: str = "",
) -> bool:
    """Add a row unless one with ``key`` exists; True when this call added it."""
    values = {
        "user_id": user_id,
        "idempotency_key": key,
        "recipient": recipient,
        "template": template,
        "context": dict(context),
        "scheduled_at": scheduled_at,
        "contact_id": contact_id,
        "message_id": message_id,
        "status": "queued",
        "attempts": 0,
        "last_error": "",
        "created_at": scheduled_at,
    }
    statement = _insert_once(session.get_bind().dialect.name)
    # the key for whoever watches what is queued (the journal), without compiling the statement
    result = session.execute(statement, values, execution_options={"idempotency_key": key})
    return result.first() is not None  # ON CONFLICT DO NOTHING returns no row


@cache
def _insert_once(dialect: str) -> Any:
    """The INSERT ... ON CONFLICT DO NOTHING of an outbox row, built once per dialect: every
    message a user sends queues a confirmation, and building the statement cost more than
    running it."""
    return (
        insert_of(dialect)(OutboxMessage)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(OutboxMessage.id)
    )


def claim_due(session: Session, *, now: datetime, limit: int) -> list[OutboxMessage]:
    """Take up to ``limit`` due rows (or rows whose lease ran out) for this dispatcher.

    Four statements per batch, whatever its size: select the candidates (rows whose lease ran
    out, then due rows, locking them with SKIP LOCKED on PostgreSQL), mark them ``sending``
    while still due (RETURNING tells which this dispatcher got, so two SQLite processes cannot
    both take a row), and load those.
    """
    queued = and_(OutboxMessage.status == "queued", OutboxMessage.scheduled_at <= now)
    expired = and_(OutboxMessage.status == "sending", OutboxMessage.claimed_at < now - LEASE)
    # Two selects, not one with OR: with OR, the database gathers every due row and sorts them
    # all for each batch (a backlog of 10,000 made each claim read 10,000 rows); apart, each
    # walks the (status, scheduled_at) index and stops at ``limit``.
    candidates: list[int] = []
    for which in (expired, queued):
        candidates += session.scalars(
            select(OutboxMessage.id)
            .where(which)
            .order_by(OutboxMessage.scheduled_at, OutboxMessage.id)
            .limit(limit - len(candidates))
            .with_for_update(skip_locked=True)
        )
        if len(candidates) >= limit:
            break
    due = or_(queued, expired)
    if not candidates:
        return []
    claimed = list(
        session.scalars(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(candidates), due)
            .values(status="sending", claimed_at=now)
            .returning(OutboxMessage.id)
        )
    )
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.id.in_(claimed))
            .order_by(OutboxMessage.scheduled_at, OutboxMessage.id)
            .execution_options(populate_existing=True)
        )
    )


def rows(session: Session, user_id: int | None = None) -> Sequence[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if user_id is not None:
        query = query.where(OutboxMessage.user_id == user_id)
    return session.scalars(query).all()


def retry(session: Session, row_id: int, *, now: datetime) -> OutboxMessage:
    """Requeue a failed row now, keeping its Message-ID and its attempt count."""
    row = session.get(OutboxMessage, row_id)
    if row is None:
        raise OutboxError(f"there is no outbox row {row_id}; see `mailer outbox list`")
    if row.status != "failed":
        raise OutboxError(
            f"outbox row {row_id} is {row.status}, not failed; only failed rows retry"
        )
    row.status = "queued"
    row.scheduled_at = now
    row.claimed_at = None
    return row
