"""Claim due outbox rows, render them, send them, and record what happened.

The dispatcher checks, at the moment of sending, everything that may have changed since a row
was planned: the contact may have opted out (the row is suppressed, forever), the user's sending
window may be closed or their hourly cap reached (the row waits). Temporary failures retry with
exponential backoff until the configured lifetime runs out; permanent ones fail at once with the
server's answer recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mailer.config import Config, UserConfig
from mailer.db import transaction
from mailer.models import Contact, OutboxMessage, User
from mailer.outbound.addresses import OutboundAddresses
from mailer.outbound.outbox import claim_due
from mailer.outbound.transports import (
    PermanentFailure,
    TemporaryFailure,
    Transport,
    backoff_delay,
    give_up,
)
from mailer.planning.windows import SendingWindow

log = logging.getLogger(__name__)


@dataclass
class DispatchReport:
    sent: list[int] = field(default_factory=list)
    deferred: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    suppressed: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return ", ".join(f"{len(v)} {k}" for k, v in vars(self).items() if v) or "nothing due"


class Dispatcher:
    """Sends what is due through one transport; safe to run in several processes at once."""

    def __init__(
        self,
        config: Config,
        factory: sessionmaker[Session],
        transport: Transport,
        build: Callable[[OutboxMessage, UserConfig], EmailMessage],
        addresses: OutboundAddresses,
        *,
        batch: int = 100,
    ) -> None:
        self.config = config
        self.factory = factory
        self.transport = transport
        self.build = build
        self.addresses = addresses
        self.batch = batch

    async def run_once(self, now: datetime | None = None) -> DispatchReport:
        """Send everything due at ``now`` (default: the current time)."""
        now = now or datetime.now(UTC)
        report = DispatchReport()
        while True:
            with transaction(self.factory) as session:
                rows = claim_due(session, now=now, limit=self.batch)
                session.expunge_all()
            if not rows:
                return report
            for row in rows:
                await self._dispatch(row, now, report)

    async def _dispatch(self, row: OutboxMessage, now: datetime, report: DispatchReport) -> None:
        with self.factory() as session:
            user_email = session.get(User, row.user_id).email  # type: ignore[union-attr]
            contact = session.get(Contact, row.contact_id) if row.contact_id else None
            opted_out = bool(contact and contact.opted_out) or self._opted_out(
                session, row.user_id, row.recipient
            )
            sent_last_hour = session.scalar(
                select(func.count(OutboxMessage.id)).where(
                    OutboxMessage.user_id == row.user_id,
                    OutboxMessage.status == "sent",
                    OutboxMessage.sent_at > now - timedelta(hours=1),
                )
            )
        user = self.config.user_for(user_email)
        if user is None:
            self._finish(row.id, status="failed", error="the user is no longer configured")
            report.failed.append(row.id)
            return
        if opted_out:
            self._finish(row.id, status="suppressed", error="the recipient opted out")
            report.suppressed.append(row.id)
            return
        window = SendingWindow.for_user(self.config.outbound, user.zone)
        opening = window.next_opening(now)
        if opening > now or (sent_last_hour or 0) >= self.config.outbound.max_per_hour:
            later = opening if opening > now else now + timedelta(hours=1)
            self._finish(row.id, status="queued", scheduled_at=later, count_attempt=False)
            report.deferred.append(row.id)
            return
        try:
            message = self.build(row, user)
            await self.transport.send(
                message, sender=self.addresses.bounce, recipients=[row.recipient]
            )
        except PermanentFailure as failure:
            self._finish(row.id, status="failed", error=str(failure))
            report.failed.append(row.id)
        except TemporaryFailure as failure:
            lifetime = timedelta(hours=self.config.outbound.retry_lifetime_hours)
            if give_up(row.created_at, now, lifetime):
                self._finish(row.id, status="failed", error=f"gave up: {failure}")
                report.failed.append(row.id)
            else:
                retry_at = now + backoff_delay(row.attempts + 1)
                self._finish(row.id, status="queued", error=str(failure), scheduled_at=retry_at)
                report.retrying.append(row.id)
        except Exception as exc:  # a template bug must not block the queue: fail this row
            log.exception("outbox row %s could not be built", row.id)
            self._finish(row.id, status="failed", error=f"{exc.__class__.__name__}: {exc}")
            report.failed.append(row.id)
        else:
            self._finish(row.id, status="sent", sent_at=now)
            report.sent.append(row.id)

    def _opted_out(self, session: Session, user_id: int, address: str) -> bool:
        return bool(
            session.scalar(
                select(Contact.opted_out).where(
                    Contact.user_id == user_id, Contact.email == address.lower()
                )
            )
        )

    def _finish(
        self,
        row_id: int,
        *,
        status: str,
        error: str | None = None,
        scheduled_at: datetime | None = None,
        sent_at: datetime | None = None,
        count_attempt: bool = True,
    ) -> None:
        with transaction(self.factory) as session:
            row = session.get(OutboxMessage, row_id)
            assert row is not None
            row.status = status
            row.claimed_at = None
            if count_attempt:
                row.attempts += 1
            if error is not None:
                row.last_error = error[:2000]
            if scheduled_at is not None:
                row.scheduled_at = scheduled_at
            if sent_at is not None:
                row.sent_at = sent_at
