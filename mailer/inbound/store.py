"""Durable accept: a message is on disk and its row committed before we answer 250.

Anything that stops either write (a full disk, a locked or unreachable database) raises
:class:`StorageUnavailable`, which the SMTP handler turns into 451 so the client retries; a
message is never acknowledged that we could lose.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from mailer.db import transaction
from mailer.inbound.group_commit import GroupCommit
from mailer.inbound.spool import Spool, SpoolError
from mailer.models import InboundMessage


class StorageUnavailable(Exception):
    """The message could not be stored durably; the sender should try again later."""


class InboundStore:
    """Records what arrives: accepted messages with their bytes, rejected ones without."""

    def __init__(self, factory: sessionmaker[Session], spool: Spool) -> None:
        self.factory = factory
        self.spool = spool
        self.rows = GroupCommit(factory.kw["bind"], InboundMessage.__table__)
        """Rows of accepted messages, committed together with those arriving at once."""

    def accept(
        self,
        data: bytes,
        *,
        envelope_from: str,
        envelope_to: Sequence[str],
        user_id: int,
        message_id: str | None,
        subject: str,
    ) -> int:
        """Store the raw bytes (fsync'd) and commit a ``received`` row; return its id."""
        try:
            raw_path = self.spool.write(data)
        except SpoolError as exc:
            raise StorageUnavailable(str(exc)) from exc
        try:
            return self.rows.insert(
                {
                    "user_id": user_id,
                    "message_id": message_id,
                    "envelope_from": envelope_from,
                    "envelope_to": list(envelope_to),
                    "subject": subject[:2000],
                    "raw_path": raw_path,
                    "size": len(data),
                    "status": "received",
                }
            )
        except SQLAlchemyError as exc:
            self.spool.remove(raw_path)
            raise StorageUnavailable(f"database error: {exc.__class__.__name__}") from exc

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
