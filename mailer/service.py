"""The long-running assistant: SMTP server, processing worker and scheduler.

On start it migrates the database, mirrors the configured users and processes anything that was
received but not processed before (a crash right after a 250 loses nothing). Accepted messages
are read in a pool of child processes (:mod:`mailer.worker`, one per core), so that reading
them never makes an SMTP client wait, and filed in the order they arrived. A failure that
passes (a full disk, a locked or unreachable database) is retried with a growing pause by the
running server; past ``[inbound] max_backlog`` unread messages new mail gets 451 4.3.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from mailer.clock import Clock, system_clock
from mailer.config import Config
from mailer.db import create_db_engine, session_factory, transaction, upgrade
from mailer.inbound.guests import token_guests
from mailer.inbound.handler import InboundHandler, smtp_factory
from mailer.inbound.imap_watch import ImapWatcher, watcher_for
from mailer.inbound.intake import Intake, any_guest
from mailer.inbound.sender_auth import DnsLookup, SenderCheck
from mailer.inbound.spool import Spool
from mailer.inbound.store import InboundStore
from mailer.log.reminders import thread_guests
from mailer.log.users import sync_users
from mailer.outbound.addresses import OutboundAddresses
from mailer.outbound.setup import dispatcher_for
from mailer.pipeline import LOT, Outcome, Pipeline, Prepared, Transient
from mailer.planning.heartbeat import beat
from mailer.planning.run import plan_all
from mailer.readiness import notify
from mailer.worker import ProcessingWorker

if TYPE_CHECKING:
    from mailer.inbound.web_server import WebServer

log = logging.getLogger(__name__)
T = TypeVar("T")

DECIDING_THREADS = 16
"""Deliveries decided at once when deciding waits: on DNS (``[inbound] sender_auth``) or on the
database (a guest's token or thread, a stranger's refusal to record). A user's message with
``sender_auth`` off is decided in the event loop, and every accepted one is stored by the
spool's group commit (:mod:`mailer.inbound.group_commit`)."""


"""At most this many messages filed in one transaction (each in a savepoint of its own)."""
RETRY_FIRST_SECONDS = 0.5
RETRY_MAX_SECONDS = 30.0
"""A message whose processing failed for a reason that passes is tried again after half a
second, then after twice as long each time, at most every thirty seconds."""


def prepare(config: Config, engine: Engine | None = None) -> tuple[Engine, dict[str, int]]:
    """Migrate the database and mirror the users; shared by ``init``, ``serve`` and ``ingest``."""
    engine = engine or create_db_engine(
        config.database_url, busy_timeout_seconds=config.database.busy_timeout_seconds
    )
    upgrade(engine)
    with transaction(session_factory(engine)) as session:
        user_ids = sync_users(session, config)
    return engine, user_ids


@dataclass
class Service:
    """Everything ``mailer serve`` runs; ``start``/``stop`` make it usable from tests too."""

    config: Config
    engine: Engine | None = None
    clock: Clock = system_clock
    """Where the planner, the dispatcher and every stored row read "now"."""
    port: int | None = None
    queue: asyncio.Queue[int] = field(default_factory=asyncio.Queue)
    scheduler: AsyncIOScheduler = field(default_factory=AsyncIOScheduler)
    threads: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=4, thread_name_prefix="mailer")
    )
    """Every database call of the service runs here, so stopping can wait for all of them."""
    deciding: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(
            max_workers=DECIDING_THREADS, thread_name_prefix="mailer-decide"
        )
    )
    """Where deliveries whose decision waits on DNS or the database are decided."""
    backlog: int = field(default=0, init=False)
    """Messages accepted and not yet processed."""
    retrying: int = field(default=0, init=False)
    """Messages whose processing waits to be tried again (a full disk, a locked database)."""
    sender_dns: DnsLookup | None = None
    """How ``[inbound] sender_auth`` looks up DKIM keys (None: DNS; tests serve a dict)."""
    imap: ImapWatcher | None = field(default=None, init=False)
    """The ``[imap]`` mailbox watcher, when enabled."""
    web: WebServer | None = field(default=None, init=False)
    """The HTTP endpoint (unsubscribe, calendar feeds), when ``public_base_url`` is set."""
    web_address: tuple[str, int] | None = field(default=None, init=False)

    async def start(self) -> tuple[str, int]:
        loop = asyncio.get_running_loop()
        engine, user_ids = await loop.run_in_executor(
            self.threads, prepare, self.config, self.engine
        )
        self.engine = engine
        factory = session_factory(engine, self.clock)
        self.store = InboundStore(factory, Spool(self.config.spool_dir, clock=self.clock))
        self.pipeline = Pipeline(self.config, factory)
        intake = Intake(
            self.config,
            self.store,
            user_ids,
            guests=any_guest(
                token_guests(OutboundAddresses.from_config(self.config), factory),
                thread_guests(factory),
            ),
            sender_check=SenderCheck.from_config(self.config, self.sender_dns),
        )
        self.handler = InboundHandler(
            intake, self._stored, executor=self.deciding, busy=self.backlog_full
        )
        self.imap = watcher_for(self.config, intake, self.pipeline, self.threads)
        for inbound_id in await loop.run_in_executor(self.threads, self.store.pending):
            self._stored(inbound_id)
        self.processing = ProcessingWorker(self.config, self.clock)
        self.worker = asyncio.create_task(self._work(), name="mailer-pipeline")
        inbound = self.config.inbound
        self.server = await loop.create_server(
            smtp_factory(inbound, self.handler),
            host=inbound.host,
            port=inbound.port if self.port is None else self.port,
        )
        self._schedule(factory)
        self.scheduler.start()
        if self.config.outbound.public_base_url:
            from mailer.inbound.web import Endpoint  # aiohttp: only for those who use it
            from mailer.inbound.web_server import WebServer

            secret = OutboundAddresses.from_config(self.config).secret
            self.web = WebServer(Endpoint(factory, secret, self.threads), self.config.http)
            self.web_address = await self.web.start()
        host, port = self.server.sockets[0].getsockname()[:2]
        log.info("mailer listening for SMTP on %s:%s", host, port)
        return host, port

    def _schedule(self, factory: sessionmaker[Session]) -> None:
        """Planners and dispatcher on intervals; coalesced, so downtime sends what is due once."""
        dispatcher = dispatcher_for(self.config, factory)
        loop = asyncio.get_running_loop()

        async def plan() -> None:
            now = self.clock()
            try:
                await loop.run_in_executor(self.threads, plan_all, self.config, factory, now)
            except Exception as exc:
                log.exception("planning failed")
                await loop.run_in_executor(self.threads, beat, factory, "plan", now, repr(exc))
            else:
                await loop.run_in_executor(self.threads, beat, factory, "plan", now)

        async def dispatch() -> None:
            now = self.clock()
            try:
                report = await dispatcher.run_once(now)
            except Exception as exc:
                log.exception("dispatching failed")
                await loop.run_in_executor(self.threads, beat, factory, "dispatch", now, repr(exc))
                return
            await loop.run_in_executor(self.threads, beat, factory, "dispatch", now)
            if report.sent or report.failed:
                log.info("outbox: %s", report)

        # APScheduler's timers run on the machine's clock (when to look, not what is due);
        # each job reads what is due from self.clock. Both start at once.
        at_once = system_clock()
        options = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600}
        self.scheduler.add_job(
            plan, "interval", minutes=5, id="plan", next_run_time=at_once, **options
        )
        self.scheduler.add_job(
            dispatch, "interval", seconds=30, id="dispatch", next_run_time=at_once, **options
        )

    def _stored(self, inbound_id: int) -> None:
        self.backlog += 1
        self.queue.put_nowait(inbound_id)

    async def _work(self) -> None:
        """Read up to :attr:`ProcessingWorker.size` messages at once, one per worker process,
        and file them one at a time in the order they arrived: a reply is never filed before
        the invitation it answers, and SQLite has one writer anyway."""
        read: asyncio.Queue[tuple[int, asyncio.Task[Prepared | Outcome]]] = asyncio.Queue(
            maxsize=LOT
        )
        filing = asyncio.create_task(self._file_in_order(read), name="mailer-filing")
        try:
            while True:
                inbound_id = await self.queue.get()
                task = asyncio.create_task(self._retrying(self.processing.read, inbound_id))
                await read.put((inbound_id, task))
        finally:
            filing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await filing

    async def _file_in_order(
        self, read: asyncio.Queue[tuple[int, asyncio.Task[Prepared | Outcome]]]
    ) -> None:
        """File what was read in arrival order, as many at once as are ready (up to
        :data:`LOT`): one transaction, and one sync of the database, for the lot."""
        while True:
            lot = [await read.get()]
            while len(lot) < LOT and not read.empty():
                lot.append(read.get_nowait())
            try:
                await self._file_lot(lot)
            finally:
                for _ in lot:
                    self.backlog -= 1
                    self.queue.task_done()

    async def _file_lot(self, lot: list[tuple[int, asyncio.Task[Prepared | Outcome]]]) -> None:
        outcomes: list[Outcome] = []
        ready: list[Prepared] = []
        for inbound_id, reading in lot:
            try:
                outcome = await reading
            except Exception:  # the worker died, a bug: leave it received for the next start
                log.exception("could not read inbound message %s", inbound_id)
                continue
            if isinstance(outcome, Prepared):
                ready.append(outcome)
            else:
                outcomes.append(outcome)
        if ready:
            try:
                outcomes += await self._retrying(self.processing.apply, ready)
            except Exception:  # the worker died: leave them received for the next start
                log.exception("could not file inbound messages %s", [p.inbound_id for p in ready])
        for outcome in outcomes:
            log.info("inbound %s: %s %s", outcome.inbound_id, outcome.status, outcome.detail)

    async def _retrying(self, step: Callable[[Any], Awaitable[T]], argument: Any) -> T:
        """``step(argument)``, tried again with a growing pause while it fails for a reason
        that passes (:class:`Transient`: a full disk, a locked or unreachable database)."""
        pause, waited = RETRY_FIRST_SECONDS, False
        try:
            while True:
                try:
                    return await step(argument)
                except Transient as exc:
                    if not waited:
                        waited, self.retrying = True, self.retrying + 1
                    log.warning("processing waits %.1f s and tries again: %s", pause, exc)
                    await asyncio.sleep(pause)
                    pause = min(pause * 2, RETRY_MAX_SECONDS)
        finally:
            self.retrying -= waited

    def backlog_full(self) -> bool:
        """Whether new mail waits (451 4.3.1): ``[inbound] max_backlog`` messages accepted and
        not yet processed, so that the spool and memory stay bounded under a flood."""
        return self.backlog >= self.config.inbound.max_backlog

    async def drain(self) -> None:
        """Wait until every accepted message has been processed."""
        await self.queue.join()

    async def stop(self) -> None:
        if self.imap is not None:
            await self.imap.stop()
        self.server.close()
        await self.server.wait_closed()
        if self.web is not None:
            await self.web.stop()
        self.worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.worker
        await asyncio.get_running_loop().run_in_executor(None, self.processing.close)
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        # a cancelled job's thread may still be at work: wait for every one to finish
        await asyncio.get_running_loop().run_in_executor(None, self.threads.shutdown, True)
        await asyncio.get_running_loop().run_in_executor(None, self.deciding.shutdown, True)
        self.store.spool.close()
        if self.engine is not None:
            self.engine.dispose()

    async def serve_forever(self) -> None:
        """Serve until SIGTERM (what systemd, Docker and ``kill`` send) or Ctrl-C, then stop
        cleanly: the processing worker, its fork server and the scheduler end with us. Under
        systemd (``Type=notify``) readiness is reported once the SMTP port listens."""
        from mailer.inbound.web_server import raise_open_file_limit

        raise_open_file_limit()  # each HTTP and SMTP connection is an open file
        host, port = await self.start()
        stopping = asyncio.Event()
        with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows; not main thread
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
        notify(f"READY=1\nSTATUS=SMTP on {host}:{port}")  # a SIGTERM from now on stops cleanly
        try:
            await stopping.wait()
        finally:
            notify("STOPPING=1")
            await self.stop()
