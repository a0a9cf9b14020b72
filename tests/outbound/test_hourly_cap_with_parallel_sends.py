"""Sends running in parallel never overshoot a user's hourly cap."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

from mailer.api import Mailer
from mailer.outbound.setup import dispatcher_for
from mailer.outbound.transports import SmtpTransport
from tests.conftest import ALICE
from tests.outbound.outbox_rows import queue_rows
from tests.outbound.sinks import smtp_sink

NOON = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)


def test_four_lanes_send_exactly_the_cap_and_defer_the_rest(mailer: Mailer):
    queue_rows(mailer, 25, NOON)
    outbound = replace(mailer.config.outbound, max_per_hour=10, concurrent_sends=4)
    config = replace(mailer.config, outbound=outbound)
    with smtp_sink() as (sink, port):
        transport = SmtpTransport("127.0.0.1", port, security="none")
        report = asyncio.run(dispatcher_for(config, mailer.sessions, transport).run_once(NOON))
    assert (len(report.sent), len(report.deferred)) == (10, 15)
    assert len(sink.messages) == 10
    waiting = [r for r in mailer.outbox(ALICE) if r["status"] == "queued"]
    assert len(waiting) == 15 and all(r["attempts"] == 0 for r in waiting)
