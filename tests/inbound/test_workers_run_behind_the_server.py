"""Reading yields to accepting without being starved: every worker process runs at a nice value
10 above the SMTP server's, never at Linux's ``SCHED_IDLE`` (which left accepted mail unread for
minutes on a machine busy with anything else)."""

from __future__ import annotations

import os
import smtplib

from mailer.worker import NICENESS
from tests.conftest import ALICE, RunningService
from tests.messages import invite_ics, invite_message


def test_the_workers_run_behind_the_server_and_are_not_idle_class(server: RunningService):
    with smtplib.SMTP(server.host, server.port) as client:
        client.sendmail(ALICE, ["invites@assistant.localhost"], invite_message(invite_ics()))
    server.drain()
    workers = server.service.processing.pids
    assert workers
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    expected = min(ours + NICENESS, 19)
    assert all(os.getpriority(os.PRIO_PROCESS, worker) == expected for worker in workers)
    if hasattr(os, "SCHED_IDLE"):
        assert all(os.sched_getscheduler(worker) != os.SCHED_IDLE for worker in workers)
