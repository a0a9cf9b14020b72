"""A server killed with SIGKILL right after a 250 processes that message when it restarts."""

from __future__ import annotations

import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from pathlib import Path

from mailer.api import Mailer
from mailer.config import load_config
from tests.conftest import ALICE
from tests.messages import invite_ics, invite_message


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(config_path: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "mailer", "--config", str(config_path), "serve"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "mailer serve exited while starting"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"mailer serve did not listen on {port} within 60 s")


def test_sigkill_after_250_loses_nothing(config_path: Path):
    port = _free_port()
    config_path.write_text(
        config_path.read_text().replace("port = 8025", f"port = {port}"), encoding="utf-8"
    )
    process = _start(config_path)
    try:
        _wait_for_port(port, process)
        with smtplib.SMTP("127.0.0.1", port) as client:
            for number in range(5):
                ics = invite_ics(uid=f"crash-{number}@example.com", summary=f"Coffee {number}")
                refused = client.sendmail(
                    ALICE, ["invites@assistant.localhost"], invite_message(ics)
                )
                assert refused == {}
            os.kill(process.pid, signal.SIGKILL)  # right after the last 250
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()

    process = _start(config_path)
    try:
        _wait_for_port(port, process)
        mailer = Mailer(load_config(config_path))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            statuses = [m["status"] for m in mailer.inbound(ALICE)]
            if statuses.count("processed") == 5:
                break
            time.sleep(0.2)
        assert sorted(statuses) == ["processed"] * 5
        titles = sorted(m["title"] for m in mailer.meetings(ALICE))
        assert titles == [f"Coffee {n}" for n in range(5)]
        mailer.engine.dispose()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)


def test_a_received_message_is_processed_at_start_up(config_path: Path):
    """The recovery path itself: a row left ``received`` is processed when the service starts."""
    from mailer.inbound.intake import Intake
    from mailer.inbound.spool import Spool
    from mailer.inbound.store import InboundStore
    from tests.conftest import RunningService

    config = load_config(config_path)
    mailer = Mailer(config)
    intake = Intake(config, InboundStore(mailer.sessions, Spool(config.spool_dir)), mailer.user_ids)
    receipt = intake.receive(
        invite_message(), envelope_from=ALICE, envelope_to=["x@assistant.localhost"]
    )
    assert receipt.stored
    assert [m["status"] for m in mailer.inbound(ALICE)] == ["received"]

    running = RunningService(config)
    try:
        running.drain()
        assert [m["status"] for m in mailer.inbound(ALICE)] == ["processed"]
        assert [m["title"] for m in mailer.meetings(ALICE)] == ["Coffee with Anna"]
    finally:
        running.stop()
        mailer.engine.dispose()
