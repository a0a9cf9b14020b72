"""The database reachable and migrated; the clock, the scheduler and failed messages (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

from mailer.api import Mailer
from mailer.clock import PinnedClock
from mailer.config import load_config
from mailer.db import create_db_engine, transaction, upgrade
from mailer.doctor import Checkup
from mailer.doctor.health import file_time
from mailer.models import OutboxMessage
from mailer.planning.heartbeat import beat
from tests.conftest import ALICE, PINNED_NOW
from tests.doctor.checkups import configure, findings, only

NOT_UNDERSTOOD = (
    f"From: {ALICE}\r\nTo: assistant@assistant.localhost\r\nSubject: hello\r\n"
    "Message-ID: <n@example.com>\r\n\r\nNothing to file here.\r\n"
).encode()


def test_a_missing_sqlite_file_fails_and_is_not_created(tmp_path: Path):
    path = configure(tmp_path)
    found = only(Checkup(path), "database")
    assert found.level == "FAIL" and "mailer init" in found.advice
    assert not (tmp_path / "mailer.db").exists()


def test_unmigrated_behind_unknown_and_current(tmp_path: Path, database_url: str):
    path = configure(tmp_path, database_url)
    engine = create_db_engine(load_config(path).database_url)
    with engine.begin() as connection:  # reachable, but no schema (SQLite: create the file)
        connection.execute(text("CREATE TABLE unrelated (id INTEGER)"))
    assert "has no schema yet" in only(Checkup(path), "database").message
    upgrade(engine, "0005")
    behind = only(Checkup(path), "database")
    assert behind.level == "FAIL" and "at revision 0005" in behind.message
    assert "mailer db upgrade" in behind.advice
    upgrade(engine)
    assert only(Checkup(path), "database").level == "ok"
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    assert "does not know" in only(Checkup(path), "database").message
    engine.dispose()


def test_an_unreachable_postgresql_fails(tmp_path: Path):
    from tests.inbound.dovecot import free_port

    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nothing"
    found = only(Checkup(configure(tmp_path, url)), "database")
    assert found.level == "FAIL" and "cannot connect" in found.message


def _clock_at_file_time(folder: Path, offset: timedelta = timedelta(0)) -> PinnedClock:
    """A clock pinned to the time the kernel stamps on files now, moved by ``offset``."""
    return PinnedClock(file_time(folder) + offset)


def test_the_clock_agrees_with_the_file_system_or_fails(tmp_path: Path):
    path = configure(tmp_path)
    assert only(Checkup(path, clock=_clock_at_file_time(tmp_path)), "clock").level == "ok"
    ahead = only(Checkup(path, clock=_clock_at_file_time(tmp_path, timedelta(days=3))), "clock")
    assert ahead.level == "FAIL" and "3 days apart" in ahead.message
    never_set = PinnedClock(PINNED_NOW.replace(year=1970))
    assert "1970-11-23" in only(Checkup(path, clock=never_set), "clock").message


def _mailer(tmp_path: Path, database_url: str, clock: PinnedClock) -> tuple[Path, Mailer]:
    path = configure(tmp_path, database_url)
    mailer = Mailer(load_config(path), clock=clock)
    mailer.upgrade()
    return path, mailer


def test_a_heartbeat_from_the_future_means_the_clock_went_back(
    tmp_path: Path, database_url: str, clock: PinnedClock
):
    path, mailer = _mailer(tmp_path, database_url, clock)
    mailer.tick(PINNED_NOW + timedelta(hours=5))
    [went_back] = [
        f for f in findings(Checkup(path, clock=clock), "clock") if "went back" in f.message
    ]
    assert went_back.level == "FAIL" and "5 hours after" in went_back.message
    mailer.engine.dispose()


def test_the_scheduler_never_run_late_failing_and_running(
    tmp_path: Path, database_url: str, clock: PinnedClock
):
    path, mailer = _mailer(tmp_path, database_url, clock)
    assert {f.level for f in findings(Checkup(path, clock=clock), "scheduler")} == {"warn"}
    mailer.tick(PINNED_NOW - timedelta(hours=1))
    late = findings(Checkup(path, clock=clock), "scheduler")
    assert {f.level for f in late} == {"FAIL"} and "is `mailer serve` running?" in late[0].advice
    mailer.tick(PINNED_NOW)
    assert {f.level for f in findings(Checkup(path, clock=clock), "scheduler")} == {"ok"}
    beat(mailer.sessions, "plan", PINNED_NOW, "OperationalError('disk I/O error')")
    failing = [f for f in findings(Checkup(path, clock=clock), "scheduler") if f.failed]
    assert len(failing) == 1 and "disk I/O error" in failing[0].message
    mailer.engine.dispose()


def test_failed_messages_waiting_are_warnings(
    tmp_path: Path, database_url: str, clock: PinnedClock
):
    path, mailer = _mailer(tmp_path, database_url, clock)
    assert only(Checkup(path, clock=clock), "outbox").level == "ok"
    with transaction(mailer.sessions) as session:
        failed = {"status": "failed", "last_error": "550 5.1.1 no such user"}
        row = OutboxMessage(user_id=mailer.user()[1], idempotency_key="k", recipient=ALICE,
                            template="reminder", **failed)  # fmt: skip
        session.add(row)
    outbox = only(Checkup(path, clock=clock), "outbox")
    assert outbox.level == "warn" and "mailer outbox retry" in outbox.advice
    result = mailer.ingest(NOT_UNDERSTOOD, source="n.eml", envelope_from=ALICE)
    assert result.status == "failed", result
    inbound = only(Checkup(path, clock=clock), "inbound")
    assert inbound.level == "warn" and "reprocess --failed" in inbound.advice
    mailer.engine.dispose()
