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

from sqlalchemy import func, or_, select, update
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


@dataclass
class Batch:
    """Facts about a claimed batch, read once for all its rows."""

    emails: dict[int, str]
    opted_out_addresses: set[tuple[int, str]]
    opted_out_contacts: set[int]
    sent_last_hour: dict[int, int]

    def opted_out(self, row: OutboxMessage) -> bool:
        return (row.user_id, row.recipient.lower()) in self.opted_out_addresses or (
            row.contact_id in self.opted_out_contacts
        )


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
        try:
            while True:
                with transaction(self.factory) as session:
                    rows = claim_due(session, now=now, limit=self.batch)
                    batch = self._batch_facts(session, rows, now)
                    session.expunge_all()
                if not rows:
                    return report
                for row in rows:
                    await self._dispatch(row, now, batch, report)
        finally:
            await self.transport.close()

    def _batch_facts(self, session: Session, rows: list[OutboxMessage], now: datetime) -> Batch:
        """What every row of a batch needs to know, in three queries whatever its size."""
        user_ids = {r.user_id for r in rows}
        emails = dict(
            session.execute(select(User.id, User.email).where(User.id.in_(user_ids))).all()
        )
        opted_out = session.execute(
            select(Contact.user_id, Contact.email, Contact.id).where(
                Contact.opted_out.is_(True),
                Contact.user_id.in_(user_ids),
                or_(
                    Contact.email.in_({r.recipient.lower() for r in rows}),
                    Contact.id.in_({r.contact_id for r in rows if r.contact_id}),
                ),
            )
        ).all()
        sent = dict(
            session.execute(
                select(OutboxMessage.user_id, func.count(OutboxMessage.id))
                .where(
                    OutboxMessage.user_id.in_(user_ids),
                    OutboxMessage.status == "sent",
                    OutboxMessage.sent_at > now - timedelta(hours=1),
                )
                .group_by(OutboxMessage.user_id)
            ).all()
        )
        return Batch(
            emails=emails,
            opted_out_addresses={(u, e) for u, e, _ in opted_out},
            opted_out_contacts={c for _, _, c in opted_out},
            sent_last_hour=sent,
        )

    async def _dispatch(
        self, row: OutboxMessage, now: datetime, batch: Batch, report: DispatchReport
    ) -> None:
        user = self.config.user_for(batch.emails.get(row.user_id, ""))
        if user is None:
            self._finish(row.id, status="failed", error="the user is no longer configured")
            report.failed.append(row.id)
            return
        if batch.opted_out(row):
            self._finish(row.id, status="suppressed", error="the recipient opted out")
            report.suppressed.append(row.id)
            return
        window = SendingWindow.for_user(self.config.outbound, user.zone)
        opening = window.next_opening(now)
        over_cap = batch.sent_last_hour.get(row.user_id, 0) >= self.config.outbound.max_per_hour
        if opening > now or over_cap:
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
            batch.sent_last_hour[row.user_id] = batch.sent_last_hour.get(row.user_id, 0) + 1
            report.sent.append(row.id)

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
        """Record one outcome, committed at once: a crash after a send must know it was sent."""
        values: dict[str, object] = {"status": status, "claimed_at": None}
        if count_attempt:
            values["attempts"] = OutboxMessage.attempts + 1
        if error is not None:
            values["last_error"] = error[:2000]
        if scheduled_at is not None:
            values["scheduled_at"] = scheduled_at
        if sent_at is not None:
            values["sent_at"] = sent_at
        with transaction(self.factory) as session:
            session.execute(
                update(OutboxMessage).where(OutboxMessage.id == row_id).values(**values)
            )
