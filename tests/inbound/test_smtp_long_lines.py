"""Over-long message lines (500 5.5.2 Line too long) and commands (500 5.5.2 Command line too
long): refused without closing the connection, which goes on to deliver a good message."""

from __future__ import annotations

from pathlib import Path

from mailer.api import Mailer
from mailer.config import load_config
from mailer.inbound import replies
from tests.conftest import ALICE, RunningService
from tests.inbound.smtp_wire import Wire, configure
from tests.messages import invite_message


def _data(wire: Wire, message: bytes) -> str:
    wire.start_data()
    wire.send(message + b".\r\n")
    return wire.reply()


def test_a_line_over_1000_octets_is_refused(server: RunningService, mailer: Mailer):
    # RFC 5321: 998 octets and the CRLF, not counting a dot added for transparency (aiosmtpd
    # allows that dot on any line, so 999 octets pass and 1000 do not)
    longest = b"x" * 999
    with Wire(server.host, server.port) as wire:
        wire.hello()
        assert _data(wire, b"Subject: ok\r\n\r\n" + longest + b"\r\n") == (
            replies.ACCEPTED_FOR_DELIVERY
        )
        assert _data(wire, b"Subject: long\r\n\r\n" + longest + b"y\r\n") == replies.LINE_TOO_LONG
        assert _data(wire, b"Subject: huge\r\n\r\n" + b"z" * 100_000 + b"\r\n") == (
            replies.LINE_TOO_LONG
        )
        assert _data(wire, invite_message()) == replies.ACCEPTED_FOR_DELIVERY
    server.drain()
    rows = mailer.inbound(ALICE)
    assert [m["subject"].split()[0] for m in rows] == ["ok", "Fwd:"]


def test_max_line_length_is_configurable(config_path: Path):
    configure(config_path, inbound={"max_line_length": 2000})
    running = RunningService(load_config(config_path))
    try:
        with Wire(running.host, running.port) as wire:
            wire.hello()
            line = b"x" * 1999 + b"\r\n"
            assert _data(wire, b"Subject: ok\r\n\r\n" + line) == replies.ACCEPTED_FOR_DELIVERY
            assert _data(wire, b"Subject: no\r\n\r\nx" + line) == replies.LINE_TOO_LONG
    finally:
        running.stop()


def test_over_long_commands_are_refused_and_the_session_goes_on(server: RunningService):
    with Wire(server.host, server.port) as wire:
        wire.hello()
        assert wire.command(b"NOOP " + b"a" * 600) == replies.COMMAND_TOO_LONG
        assert wire.command(b"NOOP " + b"a" * 50_000) == replies.COMMAND_TOO_LONG
        address = "a" * 500 + "@assistant.localhost"
        assert wire.command(f"MAIL FROM:<{ALICE}>".encode()) == replies.OK
        assert wire.command(f"RCPT TO:<{address}>".encode()) == replies.COMMAND_TOO_LONG
        assert wire.command(b"RCPT TO:<invites@assistant.localhost>") == replies.RECIPIENT_OK
        assert wire.command(b"DATA").startswith("354 ")
        wire.send(invite_message() + b".\r\n")
        assert wire.reply() == replies.ACCEPTED_FOR_DELIVERY


def test_one_clients_ehlo_does_not_change_anothers_command_limit(server: RunningService):
    """aiosmtpd keeps command size limits per class; ours are per connection."""
    long_from = f"MAIL FROM:<{'b' * 480}@example.org> SIZE=1000 SMTPUTF8".encode()
    assert 512 < len(long_from) <= 512 + 26 + 10  # allowed only after EHLO announced both
    with Wire(server.host, server.port) as first:
        first.hello()
        for _ in range(3):
            with Wire(server.host, server.port) as other:
                assert other.reply().startswith("220 ")
        assert first.command(long_from) == replies.OK
    with Wire(server.host, server.port) as plain:
        assert plain.reply().startswith("220 ")
        assert plain.command(b"HELO client.example").startswith("250 ")
        assert plain.command(long_from) == replies.COMMAND_TOO_LONG


def test_unknown_commands_are_not_echoed(server: RunningService):
    with Wire(server.host, server.port) as wire:
        wire.hello()
        assert wire.command(b"<script>") == replies.COMMAND_NOT_RECOGNIZED
