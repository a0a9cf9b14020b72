"""Slow clients: silence longer than command_timeout_seconds, or a message that takes longer
than data_timeout_seconds to arrive, is answered 421 4.4.2 and the connection closed; a
well-behaved client is served meanwhile."""

from __future__ import annotations

import smtplib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailer.api import Mailer
from mailer.config import load_config
from mailer.inbound import replies
from tests.conftest import ALICE, RunningService
from tests.inbound.smtp_wire import Wire, configure
from tests.messages import invite_message


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: these wait out real time-outs, and the database plays no part in them."""
    return f"sqlite:///{tmp_path / 'mailer.db'}"


def _serving(config_path: Path, command: float, data: float) -> Iterator[RunningService]:
    configure(
        config_path, inbound={"command_timeout_seconds": command, "data_timeout_seconds": data}
    )
    running = RunningService(load_config(config_path))
    yield running
    running.stop()


@pytest.fixture
def impatient(config_path: Path) -> Iterator[RunningService]:
    """Two seconds per command: with one, a loaded CI machine (13 minutes for the suite) let
    the time-out fire between the greeting and the answer to EHLO."""
    yield from _serving(config_path, command=2, data=4)


def test_a_silent_client_is_dropped_after_the_command_timeout(impatient: RunningService):
    with Wire(impatient.host, impatient.port) as wire:
        wire.hello()
        started = time.monotonic()
        assert wire.reply() == replies.TIMEOUT
        assert 1.8 < time.monotonic() - started < 5
        assert wire.closed()


def test_a_client_dribbling_one_command_is_dropped(impatient: RunningService):
    """Bytes that never make a whole command do not keep the connection alive."""
    with Wire(impatient.host, impatient.port) as wire:
        wire.hello()
        pieces = [bytes([char]) for char in b"NOOP and on and on and on"]
        assert wire.send_slowly(pieces, pause=0.2), "still connected after 5 s"
        assert wire.reply() == replies.TIMEOUT


def test_a_slow_message_is_dropped_at_the_data_deadline(impatient: RunningService, mailer: Mailer):
    message = invite_message()
    with Wire(impatient.host, impatient.port) as slow:
        slow.hello()
        slow.start_data()
        started = time.monotonic()
        slow.send(message[:100])
        with smtplib.SMTP(impatient.host, impatient.port, timeout=5) as good:  # served meanwhile
            assert good.sendmail(ALICE, ["invites@assistant.localhost"], message) == {}
        # each line well within the command time-out, but the whole message is too slow
        lines = message[100:].splitlines(keepends=True)
        assert slow.send_slowly(lines, pause=0.3), "still connected after the deadline"
        assert slow.reply() == replies.DATA_TIMEOUT
        assert 3.8 < time.monotonic() - started < 8
        assert slow.closed()
    impatient.drain()
    assert [m["status"] for m in mailer.inbound(ALICE)] == ["processed"]


@pytest.fixture
def data_patient(config_path: Path) -> Iterator[RunningService]:
    """A short command time-out and a data time-out six times as long, so that which one
    applied shows even on a loaded machine (CI runs three test workers on two cores)."""
    yield from _serving(config_path, command=2, data=12)


def test_after_data_the_command_timeout_applies_again(data_patient: RunningService):
    with Wire(data_patient.host, data_patient.port) as wire:
        wire.hello()
        wire.start_data()
        wire.send(invite_message() + b".\r\n")
        assert wire.reply() == replies.ACCEPTED_FOR_DELIVERY
        started = time.monotonic()
        assert wire.reply() == replies.TIMEOUT
        assert time.monotonic() - started < 8  # the 2 s command time-out, not the 12 s one
