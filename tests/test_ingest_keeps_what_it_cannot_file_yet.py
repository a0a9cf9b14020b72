"""A bug found with issue 20: `mailer ingest` met a failure that passes (a full disk, a locked
database) while filing and ended with a traceback, the pipeline's ``Transient`` being no
``SQLAlchemyError``. The message is stored by then: it is reported as stored, its processing
postponed, and the next `mailer serve` files it."""

from __future__ import annotations

from mailer.api import Mailer
from mailer.clock import PinnedClock
from mailer.config import Config
from tests.conftest import ALICE, RunningService
from tests.full_disk import break_the_disk, mend_the_disk
from tests.messages import invite_ics, invite_message


def test_a_full_disk_while_filing_leaves_the_message_stored_for_serve(
    config: Config, mailer: Mailer, clock: PinnedClock
):
    data = invite_message(invite_ics(uid="postponed@example.com"))
    assert mailer.engine is not None  # the database made, before its disk "fills"
    break_the_disk(config)
    result = mailer.ingest(data, source="invite.eml", envelope_to=["invites@assistant.localhost"])
    assert result.status == "received", result
    assert result.detail.startswith("stored; processing postponed")
    assert result.inbound_id is not None
    assert mailer.meetings(ALICE) == []
    assert mailer.status().inbound_waiting == 1

    mend_the_disk(config)
    running = RunningService(config, clock)  # a start files what waits
    try:
        running.drain()
    finally:
        running.stop()
    assert [m["uid"] for m in mailer.meetings(ALICE)] == ["postponed@example.com"]
