"""More than max_recipients RCPTs in one transaction: each extra one gets 452 4.5.3."""

from __future__ import annotations

from mailer.api import Mailer
from mailer.inbound import replies
from tests.conftest import ALICE, RunningService
from tests.inbound.smtp_wire import Wire
from tests.messages import invite_message


def test_recipients_over_the_limit_get_452_and_the_rest_is_delivered(
    server: RunningService, mailer: Mailer
):
    limit = server.service.config.inbound.max_recipients
    with Wire(server.host, server.port) as wire:
        wire.hello()
        assert wire.command(f"MAIL FROM:<{ALICE}>".encode()) == replies.OK
        for number in range(limit):
            rcpt = f"RCPT TO:<r{number}@assistant.localhost>".encode()
            assert wire.command(rcpt) == replies.RECIPIENT_OK
        for number in range(limit, limit + 5):
            rcpt = f"RCPT TO:<r{number}@assistant.localhost>".encode()
            assert wire.command(rcpt) == replies.TOO_MANY_RECIPIENTS
        assert wire.command(b"DATA").startswith("354 ")
        wire.send(invite_message() + b".\r\n")
        assert wire.reply() == replies.ACCEPTED_FOR_DELIVERY
    server.drain()
    [row] = mailer.inbound(ALICE)
    assert len(row["recipients"]) == limit
    assert row["status"] == "processed"
