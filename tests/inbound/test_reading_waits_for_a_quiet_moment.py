"""Reading yields to accepting: the worker runs at Linux's idle priority, and a stored message
is read once deliveries pause (50 ms), or after a second under a flood that never pauses, so
processing is never put off for good."""

from __future__ import annotations

import asyncio
import os
import smtplib
import sys
import time

import pytest

from mailer.service import QUIET_SECONDS, QUIET_WAIT_SECONDS, Service
from tests.conftest import ALICE, RunningService
from tests.messages import invite_ics, invite_message


async def _wait_under(service: Service, stores_every: float | None) -> float:
    """Seconds ``_quiet_moment`` waits while a delivery is stored every ``stores_every``."""

    async def flood() -> None:
        while True:
            service.last_stored = time.monotonic()
            await asyncio.sleep(stores_every or 0)

    service.last_stored = time.monotonic()
    flooding = asyncio.create_task(flood()) if stores_every else None
    started = time.monotonic()
    await service._quiet_moment()
    if flooding:
        flooding.cancel()
    return time.monotonic() - started


def test_reading_waits_for_a_pause_but_not_for_ever(config):
    service = Service(config)
    after_one = asyncio.run(_wait_under(service, None))
    assert QUIET_SECONDS <= after_one < QUIET_WAIT_SECONDS
    under_a_flood = asyncio.run(_wait_under(service, QUIET_SECONDS / 5))
    assert QUIET_WAIT_SECONDS <= under_a_flood < QUIET_WAIT_SECONDS + 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SCHED_IDLE is Linux's")
def test_the_worker_runs_at_idle_priority(server: RunningService):
    with smtplib.SMTP(server.host, server.port) as client:
        client.sendmail(ALICE, ["invites@assistant.localhost"], invite_message(invite_ics()))
    server.drain()
    (worker,) = server.service.processing.pids
    assert os.sched_getscheduler(worker) == os.SCHED_IDLE
    assert os.sched_getscheduler(os.getpid()) != os.SCHED_IDLE  # the server keeps its own
