"""Hostile clients all at once (slow, oversize, smuggling, long lines, too many recipients, a
flood of connections) while a well-behaved client delivers: every one of its messages gets 250
promptly and is processed; the hostile ones get their refusals."""

from __future__ import annotations

import smtplib
import threading
import time
from collections.abc import Callable

from mailer.api import Mailer
from mailer.inbound import replies
from tests.conftest import ALICE, RunningService
from tests.inbound.smtp_wire import Wire
from tests.messages import invite_ics, invite_message


def _slow_loris(wire: Wire, stop: threading.Event) -> str:
    wire.start_data()
    while not stop.is_set():
        wire.send(b"x")
        time.sleep(0.05)
    return "held"


def _oversize(wire: Wire, stop: threading.Event) -> str:
    wire.start_data()
    for _ in range(400):  # 400 kB against a 200 kB limit
        wire.send(b"y" * 998 + b"\r\n")
    wire.send(b".\r\n")
    return wire.reply()


def _smuggler(wire: Wire, stop: threading.Event) -> str:
    wire.start_data()
    wire.send(b"Subject: a\r\n\r\nhi\n.\nMAIL FROM:<alice@example.com>\r\n")
    return wire.reply()


def _long_lines(wire: Wire, stop: threading.Event) -> str:
    wire.start_data()
    wire.send(b"Subject: a\r\n\r\n" + b"w" * 300_000 + b"\r\n.\r\n")
    return wire.reply()


def _recipients(wire: Wire, stop: threading.Event) -> str:
    assert wire.command(f"MAIL FROM:<{ALICE}>".encode()) == replies.OK
    answers = {wire.command(f"RCPT TO:<r{n}@assistant.localhost>".encode()) for n in range(60)}
    return sorted(answers)[-1]


HOSTILE: dict[str, tuple[Callable[[Wire, threading.Event], str], str]] = {
    "slow loris": (_slow_loris, "held"),
    "oversize": (_oversize, replies.MESSAGE_TOO_BIG.format(limit=200000)),
    "smuggler": (_smuggler, replies.BARE_LINE_ENDING),
    "long lines": (_long_lines, replies.LINE_TOO_LONG),
    "recipients": (_recipients, replies.TOO_MANY_RECIPIENTS),
}


def test_a_good_client_is_served_while_hostile_ones_misbehave(
    server: RunningService, mailer: Mailer
):
    stop = threading.Event()
    outcomes: dict[str, str] = {}

    def run(name: str, attack: Callable[[Wire, threading.Event], str]) -> None:
        with Wire(server.host, server.port) as wire:
            wire.hello()
            outcomes[name] = attack(wire, stop)

    threads = [
        threading.Thread(target=run, args=(name, attack), daemon=True)
        for name, (attack, _) in HOSTILE.items()
    ]
    for thread in threads:
        thread.start()
    latencies = []
    try:
        with smtplib.SMTP(server.host, server.port, timeout=10) as good:
            for number in range(10):
                ics = invite_ics(uid=f"good-{number}@example.com", summary=f"Tea {number}")
                started = time.monotonic()
                assert good.sendmail(ALICE, ["t@assistant.localhost"], invite_message(ics)) == {}
                latencies.append(time.monotonic() - started)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert outcomes == {name: expected for name, (_, expected) in HOSTILE.items()}
    assert max(latencies) < 2, latencies
    server.drain()
    assert sorted(m["title"] for m in mailer.meetings(ALICE)) == [f"Tea {n}" for n in range(10)]
    assert {m["status"] for m in mailer.inbound(ALICE)} == {"processed"}
