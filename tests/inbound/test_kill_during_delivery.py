"""`mailer serve` killed with SIGKILL at random moments while several clients deliver: every
message that got a 250 is processed exactly once, and nothing else appears.

The clients behave like MTAs: a message that got no 250 (connection refused or dropped, 4xx) is
sent again, byte for byte, until it gets one. A message may therefore arrive twice when the
server stored it but died before its 250 reached the client (SMTP's classic duplicate, RFC 1047);
such a copy is a second delivery and is processed once too. So the checks are, per message:
it is stored at least once if it got a 250, and at most once more than the attempts that lost
the connection after sending it; every stored copy is processed exactly once (one confirmation
each); its invitation gives exactly one meeting; and no row, meeting or confirmation exists
that no client sent.

``MAILER_KILL_ROUNDS`` (default 4: each round restarts the server, and the suite's time is
bounded; a new seed every run) and ``MAILER_KILL_SEED`` change the run (``make soak`` runs 50).
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import smtplib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from mailer.api import Mailer
from mailer.config import load_config
from mailer.models import InboundMessage, OutboxMessage
from tests.conftest import ALICE
from tests.inbound.serve_process import Server, free_port
from tests.messages import invite_ics, invite_message

SENT_ID = re.compile(r"<kill-\d+-\d+@example\.com\.")
ROUNDS = int(os.environ.get("MAILER_KILL_ROUNDS", "4"))
CLIENTS = 4


@dataclass
class Client:
    """One sending MTA: its own messages, sent in turn, each retried until it gets a 250."""

    number: int
    port: int
    stop: threading.Event
    acked: list[str] = field(default_factory=list)
    uncertain: Counter[str] = field(default_factory=Counter)
    """Attempts that lost the connection after sending the message: stored or not."""
    errors: list[str] = field(default_factory=list)

    def message(self, index: int) -> tuple[str, bytes]:
        uid = f"kill-{self.number}-{index}@example.com"
        body = invite_message(invite_ics(uid=uid, summary=f"Meeting {self.number}-{index}"))
        body = body.replace(b"Message-ID: <", f"Message-ID: <{uid}.".encode(), 1)
        return f"<{uid}.", body

    def run(self) -> None:
        client: smtplib.SMTP | None = None
        index = 0
        while not self.stop.is_set():
            message_id, body = self.message(index)
            while True:  # retried until a 250, as an MTA would
                in_data = False
                try:
                    if client is None:
                        client = smtplib.SMTP("127.0.0.1", self.port, timeout=10)
                    client.ehlo_or_helo_if_needed()
                    _expect(250, *client.mail(ALICE))
                    _expect(250, *client.rcpt("invites@assistant.localhost"))
                    in_data = True  # from here a lost connection may or may not have stored it
                    _expect(250, *client.data(body))
                except (OSError, smtplib.SMTPException) as exc:
                    code = getattr(exc, "smtp_code", 0)
                    if 500 <= code < 600:
                        self.errors.append(f"{message_id}: {exc!r}")
                        return
                    self.uncertain[message_id] += in_data
                    client = _drop(client)
                    time.sleep(0.05)
                    continue
                self.acked.append(message_id)
                break
            index += 1
        _drop(client)


def _expect(wanted: int, code: int, reply: bytes) -> None:
    if code != wanted:
        raise smtplib.SMTPResponseException(code, reply)


def _drop(client: smtplib.SMTP | None) -> None:
    """Close ``client`` however broken it is; None, to reconnect on the next attempt."""
    if client is not None:
        with contextlib.suppress(OSError):
            client.close()


def test_sigkill_at_random_moments_loses_and_duplicates_nothing(config_path: Path):
    seed = int(os.environ.get("MAILER_KILL_SEED", random.randrange(1 << 30)))
    chance = random.Random(seed)
    port = free_port()
    config_path.write_text(
        config_path.read_text().replace("port = 8025", f"port = {port}"), encoding="utf-8"
    )
    server = Server(config_path, port, config_path.parent)
    stop = threading.Event()
    clients = [Client(n, port, stop) for n in range(CLIENTS)]
    threads = [threading.Thread(target=c.run, daemon=True) for c in clients]
    server.start()
    try:
        for thread in threads:
            thread.start()
        for _ in range(ROUNDS):
            time.sleep(chance.uniform(0.05, 0.8))
            server.kill()
            server.start()
        time.sleep(0.3)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(t.is_alive() for t in threads), f"clients stuck (seed {seed})"
        _wait_until_processed(config_path)
    finally:
        stop.set()
        server.terminate()
    _check(config_path, clients, seed)


def _sent_as(message_id: str) -> str:
    """The key a client recorded for a stored Message-ID (the whole id when it sent none such)."""
    match = SENT_ID.match(message_id)
    return match[0] if match else message_id


def _wait_until_processed(config_path: Path) -> None:
    mailer = Mailer(load_config(config_path))
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with mailer.sessions() as session:
                waiting = session.scalar(
                    select(func.count()).where(InboundMessage.status == "received")
                )
            if not waiting:
                return
            time.sleep(0.2)
        raise AssertionError(f"{waiting} messages still unprocessed after 60 s")
    finally:
        mailer.engine.dispose()


def _check(config_path: Path, clients: list[Client], seed: int) -> None:
    where = f"(seed {seed}; server logs in {config_path.parent})"
    assert not [e for c in clients for e in c.errors], where
    acked = [m for c in clients for m in c.acked]
    uncertain = sum((c.uncertain for c in clients), Counter())
    assert len(acked) == len(set(acked)) >= CLIENTS, where
    assert sum(uncertain.values()) >= ROUNDS // 2, f"the kills hardly hit a delivery {where}"
    mailer = Mailer(load_config(config_path))
    try:
        with mailer.sessions() as session:
            rows = session.execute(select(InboundMessage.message_id, InboundMessage.status)).all()
            confirmations = session.scalar(
                select(func.count()).where(
                    OutboxMessage.idempotency_key.like("confirmation:inbound:%")
                )
            )
        meetings = Counter(m["title"] for m in mailer.meetings(ALICE))
    finally:
        mailer.engine.dispose()
    stored = Counter(_sent_as(mid or "") for mid, _ in rows)
    assert {status for _, status in rows} == {"processed"}, where
    assert set(stored) == set(acked), f"lost or unknown messages {where}"
    for message_id, copies in stored.items():
        assert 1 <= copies <= 1 + uncertain[message_id], f"{message_id}: {copies} {where}"
    assert confirmations == len(rows), f"a copy was processed twice or not at all {where}"
    expected = {"Meeting " + m.split("-", 1)[1].split("@")[0] for m in acked}
    assert set(meetings) == expected, where
    assert set(meetings.values()) == {1}, f"a meeting logged twice {where}"
