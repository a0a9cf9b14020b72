"""Claim due outbox rows, build them, send them, and record what happened.

The dispatcher checks, at the moment of sending, everything that may have changed since a row
was planned: the contact may have opted out (the row is suppressed, forever), the user's sending
window may be closed or their hourly cap reached (the row waits; answers to the user's own
messages do neither, :mod:`mailer.outbound.at_once`). Temporary failures retry with
exponential backoff until the configured lifetime runs out; permanent ones fail at once with the
server's answer recorded.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from mailer.config import Config, UserConfig
from mailer.db import clock_of, transaction
from mailer.models import OutboxMessage
from mailer.outbound.at_once import is_answer
from mailer.outbound.batches import Batch, batch_facts
from mailer.outbound.messages import TO_CONTACT, MessageBuilder, RowToBuild, envelope_recipients
from mailer.outbound.outbox import claim_due
from mailer.outbound.outcomes import DispatchReport, Outcomes
from mailer.outbound.routes import Routes
from mailer.outbound.transports import PermanentFailure, TemporaryFailure, backoff_delay, give_up

log = logging.getLogger(__name__)

__all__ = ["DispatchReport", "Dispatcher"]


class Dispatcher:
    """Sends what is due; safe to run in several processes at once."""

    def __init__(
        self,
        config: Config,
        factory: sessionmaker[Session],
        routes: Routes,
        builder: MessageBuilder,
        *,
        batch: int = 100,
    ) -> None:
        self.config = config
        self.factory = factory
        self.engine = factory.kw["bind"]
        self.routes = routes
        self.builder = builder
        self.batch = batch

    def build(self, row: OutboxMessage, user: UserConfig) -> bytes:
        """One row's message, as it would be sent (for previews and benchmarks)."""
        return self.builder(RowToBuild.from_model(row), user)

    async def run_once(self, now: datetime | None = None) -> DispatchReport:
        """Send everything due at ``now`` (default: the current time)."""
        now = now or clock_of(self.factory)()
        report = DispatchReport()
        sent_last_hour: dict[int, int] = {}
        try:
            while True:
                with transaction(self.factory) as session:
                    rows = claim_due(session, now=now, limit=self.batch)
                    batch = batch_facts(session, self.config, rows, now, sent_last_hour)
                    session.expunge_all()
                if not rows:
                    return report
                with self.engine.connect() as connection:
                    await self._send_batch(rows, now, batch, Outcomes(connection, report))
        finally:
            await self.routes.close()

    async def _send_batch(
        self, rows: list[OutboxMessage], now: datetime, batch: Batch, outcomes: Outcomes
    ) -> None:
        """Send the batch over ``[outbound] concurrent_sends`` lanes, each taking the next row
        (and, over SMTP, its own connection): while one waits for the relay, another builds."""
        ready = iter([row for row in rows if self._may_send(row, now, batch, outcomes)])

        async def lane() -> None:
            for row in ready:
                await self._send(row, now, batch, outcomes)

        await asyncio.gather(*(lane() for _ in range(self.config.outbound.concurrent_sends)))

    def _may_send(
        self, row: OutboxMessage, now: datetime, batch: Batch, outcomes: Outcomes
    ) -> bool:
        """False, with the outcome recorded, for a row that must not be sent now."""
        if batch.users.get(row.user_id) is None:
            outcomes.failed(row.id, "the user is no longer configured")
        elif batch.opted_out(row):
            outcomes.suppressed(row.id, "the recipient opted out")
        elif is_answer(row.idempotency_key):
            return True
        elif (opening := batch.windows[row.user_id].next_opening(now)) > now:
            outcomes.deferred(row.id, opening)
        else:
            return True
        return False

    async def _send(
        self, row: OutboxMessage, now: datetime, batch: Batch, outcomes: Outcomes
    ) -> None:
        user = batch.users[row.user_id]
        assert user is not None
        answer = is_answer(row.idempotency_key)
        if not answer and not batch.reserve(row):
            outcomes.deferred(row.id, now + timedelta(hours=1))
            return
        route = self.routes.for_message(user, row.template in TO_CONTACT)
        try:
            message = self.builder(RowToBuild.from_model(row), user)
            recipients = envelope_recipients(row.template, row.recipient, row.context)
            await route.transport.send(message, sender=route.sender, recipients=recipients)
        except PermanentFailure as failure:
            batch.release(row, answer)
            outcomes.failed(row.id, str(failure))
        except TemporaryFailure as failure:
            batch.release(row, answer)
            lifetime = timedelta(hours=self.config.outbound.retry_lifetime_hours)
            if give_up(row.created_at, now, lifetime):
                outcomes.failed(row.id, f"gave up: {failure}")
            else:
                outcomes.retry(row.id, str(failure), now + backoff_delay(row.attempts + 1))
        except Exception as exc:  # a template bug must not block the queue: fail this row
            log.exception("outbox row %s could not be built", row.id)
            batch.release(row, answer)
            outcomes.failed(row.id, f"{exc.__class__.__name__}: {exc}")
        else:
            outcomes.sent(row.id, now)
