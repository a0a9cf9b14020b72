"""Without IDLE the watcher polls every ``poll_seconds``; with it, IDLE is renewed in time."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from mailer.api import Mailer
from mailer.config import Config, load_config
from mailer.inbound.imap import Mailbox
from mailer.inbound.imap_watch import ImapWatcher
from mailer.pipeline import Pipeline
from tests.conftest import write_config
from tests.inbound.dovecot import PASSWORD, Dovecot, dovecot, imap_section  # noqa: F401
from tests.messages import invite_message


class WithoutIdle(Mailbox):
    """The same server, as one that does not offer IDLE (RFC 2177)."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.can_idle = False


def configure(tmp_path: Path, database_url: str, server: Dovecot, **imap: object) -> Config:
    return load_config(write_config(tmp_path, database_url, imap_section(server, **imap)))


async def until(condition, seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not await asyncio.to_thread(condition):
        if time.monotonic() > deadline:
            pytest.fail(f"still not true after {seconds} s")
        await asyncio.sleep(0.05)


def watch(config: Config, scenario, mailbox_class: type[Mailbox] = Mailbox) -> None:  # type: ignore[no-untyped-def]
    mailer = Mailer(config)

    async def main() -> None:
        with ThreadPoolExecutor(2) as pool:
            pipeline = Pipeline(config, mailer.sessions)
            watcher = ImapWatcher(config, mailer.intake(), pipeline, pool)
            watcher.mailbox_class = mailbox_class
            watcher.start()
            try:
                await scenario(watcher)
            finally:
                await watcher.stop()

    try:
        asyncio.run(main())
    finally:
        mailer.engine.dispose()


@pytest.fixture(autouse=True)
def password(monkeypatch) -> None:
    monkeypatch.setenv("MAILER_TEST_IMAP_PASSWORD", PASSWORD)


def test_without_idle_it_polls(tmp_path: Path, database_url: str, dovecot: Dovecot):  # noqa: F811
    config = configure(tmp_path, database_url, dovecot, poll_seconds=1)

    async def scenario(watcher: ImapWatcher) -> None:
        await until(lambda: watcher.passes >= 1)
        assert not watcher.idling
        await asyncio.to_thread(dovecot.append, invite_message())
        await until(lambda: len(dovecot.uids("mailer-processed")) == 1)

    watch(config, scenario, WithoutIdle)


def test_idle_is_renewed_every_idle_seconds(tmp_path: Path, database_url: str, dovecot: Dovecot):  # noqa: F811
    config = configure(tmp_path, database_url, dovecot, idle_seconds=1)

    async def scenario(watcher: ImapWatcher) -> None:
        await until(lambda: watcher.passes >= 3, 10)  # a pass after each renewed IDLE

    watch(config, scenario)
