"""Work submitted from many places at once is done a lot at a time: group commit.

Each SMTP delivery must have its bytes synced and its row committed before its 250. Done one
delivery at a time, that is one sync and one commit each, and the deliveries queue for the
database's write lock. Here a delivery adds its item to a list and gets a future; one writer
thread does whatever has gathered meanwhile in one go (one sync, one multi-row INSERT, one
commit), then the next lot. An item the lot fails on (say, a value the database cannot store) is
retried alone, so it can never fail the others with it; an error no item escapes (the database
is down) fails the lot at once.

The futures are :class:`concurrent.futures.Future`: a thread waits with ``result()``, the event
loop with ``asyncio.wrap_future``, and no thread is held while the lot is written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class GroupCommit(Generic[Item, Result]):
    """Runs ``write`` (a lot of items -> their results, in order) on what callers submit."""

    def __init__(
        self,
        write: Callable[[Sequence[Item]], Sequence[Result]],
        *,
        fails_the_lot: tuple[type[Exception], ...] = (),
    ) -> None:
        self.write = write
        self.fails_the_lot = fails_the_lot
        """Errors that no item could escape (a database that is down): the whole lot gets them
        at once, instead of each waiting its turn to fail alone."""
        self._lock = threading.Lock()
        self._pending: list[tuple[Item, Future[Result]]] = []
        self._writing = False

    def submit(self, item: Item) -> Future[Result]:
        """Queue ``item``; the future holds its result, or what ``write`` raised for it."""
        future: Future[Result] = Future()
        with self._lock:
            self._pending.append((item, future))
            start = not self._writing
            self._writing = True
        if start:  # the writer lives while there is work, and ends when there is none
            threading.Thread(target=self._write_all, name="mailer-group-commit").start()
        return future

    def run(self, item: Item) -> Result:
        """Submit ``item`` and wait for it; raises what ``write`` raised for it."""
        return self.submit(item).result()

    def _write_all(self) -> None:
        while True:
            with self._lock:
                lot, self._pending = self._pending, []
                if not lot:
                    self._writing = False
                    return
            lot = [p for p in lot if p[1].set_running_or_notify_cancel()]  # none cancelled now
            if not lot:
                continue
            try:
                self._settle(lot)
            except Exception as exc:
                if len(lot) == 1 or isinstance(exc, self.fails_the_lot):
                    for _, future in lot:
                        future.set_exception(exc)
                    continue
                for pending in lot:  # find the item that failed the lot; the rest go in
                    try:
                        self._settle([pending])
                    except Exception as alone:
                        pending[1].set_exception(alone)

    def _settle(self, lot: list[tuple[Item, Future[Result]]]) -> None:
        results = self.write([item for item, _ in lot])
        for (_, future), result in zip(lot, results, strict=True):
            future.set_result(result)
