"""The database locked or unreachable during a delivery: the client hears 451 4.3.0 and retries;
it never gets a 250 for a message we did not store, and the spool keeps no copy of it (so nothing
is processed twice once the retry succeeds)."""

from __future__ import annotations

import os
import smtplib
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from mailer.api import Mailer
from mailer.config import load_config
from mailer.inbound import replies
from tests.conftest import ALICE, POSTGRES_ENV, RunningService
from tests.inbound.smtp_wire import configure
from tests.inbound.tcp_proxy import TcpProxy
from tests.messages import invite_ics, invite_message
from tests.spooled import spooled_bytes


def _use_url(config_path: Path, old: str, new: str) -> None:
    config_path.write_text(config_path.read_text().replace(old, new), encoding="utf-8")


@contextmanager
def _locked(database_url: str, application_name: str) -> Iterator[None]:
    """Another connection holds the lock a delivery needs (and, on PostgreSQL, the server's own
    connections are killed first, as a restarted or failed-over database would)."""
    if database_url.startswith("sqlite"):
        holder = sqlite3.connect(make_url(database_url).database, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    engine = create_engine(database_url)
    with engine.connect() as holder:
        holder.execute(text("LOCK TABLE inbound_messages IN ACCESS EXCLUSIVE MODE"))
        holder.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :n"
            ),
            {"n": application_name},
        )
        try:
            yield
        finally:
            holder.rollback()
    engine.dispose()


def _refused_with_451(running: RunningService, message: bytes) -> None:
    with smtplib.SMTP(running.host, running.port, timeout=30) as client:
        with pytest.raises(smtplib.SMTPDataError) as refused:
            client.sendmail(ALICE, ["invites@assistant.localhost"], message)
        assert (refused.value.smtp_code, refused.value.smtp_error.decode()) == (
            451,
            replies.STORAGE_UNAVAILABLE[4:],
        )
        assert client.noop()[0] == 250  # the session goes on


def _delivered(running: RunningService, message: bytes) -> None:
    with smtplib.SMTP(running.host, running.port, timeout=30) as client:
        assert client.sendmail(ALICE, ["invites@assistant.localhost"], message) == {}


def test_a_locked_database_gets_451_and_the_retry_is_processed_once(
    config_path: Path, database_url: str
):
    configure(config_path, database={"busy_timeout_seconds": 1})
    name = f"mailer-test-{uuid.uuid4().hex[:8]}"
    if not database_url.startswith("sqlite"):
        url = make_url(database_url).update_query_dict({"application_name": name})
        _use_url(config_path, database_url, url.render_as_string(hide_password=False))
    config = load_config(config_path)
    running = RunningService(config)
    message = invite_message(invite_ics(uid="locked@example.com", summary="Locked out"))
    try:
        with _locked(database_url, name):
            _refused_with_451(running, message)
            assert spooled_bytes(config.spool_dir) == {}
        _delivered(running, message)  # the client's retry, as any MTA would
        running.drain()
    finally:
        running.stop()
    mailer = Mailer(config)
    try:
        assert [m["status"] for m in mailer.inbound(ALICE)] == ["processed"]
        assert [m["title"] for m in mailer.meetings(ALICE)] == ["Locked out"]
        assert len(spooled_bytes(config.spool_dir)) == 1  # one segment, the retry's
    finally:
        mailer.engine.dispose()


@pytest.mark.postgres
def test_an_unreachable_postgresql_gets_451_until_it_is_back(config_path: Path, database_url: str):
    if database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL only: SQLite is a file, never unreachable")
    upstream = make_url(os.environ[POSTGRES_ENV])
    proxy = TcpProxy((upstream.host or "127.0.0.1", upstream.port or 5432))
    through_proxy = make_url(database_url).set(host="127.0.0.1", port=proxy.port)
    _use_url(config_path, database_url, through_proxy.render_as_string(hide_password=False))
    configure(config_path, database={"busy_timeout_seconds": 1})
    config = load_config(config_path)
    running = RunningService(config)
    first = invite_message(invite_ics(uid="before@example.com", summary="Before"))
    during = invite_message(invite_ics(uid="during@example.com", summary="During"))
    try:
        _delivered(running, first)
        running.drain()
        stored = spooled_bytes(config.spool_dir)
        proxy.cut()
        _refused_with_451(running, during)
        assert spooled_bytes(config.spool_dir) == stored  # only the first message's bytes
        proxy.resume()
        _delivered(running, during)
        running.drain()
    finally:
        running.stop()
    mailer = Mailer(load_config(config_path))
    try:
        assert [m["status"] for m in mailer.inbound(ALICE)] == ["processed"] * 2
        assert sorted(m["title"] for m in mailer.meetings(ALICE)) == ["Before", "During"]
    finally:
        mailer.engine.dispose()
        proxy.cut()
