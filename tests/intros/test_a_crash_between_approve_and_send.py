"""A crash between two steps sends nothing twice: a dispatcher that claimed the introduction
and died (interrupted, or killed with SIGKILL in the middle of the SMTP conversation) leaves
it to the next one once its lease runs out, and exactly one email reaches both people."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import timedelta

from mailer.db import transaction
from mailer.outbound.outbox import LEASE, claim_due
from tests.conftest import ALICE
from tests.intros.world import JORDI, MARTA, World
from tests.outbound.sinks import RecordingSink


class StallingSink(RecordingSink):
    """Records as usual; while ``stall`` is set, holds every DATA unanswered (and records
    nothing), as a relay that has the bytes but has not said 250 yet."""

    def __init__(self) -> None:
        super().__init__()
        self.stall = threading.Event()
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.stall.is_set():
            self.arrived.set()
            while self.stall.is_set():
                await asyncio.sleep(0.02)
            return "451 4.3.0 Try again later"
        return await super().handle_DATA(server, session, envelope)


def _joints(world: World) -> list:
    return [s for s in world.sent() if sorted(s.recipients) == sorted([MARTA, JORDI])]


def test_a_dispatcher_interrupted_after_claiming(world: World):
    world.reply(ALICE, world.accepted(), "approve", "send")
    with transaction(world.mailer.sessions) as session:  # it claims the row, then dies
        [claimed] = [r for r in claim_due(session, now=world.clock(), limit=10)]
        assert claimed.template == "intro_joint"
    world.tick(after=timedelta(minutes=1))
    assert _joints(world) == []  # the lease holds: not sent behind the first one's back
    world.tick(after=LEASE + timedelta(minutes=1))
    world.tick(after=timedelta(minutes=1))
    assert len(_joints(world)) == 1


def test_a_tick_killed_in_the_middle_of_sending(make_world: Callable[..., World]):
    sink = StallingSink()
    world = make_world(transport="smtp", sink=sink)
    world.reply(ALICE, world.accepted(), "approve", "send")
    sink.stall.set()
    now = (world.clock() + timedelta(minutes=1)).isoformat()
    process = subprocess.Popen(
        [sys.executable, "-m", "mailer", "--config", str(world.config_path), "--now", now, "tick"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert sink.arrived.wait(timeout=60), "the tick never reached the relay"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
        sink.stall.clear()
    assert process.returncode == -signal.SIGKILL
    assert [r["status"] for r in world.mailer.outbox() if r["template"] == "intro_joint"] == [
        "sending"
    ]
    world.tick(after=timedelta(minutes=2))
    assert _joints(world) == []
    world.tick(after=LEASE + timedelta(minutes=1))
    world.tick(after=timedelta(minutes=1))
    assert len(_joints(world)) == 1
    assert world.intros()[0]["stage"] == "sent"
