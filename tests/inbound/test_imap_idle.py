"""``mailer serve`` with ``[imap] enabled``: IDLE wakes it for new mail; it survives the server
going away and comes back with backoff."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mailer.api import Mailer
from mailer.config import Config, load_config
from tests.conftest import RunningService, write_config
from tests.inbound.dovecot import PASSWORD, Dovecot, dovecot, imap_section  # noqa: F401
from tests.messages import invite_message, plain_message

PROCESSED = "mailer-processed"


def wait_for(condition: Callable[[], bool], seconds: float = 20) -> float:
    """Seconds until ``condition`` held; fails after ``seconds``."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            pytest.fail(f"still not true after {seconds} s")
        time.sleep(0.05)
    return time.monotonic() - started


@pytest.fixture
def config(tmp_path: Path, database_url: str, dovecot: Dovecot, monkeypatch) -> Config:  # noqa: F811
    monkeypatch.setenv("MAILER_TEST_IMAP_PASSWORD", PASSWORD)
    # A poll every hour: only IDLE can explain a message being read within seconds.
    extra = imap_section(dovecot, enabled=True, poll_seconds=3600)
    return load_config(write_config(tmp_path, database_url, extra))


@pytest.fixture
def running(config: Config) -> Iterator[RunningService]:
    service = RunningService(config)
    yield service
    service.stop()


def test_idle_wakes_the_service_for_new_mail(
    running: RunningService,
    dovecot: Dovecot,  # noqa: F811
    config: Config,
):
    watcher = running.service.imap
    assert watcher is not None
    wait_for(lambda: watcher.idling)
    dovecot.append(invite_message())
    assert wait_for(lambda: len(dovecot.uids(PROCESSED)) == 1) < 10
    assert dovecot.uids("INBOX") == []
    assert [m["title"] for m in Mailer(config).meetings()] == ["Coffee with Anna"]
    assert watcher.passes >= 2  # the one at start, and the one IDLE woke


def test_the_watcher_reconnects_after_the_server_restarts(
    running: RunningService,
    dovecot: Dovecot,  # noqa: F811
):
    watcher = running.service.imap
    assert watcher is not None
    wait_for(lambda: watcher.idling)
    dovecot.stop()
    wait_for(lambda: not watcher.idling)
    dovecot.start()
    dovecot.append(plain_message(subject="After the restart"))
    wait_for(lambda: dovecot.subjects("mailer-failed") == ["After the restart"], 30)


def test_stopping_the_service_while_idle_is_prompt(config: Config, dovecot: Dovecot):  # noqa: F811
    service = RunningService(config)
    assert service.service.imap is not None
    wait_for(lambda: service.service.imap.idling)  # type: ignore[union-attr]
    started = time.monotonic()
    service.stop()
    assert time.monotonic() - started < 5
