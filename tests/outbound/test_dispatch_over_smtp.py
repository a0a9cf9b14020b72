"""The dispatcher sends outbox rows to a real SMTP server and records what happened."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from mailer.api import Mailer
from mailer.db import transaction
from mailer.outbound.setup import dispatcher_for
from mailer.outbound.transports import SmtpTransport
from tests.conftest import ALICE
from tests.outbound.outbox_rows import queue_rows
from tests.outbound.sinks import free_port, smtp_sink

NOON = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)  # 12:00 in Madrid: inside the window


def _queue(mailer: Mailer, count: int = 1, at: datetime = NOON) -> None:
    queue_rows(mailer, count, at)


def _dispatch(mailer: Mailer, port: int, now: datetime = NOON):
    transport = SmtpTransport("127.0.0.1", port, security="none")
    dispatcher = dispatcher_for(mailer.config, mailer.sessions, transport)
    return asyncio.run(dispatcher.run_once(now))


def test_a_due_row_is_sent_once_with_its_stable_message_id(mailer: Mailer):
    _queue(mailer)
    with smtp_sink() as (sink, port):
        assert len(_dispatch(mailer, port).sent) == 1
        assert _dispatch(mailer, port).sent == []
    [raw] = sink.messages
    assert b"Message-ID: <test-0@assistant.localhost>" in raw
    assert sink.recipients == [[ALICE]]


def test_planning_the_same_thing_twice_enqueues_it_once(mailer: Mailer):
    _queue(mailer)
    _queue(mailer)
    assert len(mailer.outbox(ALICE)) == 1


def test_a_temporary_failure_retries_with_backoff(mailer: Mailer):
    _queue(mailer)
    with smtp_sink(["451 4.3.0 Try again later"]) as (sink, port):
        first = _dispatch(mailer, port)
        assert first.retrying and not first.sent
        [row] = mailer.outbox(ALICE)
        assert (row["status"], row["attempts"]) == ("queued", 1)
        assert "451" in row["last_error"]
        assert _dispatch(mailer, port).sent == []  # not due yet: backing off
        assert len(_dispatch(mailer, port, NOON + timedelta(minutes=2)).sent) == 1
    assert len(sink.messages) == 1
    assert mailer.outbox(ALICE)[0]["attempts"] == 2


def test_a_permanent_failure_is_recorded_at_once(mailer: Mailer):
    _queue(mailer)
    with smtp_sink(["550 5.1.1 No such user here"]) as (_, port):
        assert len(_dispatch(mailer, port).failed) == 1
        assert _dispatch(mailer, port, NOON + timedelta(hours=1)).sent == []
    [row] = mailer.outbox(ALICE)
    assert row["status"] == "failed"
    assert row["last_error"] == "550 5.1.1 No such user here"
    mailer.retry(row["id"])
    assert mailer.outbox(ALICE)[0]["status"] == "queued"


def test_no_server_is_temporary_until_the_lifetime_runs_out(mailer: Mailer):
    _queue(mailer)
    port = free_port()  # nothing listens there
    assert _dispatch(mailer, port).retrying
    late = NOON + timedelta(hours=mailer.config.outbound.retry_lifetime_hours + 1)
    assert _dispatch(mailer, port, late).failed
    assert mailer.outbox(ALICE)[0]["last_error"].startswith("gave up")


def test_outside_the_sending_window_it_waits(mailer: Mailer):
    night = datetime(2026, 11, 23, 23, 0, tzinfo=UTC)  # midnight in Madrid
    _queue(mailer, at=night)
    with smtp_sink() as (sink, port):
        assert _dispatch(mailer, port, night).deferred
        assert mailer.outbox(ALICE)[0]["scheduled"].startswith("2026-11-24T08:00")
        assert len(_dispatch(mailer, port, night + timedelta(hours=8)).sent) == 1
    assert len(sink.messages) == 1


def test_a_kill_between_claim_and_send_loses_nothing(mailer: Mailer):
    """A claimed row whose dispatcher died is claimed again once its lease runs out."""
    from mailer.outbound.outbox import LEASE, claim_due

    _queue(mailer)
    with transaction(mailer.sessions) as session:
        assert len(claim_due(session, now=NOON, limit=10)) == 1  # ...and the process dies
    with smtp_sink() as (sink, port):
        assert _dispatch(mailer, port, NOON + timedelta(minutes=1)).sent == []
        assert len(_dispatch(mailer, port, NOON + LEASE + timedelta(minutes=1)).sent) == 1
    assert len(sink.messages) == 1


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_two_dispatchers_on_postgresql_send_each_row_once(mailer: Mailer):
    from mailer.outbound.outbox import rows

    _queue(mailer, 1000)
    with smtp_sink() as (sink, port):
        transport = SmtpTransport("127.0.0.1", port, security="none")
        config = mailer.config
        config = type(config)(
            **{
                **vars(config),
                "outbound": type(config.outbound)(
                    **{**vars(config.outbound), "max_per_hour": 10_000}
                ),
            }
        )
        one = dispatcher_for(config, mailer.sessions, transport)
        two = dispatcher_for(config, mailer.sessions, transport)
        one.batch = two.batch = 25

        async def both():
            return await asyncio.gather(one.run_once(NOON), two.run_once(NOON))

        first, second = asyncio.run(both())
    assert len(first.sent) + len(second.sent) == 1000
    assert first.sent and second.sent  # both did work
    assert not set(first.sent) & set(second.sent)
    ids = [m.split(b"Message-ID: ")[1].split(b"\r\n")[0] for m in sink.messages]
    assert len(ids) == len(set(ids)) == 1000
    with mailer.sessions() as session:
        assert {r.status for r in rows(session)} == {"sent"}
