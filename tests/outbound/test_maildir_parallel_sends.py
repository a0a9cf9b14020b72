"""Parallel sends into a Maildir that does not exist yet all arrive.

Found when sends became parallel: two threads creating the Maildir at once made one fail with
"File exists", and the message waited for a retry.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

from mailer.api import Mailer
from mailer.outbound.setup import dispatcher_for
from tests.outbound.outbox_rows import queue_rows
from tests.outbound.sinks import maildir_messages

NOON = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)


def test_eight_lanes_into_a_new_maildir(mailer: Mailer):
    queue_rows(mailer, 40, NOON)
    outbound = replace(mailer.config.outbound, concurrent_sends=8, max_per_hour=100)
    config = replace(mailer.config, outbound=outbound)
    assert not config.maildir.exists()
    report = asyncio.run(dispatcher_for(config, mailer.sessions).run_once(NOON))
    assert (len(report.sent), report.retrying) == (40, [])
    assert len(maildir_messages(config.maildir)) == 40
