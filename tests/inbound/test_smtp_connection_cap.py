"""Too many connections from one address: the next is answered 421 4.7.0 at connect and closed;
a slot comes free when one of them ends."""

from __future__ import annotations

import smtplib
from pathlib import Path

from mailer.config import load_config
from mailer.inbound import replies
from tests.conftest import ALICE, RunningService
from tests.inbound.smtp_wire import Wire, configure
from tests.messages import invite_message


def test_connections_over_the_cap_get_421_at_connect(config_path: Path):
    configure(config_path, inbound={"max_connections_per_ip": 3})
    running = RunningService(load_config(config_path))
    try:
        held = [Wire(running.host, running.port) for _ in range(3)]
        for wire in held:
            assert wire.reply().startswith("220 ")
        with Wire(running.host, running.port) as extra:
            assert extra.reply() == replies.TOO_MANY_CONNECTIONS
            assert extra.closed()
        held.pop().__exit__()
        with smtplib.SMTP(running.host, running.port) as client:  # the freed slot
            assert client.sendmail(ALICE, ["invites@assistant.localhost"], invite_message()) == {}
        for wire in held:  # the held ones were not disturbed
            assert wire.command(b"NOOP") == replies.OK
            wire.__exit__()
        running.drain()
        assert running.service.handler is not None
    finally:
        running.stop()
