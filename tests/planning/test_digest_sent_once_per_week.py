"""The scheduler sends the digest at the configured hour in each user's zone, once per week,
however many ticks and processes plan it."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from mailer.api import Mailer
from mailer.models import OutboxMessage
from mailer.outbound.setup import dispatcher_for
from mailer.planning.run import plan_all
from tests.conftest import ALICE, BOB
from tests.outbound.sinks import maildir_messages

MADRID = ZoneInfo("Europe/Madrid")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=MADRID)


def digest_keys(mailer: Mailer) -> list[str]:
    with mailer.sessions() as session:
        return list(
            session.scalars(
                select(OutboxMessage.idempotency_key)
                .where(OutboxMessage.template == "digest")
                .order_by(OutboxMessage.id)
            )
        )


def test_sunday_evening_in_each_zone_once_a_week(mailer: Mailer):
    alice, bob = mailer.user(ALICE)[1], mailer.user(BOB)[1]
    mailer.tick(at("2026-12-20T17:59"))  # a minute early in Madrid
    assert digest_keys(mailer) == []

    mailer.tick(at("2026-12-20T18:00"))
    mailer.tick(at("2026-12-20T18:05"))
    assert digest_keys(mailer) == [f"digest:user:{alice}:2026-12-14"]

    mailer.tick(at("2026-12-21T00:05"))  # 18:05 on Sunday in New York
    assert digest_keys(mailer)[1:] == [f"digest:user:{bob}:2026-12-14"]

    mailer.tick(at("2026-12-22T19:00"))  # over a day late: next week's, not a stale one
    assert len(digest_keys(mailer)) == 2

    mailer.tick(at("2026-12-27T18:30"))  # the next Sunday
    assert digest_keys(mailer)[2:] == [f"digest:user:{alice}:2026-12-21"]

    sent = [m for m in maildir_messages(mailer.config.maildir) if ALICE in str(m["To"])]
    assert len(sent) == 2
    assert all(m["Subject"].startswith("Welcome to the Slow Networking") for m in sent)
    assert "digest@assistant.localhost" in sent[0].get_body(("plain",)).get_content()


def test_two_processes_planning_and_dispatching_at_once_send_it_once(mailer: Mailer):
    """Two planners, then two dispatchers, each with its own engine, at the same moment.

    (Planning and dispatching are raced, not ``tick`` as a whole: two first-ever heartbeats
    written at once by ``tick`` are a separate matter.)
    """
    moment = at("2026-12-20T18:01")
    others = [Mailer(mailer.config) for _ in range(2)]

    def plan(instance: Mailer) -> None:
        plan_all(instance.config, instance.sessions, moment)

    def dispatch(instance: Mailer) -> None:
        asyncio.run(dispatcher_for(instance.config, instance.sessions).run_once(moment))

    try:
        for step in (plan, dispatch):
            start, errors = threading.Barrier(len(others)), []

            def run(instance: Mailer, step=step, start=start, errors=errors) -> None:
                try:
                    start.wait(timeout=30)
                    step(instance)
                except BaseException as exc:
                    errors.append(exc)

            threads = [threading.Thread(target=run, args=(m,)) for m in others]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            assert errors == []
    finally:
        for instance in others:
            instance.engine.dispose()
    assert len(digest_keys(mailer)) == 1  # Alice's; not Bob's yet (12:01 in New York)
    sent = [m for m in maildir_messages(mailer.config.maildir) if ALICE in str(m["To"])]
    assert len(sent) == 1


def test_weekday_and_hour_are_configurable(tmp_path, database_url):
    from mailer.config import load_config
    from tests.conftest import write_config

    extra = '\n[digest]\nweekday = "mon"\nhour = 8\nweek_start = "mon"\n'
    path = write_config(tmp_path, database_url)
    path.write_text(path.read_text(encoding="utf-8").replace("[[users]]", extra + "[[users]]", 1))
    mailer = Mailer(load_config(path))
    try:
        alice = mailer.user(ALICE)[1]
        mailer.tick(at("2026-12-20T18:00"))
        assert digest_keys(mailer) == []
        mailer.tick(at("2026-12-21T08:00"))  # Monday morning: the week that just ended
        assert digest_keys(mailer) == [f"digest:user:{alice}:2026-12-14"]
    finally:
        mailer.engine.dispose()
