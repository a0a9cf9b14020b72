"""Two processes planning and dispatching at the same moment (each its own engine: two
`mailer serve` on one PostgreSQL) send one brief, and a restart sends nothing more."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from mailer.api import Mailer
from mailer.outbound.setup import dispatcher_for
from mailer.planning.run import plan_all
from tests.briefs.world import at, briefs, invite, log_lunch

MOMENT = at("2026-11-24T07:00")


def together(instances: list[Mailer], step: Callable[[Mailer], object]) -> None:
    """Run ``step`` in every instance at once (a barrier lines the threads up)."""
    barrier = threading.Barrier(len(instances))

    def run(instance: Mailer) -> object:
        barrier.wait(timeout=30)
        return step(instance)

    with ThreadPoolExecutor(len(instances)) as pool:
        for future in [pool.submit(run, m) for m in instances]:
            future.result(timeout=60)


def test_two_planners_and_two_dispatchers_send_one_brief(mailer: Mailer):
    log_lunch(mailer)
    invite(mailer, start="20261124T100000", now=at("2026-11-23T10:00"))
    others = [Mailer(mailer.config) for _ in range(2)]
    try:
        together(others, lambda m: plan_all(m.config, m.sessions, MOMENT))
        together(
            others,
            lambda m: asyncio.run(dispatcher_for(m.config, m.sessions).run_once(MOMENT)),
        )
    finally:
        for instance in others:
            instance.engine.dispose()
    restarted = Mailer(mailer.config)
    try:
        restarted.tick(at("2026-11-24T07:05"))
        restarted.tick(at("2026-11-24T09:00"))
    finally:
        restarted.engine.dispose()
    [brief] = briefs(mailer)
    assert "Anna Ruiz" in brief["Subject"]
