"""The group commit: a lot that one item fails is retried item by item so the others go in; an
error no item escapes (the database is down) fails the whole lot at once, without N retries
that would each wait out the database's busy time-out."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import pytest

from mailer.inbound.group_commit import GroupCommit
from mailer.inbound.store import StorageDown, StorageUnavailable


class Writer:
    """Holds its first lot until released, so the next lot gathers every later item."""

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.lots: list[list[int]] = []
        self.first_started, self.release = threading.Event(), threading.Event()

    def __call__(self, lot: Sequence[int]) -> list[int]:
        self.lots.append(list(lot))
        if len(self.lots) == 1:
            self.first_started.set()
            self.release.wait(10)
            return [n * 10 for n in lot]
        if 13 in lot:
            raise self.error
        return [n * 10 for n in lot]


def _second_lot(writer: Writer) -> list:
    commit = GroupCommit(writer, fails_the_lot=(StorageDown,))
    first = commit.submit(0)
    assert writer.first_started.wait(10)
    later = [commit.submit(n) for n in range(10, 16)]
    writer.release.set()
    assert first.result(10) == 0
    for future in later:
        future.exception(10)  # wait for each
    return later


def test_an_item_the_database_refuses_fails_alone():
    writer = Writer(StorageUnavailable("database error: DataError"))
    later = _second_lot(writer)
    assert [f.result() for f in later if f.exception() is None] == [100, 110, 120, 140, 150]
    with pytest.raises(StorageUnavailable):
        later[3].result()
    assert writer.lots[1] == list(range(10, 16))  # one lot, then each alone
    assert writer.lots[2:] == [[n] for n in range(10, 16)]


def test_a_database_that_is_down_fails_the_lot_at_once():
    writer = Writer(StorageDown("database error: OperationalError"))
    later = _second_lot(writer)
    assert all(isinstance(f.exception(), StorageDown) for f in later)
    assert writer.lots[1:] == [list(range(10, 16))]  # no retries one by one
