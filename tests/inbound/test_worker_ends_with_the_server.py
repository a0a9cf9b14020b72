"""Bug found by the benchmarks: `mailer serve` ended (SIGKILL, or SIGTERM, which it did not
handle) and its processing worker and fork server lived on, for ever, holding their database
connections. Now a SIGTERM stops the server cleanly, and the worker ends with a server that was
killed outright, taking the fork server with it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import smtplib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailer.api import Mailer
from mailer.config import load_config
from tests.conftest import ALICE
from tests.inbound.serve_process import Server, free_port
from tests.messages import invite_ics, invite_message


def _serving_with_a_worker(config_path: Path) -> tuple[Server, list[int]]:
    """`mailer serve` that has read one message, so its worker and fork server are running."""
    port = free_port()
    config_path.write_text(
        config_path.read_text().replace("port = 8025", f"port = {port}"), encoding="utf-8"
    )
    server = Server(config_path, port, config_path.parent)
    server.start()
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.sendmail(ALICE, ["invites@assistant.localhost"], invite_message(invite_ics()))
    mailer = Mailer(load_config(config_path))
    try:
        deadline = time.monotonic() + 60
        while [m["status"] for m in mailer.inbound(ALICE)] != ["processed"]:
            assert time.monotonic() < deadline, "the message was not processed within 60 s"
            time.sleep(0.1)
    finally:
        mailer.engine.dispose()
    descendants = server.descendants()
    assert len(descendants) >= 2, descendants  # the fork server and the worker it forked
    return server, descendants


def _all_end(pids: list[int], within: float = 15) -> list[int]:
    """The processes among ``pids`` still running after ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        alive = [pid for pid in pids if _running(pid)]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent's wait is missing


@pytest.fixture
def cleanup() -> Iterator[list[int]]:
    pids: list[int] = []
    yield pids
    for pid in pids:  # never leave a process behind, even when the test fails
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def test_a_killed_server_leaves_no_worker_behind(config_path: Path, cleanup: list[int]):
    server, descendants = _serving_with_a_worker(config_path)
    cleanup += descendants
    server.kill()
    assert _all_end(descendants) == []


def test_sigterm_stops_the_server_and_its_worker(config_path: Path, cleanup: list[int]):
    server, descendants = _serving_with_a_worker(config_path)
    cleanup += descendants
    assert server.process is not None
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=30) == 0
    assert _all_end(descendants) == []
