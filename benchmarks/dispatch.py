"""Dispatch: rendering and sending N due outbox rows, against a bare aiosmtplib loop.

Both send to the same aiosmtpd sink on loopback in the same run; the bare loop sends the
already-rendered bytes over one connection, so the ratio is what the outbox, the database,
rendering and composing cost. Target: at least 60 % of the bare loop's messages per second.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, datetime
from email import policy
from pathlib import Path
from typing import Any

import aiosmtplib
from aiosmtpd.controller import Controller

from mailer.api import Mailer
from mailer.config import load_config
from mailer.db import transaction
from mailer.outbound.outbox import enqueue
from mailer.outbound.setup import dispatcher_for
from mailer.outbound.transports import SmtpTransport

NOON = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
TARGET = 0.60


class Sink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        return "250 2.0.0 OK"


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
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(quick: bool = False) -> list[dict[str, Any]]:
    count = 1000 if quick else 10_000
    sink = Sink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            mailer = Mailer(load_config(_config(Path(folder), port)))
            _, user_id = mailer.user()
            with transaction(mailer.sessions) as session:
                for number in range(count):
                    enqueue(
                        session,
                        user_id=user_id,
                        key=f"bench:{number}",
                        recipient=f"contact{number}@example.com",
                        template="error_reply",
                        context={"original_subject": f"Message {number}", "reason": "bench"},
                        scheduled_at=NOON,
                        message_id=f"<bench-{number}@assistant.localhost>",
                    )
            transport = SmtpTransport("127.0.0.1", port, security="none")
            dispatcher = dispatcher_for(mailer.config, mailer.sessions, transport)
            started = time.perf_counter()
            report = asyncio.run(dispatcher.run_once(NOON))
            full = time.perf_counter() - started
            assert len(report.sent) == count, report
            with mailer.sessions() as session:
                from mailer.models import OutboxMessage

                row = session.get(OutboxMessage, 1)
                user = mailer.config.users[0]
                sample = dispatcher.build(row, user).as_bytes(policy=policy.SMTP)
            mailer.engine.dispose()
        bare = asyncio.run(_bare_loop(port, sample, count))
    finally:
        controller.stop()
    full_rate, bare_rate = count / full, count / bare
    return [
        {
            "benchmark": "dispatch",
            "measure": f"messages/s, {count} rows (SQLite)",
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
