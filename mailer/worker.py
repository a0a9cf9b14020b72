"""The processing worker of `mailer serve`: stored messages go through the pipeline in a child
process, not in the process that answers SMTP.

Reading a forwarded invitation (MIME, iCalendar, recurrences, the log) costs ten to twenty times
what accepting it does. In the SMTP server's process it would hold the interpreter lock for
milliseconds at a time, and every client waiting for its 250 would wait for it too. In a child
process, at a lower priority (a nice of 10), it uses the second core when there is one and
yields to the SMTP server when there is not; the pipeline's claim (``received`` ->
``processed``) keeps each message processed once whichever process gets to it. The child is
replaced after ``[inbound] worker_max_messages`` messages, so that whatever a parser library
keeps in memory is given back, and when it dies, so a crash in a parser costs one message's
processing, which the next start picks up again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import select
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from mailer.clock import Clock, system_clock
from mailer.config import Config
from mailer.db import create_db_engine, session_factory
from mailer.pipeline import Outcome, Pipeline, Prepared

log = logging.getLogger(__name__)

NICENESS = 10
"""How much lower the workers' priority is than the SMTP server's: a nice of 10 weighs about a
tenth of the server's, so accepting keeps its core under a flood, and reading still gets a share
of a machine that is busy with something else."""

_pipeline: Pipeline | None = None
T = TypeVar("T")


def _start(config: Config, server_pid: int, clock: Clock) -> None:
    """Runs once in each worker process: its own engine and pipeline."""
    global _pipeline
    _end_with(server_pid)
    _yield_to_the_server()
    engine = create_db_engine(
        config.database_url, busy_timeout_seconds=config.database.busy_timeout_seconds
    )
    _pipeline = Pipeline(config, session_factory(engine, clock))


def _yield_to_the_server() -> None:
    """Run behind the server, not only on what it leaves. Linux's ``SCHED_IDLE`` (a weight of 3
    against a normal task's 1,024) was tried: on a machine busy with anything else (a backup, a
    build, three test workers on two cores) the workers got next to nothing, and 218 accepted
    messages were still unread a minute later. A nice value keeps them behind accepting and
    never starves them, which is the point of issue 20: the log keeps up, not only the 250.
    Measured (``python -m benchmarks endtoend``, idle): 45.9 logged per second, no 451 under
    the flood, p99 from 250 to logged 271 ms at half load."""
    with contextlib.suppress(OSError):  # not permitted: the server's own priority then
        os.nice(NICENESS)


def _end_with(server_pid: int) -> None:
    """End this worker when the server that feeds it is gone.

    A server killed with SIGKILL cannot shut its pool down, and a pool worker waits on its task
    queue for ever (it holds that pipe's other end itself); it would keep its database
    connections, and the fork server, which lives while any child of it does. A message being
    read at that moment stays ``received`` (its transaction never commits) for the next start.
    """

    def watch() -> None:
        try:
            handle = os.pidfd_open(server_pid)  # Linux: readable once the process has ended
        except (AttributeError, OSError):
            handle = None
        if handle is not None:
            select.select([handle], [], [])
        else:
            while _alive(server_pid):
                time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="mailer-server-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: ours is gone and the number reused
        return False
    return True


def _read(inbound_id: int) -> Prepared | Outcome:
    assert _pipeline is not None, "the worker was not started with _start"
    return _pipeline.read(inbound_id)


def _apply(batch: list[Prepared]) -> list[Outcome]:
    assert _pipeline is not None, "the worker was not started with _start"
    return _pipeline.apply_many(batch)


def _context() -> multiprocessing.context.BaseContext:
    """A fork server: started once, it forks each worker with the pipeline's modules already
    imported, so a replaced worker is ready in milliseconds (and the threaded server itself is
    never forked)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["mailer.worker"])
    return context


class ProcessingWorker:
    """Runs :meth:`Pipeline.read` and :meth:`Pipeline.apply` in a pool of child processes
    (``[inbound] workers``, default one per core), replacing a child as needed."""

    def __init__(self, config: Config, clock: Clock = system_clock) -> None:
        self.config = config
        self.clock = clock
        """The server's clock, handed to each child (it must pickle)."""
        self._pool: ProcessPoolExecutor | None = None
        self._tasks = 0
        self.size = config.inbound.workers or os.cpu_count() or 1
        """How many messages are read at once."""

    def _executor(self) -> ProcessPoolExecutor:
        """The pool, replaced (not each child: ``max_tasks_per_child`` hangs a pool of several
        children on Python 3.11 once one of them retires) after ``[inbound]
        worker_max_messages`` tasks; the old pool finishes what it was given, then ends."""
        if self._pool is not None and self._tasks >= self.config.inbound.worker_max_messages:
            retired, self._pool = self._pool, None
            retired.shutdown(wait=False)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.size,
                mp_context=_context(),
                initializer=_start,
                initargs=(self.config, os.getpid(), self.clock),
            )
            self._tasks = 0
        self._tasks += 1
        return self._pool

    async def read(self, inbound_id: int) -> Prepared | Outcome:
        """Read and parse one message in a child; a child that died is replaced and the
        message left ``received`` for the next start (the exception says so)."""
        return await self._run(_read, inbound_id)

    async def apply(self, batch: list[Prepared]) -> list[Outcome]:
        """File what :meth:`read` found for each of ``batch``, in one transaction, in a child."""
        outcomes: list[Outcome] = await self._run(_apply, batch)
        return outcomes

    async def process(self, inbound_id: int) -> Outcome:
        """Read and file one message."""
        read = await self.read(inbound_id)
        return read if isinstance(read, Outcome) else (await self.apply([read]))[0]

    async def _run(self, call: Callable[[T], Any], argument: T) -> Any:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor(), call, argument)
        except BrokenProcessPool:
            self.close()
            raise

    @property
    def pids(self) -> set[int]:
        """The worker processes alive now (none until the first message)."""
        processes = getattr(self._pool, "_processes", None) or {}
        return {process.pid for process in processes.values() if process.pid is not None}

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
