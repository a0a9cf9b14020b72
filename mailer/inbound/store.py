"""Durable accept: a message is on disk and its row committed before we answer 250.

Anything that stops either write (a full disk, a locked or unreachable database) raises
:class:`StorageUnavailable`, which the SMTP handler turns into 451 so the client retries; a
message is never acknowledged that we could lose.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from mailer.db import transaction
from mailer.inbound.group_commit import GroupCommit
from mailer.inbound.spool import Spool, SpoolError
from mailer.models import InboundMessage


class StorageUnavailable(Exception):
    """The message could not be stored durably; the sender should try again later."""


class StorageDown(StorageUnavailable):
    """Nothing can be stored now (the spool cannot be written; the database is locked, down or
    unreachable), whichever message it is."""


@dataclass(frozen=True)
class Admitted:
    """A message the intake decided to keep: its bytes and what its row records."""

    data: bytes
    envelope_from: str
    envelope_to: Sequence[str]
    user_id: int
    message_id: str | None
    subject: str


class InboundStore:
    """Records what arrives: accepted messages with their bytes, rejected ones without."""

    def __init__(self, factory: sessionmaker[Session], spool: Spool) -> None:
        self.factory = factory
        self.spool = spool
        self.engine: Engine = factory.kw["bind"]
        self.lots = GroupCommit(self._store, fails_the_lot=(StorageDown,))
        """Accepted messages, synced and committed together with those arriving at once."""

    def submit(self, message: Admitted) -> Future[int]:
        """Store ``message`` with the others arriving now; the future holds its row's id once
        the bytes are synced and the row committed, or :class:`StorageUnavailable`."""
        return self.lots.submit(message)

    def accept(self, message: Admitted) -> int:
        """Store ``message`` and wait for it: its row's id, or :class:`StorageUnavailable`."""
        return self.lots.run(message)

    def _store(self, lot: Sequence[Admitted]) -> list[int]:
        try:
            references = self.spool.append([message.data for message in lot])
        except SpoolError as exc:
            raise StorageDown(str(exc)) from exc
        rows = [
            {
                "user_id": message.user_id,
                "message_id": message.message_id,
                "envelope_from": message.envelope_from,
                "envelope_to": list(message.envelope_to),
                "subject": message.subject[:2000],
                "raw_path": reference,
                "size": len(message.data),
                "status": "received",
            }
            for message, reference in zip(lot, references, strict=True)
        ]
        table = InboundMessage.__table__
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        try:
            with self.engine.begin() as connection:  # one transaction for the whole lot
                return list(connection.scalars(statement, rows).all())
        except SQLAlchemyError as exc:
            self.spool.discard(references)  # no row names them: keep no copy
            down = isinstance(exc, OperationalError | InterfaceError)  # locked, down, unreachable
            error = StorageDown if down else StorageUnavailable
            raise error(f"database error: {exc.__class__.__name__}") from exc

    def record_rejection(
        self,
        *,
        envelope_from: str,
        envelope_to: Sequence[str],
        reason: str,
        message_id: str | None,
        subject: str,
        size: int,
    ) -> int | None:
        """Note a refused message (no bytes kept: a stranger must not fill our disk)."""
        try:
            with transaction(self.factory) as session:
                row = InboundMessage(
                    user_id=None,
                    message_id=message_id,
                    envelope_from=envelope_from,
                    envelope_to=list(envelope_to),
                    subject=subject[:2000],
                    size=size,
                    status="rejected",
                    error=reason,
                )
                session.add(row)
                session.flush()
                return row.id
        except SQLAlchemyError:
            return None  # the rejection stands even if we cannot note it

    def pending(self) -> list[int]:
        """Messages received but not yet processed, oldest first (for start-up recovery)."""
        with self.factory() as session:
            query = select(InboundMessage.id).where(InboundMessage.status == "received")
            return list(session.scalars(query.order_by(InboundMessage.id)))
