"""``mailer serve``'s IMAP watcher: IDLE (else a poll), reconnecting with backoff.

imapclient blocks, so every step (connect, one pass over the folder, one second of IDLE) runs in
the service's thread pool and the event loop only sequences them; SMTP keeps being served. IDLE
is renewed every ``idle_seconds`` (under the 29 minutes after which servers may drop it) and
waited on in one-second slices, so stopping never waits for more than a slice. Any error closes
the connection and retries after 1, 2, 4... seconds, up to five minutes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any, TypeVar

from imapclient.exceptions import IMAPClientError

from mailer.config import Config
from mailer.inbound.imap import ImapError, ImapLoginFailed, Mailbox, imap_password
from mailer.inbound.imap_receive import Receiver
from mailer.inbound.intake import Intake
from mailer.pipeline import Pipeline

log = logging.getLogger(__name__)

T = TypeVar("T")

IDLE_SLICE = 1.0
"""Seconds of one IDLE wait in a worker thread (the longest a stop waits for it)."""


class ImapWatcher:
    """Keeps ``[imap] folder`` empty while the service runs."""

    def __init__(
        self,
        config: Config,
        intake: Intake,
        pipeline: Pipeline,
        executor: Executor,
        *,
        first_backoff: float = 1.0,
        max_backoff: float = 300.0,
    ) -> None:
        self.config = config
        self.password = imap_password(config)  # a missing variable stops `serve` at start
        self.receiver = Receiver(config, intake, pipeline)
        self.executor = executor
        self.first_backoff = first_backoff
        self.max_backoff = max_backoff
        self.halt = threading.Event()  # seen by the worker threads between messages
        self.idling = False
        """True while waiting in IDLE (tests wait for it before delivering new mail)."""
        self.passes = 0
        self.mailbox_class = Mailbox
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.stopping = asyncio.Event()
        self.task = asyncio.create_task(self._run(), name="mailer-imap")

    async def stop(self) -> None:
        """Finish the current step, log out and return (cancelling only if it hangs)."""
        if self.task is None:
            return
        self.halt.set()
        self.stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(self.task), self.config.imap.timeout_seconds + 5)
        except TimeoutError:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task

    async def _call(self, function: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.executor, function, *args)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), seconds)

    async def _run(self) -> None:
        imap = self.config.imap
        delay = self.first_backoff
        while not self.halt.is_set():
            mailbox: Mailbox | None = None
            try:
                mailbox = await self._call(self.mailbox_class.open, self.config, self.password)
                log.info("IMAP: watching %s on %s", imap.folder, imap.host)
                delay = self.first_backoff
                await self._watch(mailbox)
            except ImapLoginFailed as exc:
                log.error("IMAP: %s", exc)
                delay = self.max_backoff  # a wrong password does not get better by hammering
            except (ImapError, IMAPClientError, OSError, _Postponed) as exc:
                log.warning("IMAP: %s; trying again in %.0f s", exc, delay)
            except Exception:  # a bug of ours: log it, keep the service and the watcher alive
                log.exception("IMAP: unexpected error; trying again in %.0f s", delay)
            finally:
                self.idling = False
                if mailbox is not None:
                    await self._call(mailbox.close)
            if not self.halt.is_set():
                await self._sleep(delay)
                delay = min(delay * 2, self.max_backoff)

    async def _watch(self, mailbox: Mailbox) -> None:
        """Alternate passes over the folder with waiting for news, until stopped."""
        while not self.halt.is_set():
            report = await self._call(mailbox.process_waiting, self.receiver, self.halt)
            self.passes += 1
            if report.total:
                log.info("IMAP: %s", report)
            if report.stopped:
                raise _Postponed(f"could not store a message ({report.stopped})")
            if mailbox.can_idle:
                await self._idle(mailbox)
            else:
                await self._sleep(self.config.imap.poll_seconds)

    async def _idle(self, mailbox: Mailbox) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.config.imap.idle_seconds
        await self._call(mailbox.idle_start)
        self.idling = True
        try:
            while not self.halt.is_set() and loop.time() < deadline:
                if await self._call(mailbox.idle_wait, IDLE_SLICE):
                    break
        finally:
            self.idling = False
            await self._call(mailbox.idle_stop)


class _Postponed(Exception):
    """The database or spool refused a message: back off, the message waits in the folder."""


def watcher_for(
    config: Config, intake: Intake, pipeline: Pipeline, executor: Executor
) -> ImapWatcher | None:
    """A started watcher when ``[imap] enabled = true`` (call inside the event loop)."""
    if not config.imap.enabled:
        return None
    watcher = ImapWatcher(config, intake, pipeline, executor)
    watcher.start()
    return watcher
