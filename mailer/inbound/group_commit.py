"""Rows inserted from many threads at once share one transaction: group commit.

Each SMTP delivery must have its row committed before its 250. One transaction per delivery
means one database write lock and one commit (an fsync on PostgreSQL) each; under load the
deliveries queue for the lock (SQLite takes one writer at a time and backs off by sleeping).
Here a delivery adds its row to a list and waits; one writer thread commits whatever has
gathered meanwhile in a single transaction, then the next lot. A row the database refuses
(say, a value it cannot store) is retried alone, so it can never fail the others with it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from concurrent.futures import Future
from typing import Any

from sqlalchemy import Engine, Table, insert

Pending = tuple[Mapping[str, Any], "Future[int]"]


class GroupCommit:
    """Inserts rows into ``table`` and returns their ids, batching concurrent callers."""

    def __init__(self, engine: Engine, table: Table) -> None:
        self.engine = engine
        self.table = table
        self._lock = threading.Lock()
        self._pending: list[Pending] = []
        self._writing = False

    def insert(self, values: Mapping[str, Any]) -> int:
        """Insert one row, committed when this returns; raises what the database raised."""
        future: Future[int] = Future()
        with self._lock:
            self._pending.append((values, future))
            start = not self._writing
            self._writing = True
        if start:  # the writer lives while there is work, and ends when there is none
            threading.Thread(target=self._write_all, name="mailer-group-commit").start()
        return future.result()

    def _write_all(self) -> None:
        while True:
            with self._lock:
                batch, self._pending = self._pending, []
                if not batch:
                    self._writing = False
                    return
            try:
                self._write(batch)
            except Exception as exc:
                if len(batch) == 1:
                    batch[0][1].set_exception(exc)
                    continue
                for pending in batch:  # find the row that failed the lot; the rest go in
                    try:
                        self._write([pending])
                    except Exception as alone:
                        pending[1].set_exception(alone)

    def _write(self, batch: list[Pending]) -> None:
        statement = insert(self.table).returning(self.table.c.id, sort_by_parameter_order=True)
        with self.engine.begin() as connection:  # one multi-row INSERT for the whole batch
            ids = connection.scalars(statement, [dict(values) for values, _ in batch]).all()
        for (_, future), row_id in zip(batch, ids, strict=True):
            future.set_result(row_id)
