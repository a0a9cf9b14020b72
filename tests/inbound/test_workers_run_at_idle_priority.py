"""Reading yields to accepting: every worker process runs at Linux's idle priority, the SMTP
server at its own."""

from __future__ import annotations

import os
import smtplib
import sys

import pytest

from tests.conftest import ALICE, RunningService
from tests.messages import invite_ics, invite_message


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SCHED_IDLE is Linux's")
def test_the_workers_run_at_idle_priority(server: RunningService):
    with smtplib.SMTP(server.host, server.port) as client:
        client.sendmail(ALICE, ["invites@assistant.localhost"], invite_message(invite_ics()))
    server.drain()
    workers = server.service.processing.pids
    assert workers
    assert all(os.sched_getscheduler(worker) == os.SCHED_IDLE for worker in workers)
    assert os.sched_getscheduler(os.getpid()) != os.SCHED_IDLE  # the server keeps its own
