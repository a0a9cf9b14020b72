"""Dispatch: rendering and sending N due outbox rows, against a bare aiosmtplib loop.

Both send to the same aiosmtpd sink on loopback (in a process of its own) in the same run; the
bare loop sends the already-rendered bytes over one connection, so the ratio is what the
outbox, the database, rendering and composing cost. Target: at least 60 % of the bare loop's
messages per second. The two alternate for three rounds and the best of each counts.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosmtplib

from mailer.api import Mailer
from mailer.config import load_config
from mailer.db import transaction
from mailer.models import OutboxMessage
from mailer.outbound.outbox import enqueue
from mailer.outbound.setup import dispatcher_for
from mailer.outbound.transports import SmtpTransport

NOON = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
TARGET = 0.60
ROUNDS = 3


def _start_sink(port: int) -> subprocess.Popen[bytes]:
    """aiosmtpd's Sink handler (250 to everything) in a process of its own, as a relay is:
    in this process it would share the interpreter lock with the dispatcher it measures."""
    command = ["-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{port}"]
    sink = subprocess.Popen([sys.executable, *command])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return sink
        time.sleep(0.05)
    sink.kill()
    raise RuntimeError(f"the aiosmtpd sink did not start on port {port}")


def _config(folder: Path, port: int) -> Path:
    path = folder / "config.toml"
    path.write_text(
        f"""
[database]
url = "sqlite:///{folder / "bench.db"}"
[outbound]
transport = "smtp"
smtp_host = "127.0.0.1"
smtp_port = {port}
smtp_security = "none"
max_per_hour = 1000000
send_from = "00:00"
send_until = "23:59"
[[users]]
email = "alice@example.com"
name = "Alice Martín"
timezone = "Europe/Madrid"
""",
        encoding="utf-8",
    )
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _enqueue(mailer: Mailer, user_id: int, round_number: int, count: int) -> None:
    with transaction(mailer.sessions) as session:
        for number in range(count):
            enqueue(
                session,
                user_id=user_id,
                key=f"bench:{round_number}:{number}",
                recipient=f"contact{number}@example.com",
                template="error_reply",
                context={"original_subject": f"Message {number}", "reason": "bench"},
                scheduled_at=NOON,
                message_id=f"<bench-{round_number}-{number}@assistant.localhost>",
            )


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Best of three interleaved rounds of each, so that load from elsewhere on the machine
    during one of them does not decide the ratio."""
    count = 1000 if quick else 10_000
    port = _free_port()
    sink = _start_sink(port)
    full_times, bare_times = [], []
    try:
        with tempfile.TemporaryDirectory() as folder:
            mailer = Mailer(load_config(_config(Path(folder), port)))
            _, user_id = mailer.user()
            for round_number in range(ROUNDS):
                _enqueue(mailer, user_id, round_number, count)
                transport = SmtpTransport("127.0.0.1", port, security="none")
                dispatcher = dispatcher_for(mailer.config, mailer.sessions, transport)
                started = time.perf_counter()
                report = asyncio.run(dispatcher.run_once(NOON))
                full_times.append(time.perf_counter() - started)
                assert len(report.sent) == count, report
                with mailer.sessions() as session:
                    row = session.get(OutboxMessage, 1)
                    sample = dispatcher.build(row, mailer.config.users[0])
                bare_times.append(asyncio.run(_bare_loop(port, sample, count)))
            mailer.engine.dispose()
    finally:
        sink.terminate()
        sink.wait()
    full_rate, bare_rate = count / min(full_times), count / min(bare_times)
    return [
        {
            "benchmark": "dispatch",
            "measure": f"messages/s, {count} rows (SQLite), best of {ROUNDS}",
            "value": full_rate,
            "baseline": bare_rate,
            "ratio": full_rate / bare_rate,
            "target": TARGET,
        }
    ]


async def _bare_loop(port: int, message: bytes, count: int) -> float:
    client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False)
    await client.connect()
    started = time.perf_counter()
    for number in range(count):
        await client.sendmail(
            "bounces@assistant.localhost", [f"contact{number}@example.com"], message
        )
    elapsed = time.perf_counter() - started
    await client.quit()
    return elapsed
