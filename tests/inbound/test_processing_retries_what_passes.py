"""A processing failure that passes is retried by the running server, not parked.

The error is injected at the database layer: a trigger on ``meetings`` makes every insert fail
as a full disk does (PostgreSQL's ``disk_full``; on SQLite, an error SQLite raises as
``OperationalError`` too). Every accepted message waits, ``received``, while `mailer status`
counts it; once the trigger is gone, all are logged without a restart.
"""

from __future__ import annotations

import smtplib
import time

from mailer.api import Mailer
from mailer.config import Config
from tests.conftest import ALICE, RunningService
from tests.full_disk import break_the_disk, mend_the_disk
from tests.messages import invite_ics, invite_message

COUNT = 4


def test_a_full_disk_is_waited_out_and_every_message_logged(config: Config):
    running = RunningService(config)
    mailer = Mailer(config)
    try:
        break_the_disk(config)
        with smtplib.SMTP(running.host, running.port) as client:
            for number in range(COUNT):
                uid = f"full-disk-{number}@example.com"
                ics = invite_ics(uid=uid)
                client.sendmail(ALICE, ["invites@assistant.localhost"], invite_message(ics))
        deadline = time.monotonic() + 30
        while running.service.retrying == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert running.service.retrying >= 1
        assert mailer.meetings(ALICE) == []
        report = mailer.status()
        assert report.inbound_waiting == COUNT and report.inbound_failed == 0

        mend_the_disk(config)
        running.drain()
        assert len(mailer.meetings(ALICE)) == COUNT
        assert {m["status"] for m in mailer.inbound(ALICE)} == {"processed"}
        assert mailer.status().inbound_waiting == 0
        assert running.service.retrying == 0
    finally:
        running.stop()
        mailer.engine.dispose()
