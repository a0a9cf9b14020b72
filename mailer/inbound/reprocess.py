"""Run stored messages through the pipeline again, after the parsers improved.

"Processed" means a row moved from ``received`` to ``processed`` inside the transaction that
applied its effects (the claim in :mod:`mailer.pipeline`). Reprocessing reuses that claim
instead of going around it: a row is first moved back to ``received`` (guarded by its current
status, so two runs cannot both take it), then processed exactly as a new arrival would be.
A crash in between leaves it ``received``, and the next start of ``mailer serve`` processes it.

It is idempotent:

- ``--failed`` takes only failed messages; one that now succeeds is processed and not taken
  again, one that still fails fails the same way (its error reply went out the first time and
  is keyed by the message, so it is not sent again);
- a processed message is run again only when asked for by its id. Every handler keys what it
  queues by the message (confirmations, reminders, lists) or by what it files (a meeting by its
  UID and SEQUENCE, a recap by its Message-ID, promises by their text), and the run happens as
  of the time the message arrived, so it applies the same effects once. If the message means
  nothing any more (a "cancel@" whose reminder is long cancelled), it stays processed as it
  was: a re-run never undoes or contradicts what the first run did.
- rejected messages have no bytes (a stranger's mail is never kept): there is nothing to run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from mailer.clock import PinnedClock
from mailer.config import Config
from mailer.db import rows_changed, transaction
from mailer.models import InboundMessage, OutboxMessage
from mailer.pipeline import Outcome, Pipeline

RERUNNABLE = frozenset({"received", "processed", "failed"})


class NotReprocessable(LookupError):
    """The message named cannot be run again; the message says why."""


@dataclass(frozen=True)
class Reprocessed:
    """One message run again: its status before and after, and what the run said."""

    inbound_id: int
    before: str
    status: str
    detail: str


def failed_ids(factory: sessionmaker[Session]) -> list[int]:
    """Every failed message that has its bytes (a user's or a guest's), oldest first."""
    with factory() as session:
        query = select(InboundMessage.id).where(
            InboundMessage.status == "failed",
            InboundMessage.raw_path.is_not(None),
            InboundMessage.user_id.is_not(None),
        )
        return list(session.scalars(query.order_by(InboundMessage.id)))


def reprocess(
    config: Config, factory: sessionmaker[Session], ids: Sequence[int]
) -> list[Reprocessed]:
    """Run each message again (see the module's doc); raises NotReprocessable for a bad id."""
    return [_one(config, factory, inbound_id) for inbound_id in ids]


def _one(config: Config, factory: sessionmaker[Session], inbound_id: int) -> Reprocessed:
    with factory() as session:
        row = session.get(InboundMessage, inbound_id)
        if row is None:
            raise NotReprocessable(
                f"there is no inbound message {inbound_id}; see `mailer inbound list`"
            )
        if row.status not in RERUNNABLE or row.raw_path is None or row.user_id is None:
            raise NotReprocessable(
                f"message {inbound_id} was {row.status}: its bytes were not kept, so there is "
                "nothing to run again"
            )
        before, received_at = row.status, row.received_at
        as_it_was = {"summary": row.summary, "processed_at": row.processed_at, "error": ""}
    had_error_reply = _error_reply_exists(factory, inbound_id)
    if before != "received" and not _take_back(factory, inbound_id, before):
        return Reprocessed(inbound_id, before, before, "taken by another run; try again")
    pipeline = Pipeline(config, factory, clock=PinnedClock(received_at))
    outcome = pipeline.process(inbound_id)
    if before == "processed" and outcome.status == "failed":
        return _keep_processed(factory, inbound_id, as_it_was, outcome, had_error_reply)
    return Reprocessed(inbound_id, before, outcome.status, outcome.detail)


def _take_back(factory: sessionmaker[Session], inbound_id: int, status: str) -> bool:
    """Move the row back to ``received``, only if it is still ``status`` (the claim's guard)."""
    with transaction(factory) as session:
        moved = session.execute(
            update(InboundMessage)
            .where(InboundMessage.id == inbound_id, InboundMessage.status == status)
            .values(status="received")
        )
        return rows_changed(moved) == 1


def _error_key(inbound_id: int) -> str:
    return f"error-reply:inbound:{inbound_id}"


def _error_reply_exists(factory: sessionmaker[Session], inbound_id: int) -> bool:
    with factory() as session:
        key = select(OutboxMessage.id).where(
            OutboxMessage.idempotency_key == _error_key(inbound_id)
        )
        return session.scalars(key).first() is not None


def _keep_processed(
    factory: sessionmaker[Session],
    inbound_id: int,
    as_it_was: Mapping[str, object],
    outcome: Outcome,
    had_error_reply: bool,
) -> Reprocessed:
    """A processed message that means nothing now stays as the first run left it."""
    with transaction(factory) as session:
        session.execute(
            update(InboundMessage)
            .where(InboundMessage.id == inbound_id, InboundMessage.status == "failed")
            .values(status="processed", **as_it_was)
        )
        if not had_error_reply:
            session.execute(
                delete(OutboxMessage).where(
                    OutboxMessage.idempotency_key == _error_key(inbound_id),
                    OutboxMessage.status == "queued",
                )
            )
    return Reprocessed(inbound_id, "processed", "processed", f"unchanged: {outcome.detail}")
