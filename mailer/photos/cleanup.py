"""Files follow their rows: written with a transaction, gone with it.

A photo's files are written while the transaction that adds its row is open, and a meeting's
rows can disappear in ways the ORM never sees (``undo`` deletes with Core statements; the
database cascades a meeting's photos). So files are reconciled with the rows when the
transaction ends, never before: a file this transaction wrote is removed if it rolls back, and
a file whose last row it removed is deleted once it commits (so a failed undo deletes nothing).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from mailer.models import Photo
from mailer.photos.store import PhotoStore


def forget_if_rolled_back(session: Session, store: PhotoStore, written: list[str]) -> None:
    """Delete ``written`` (files new to the folder) if the transaction they were written in
    rolls back: the message's own savepoint (one message of a batch failed alone) or any
    transaction around it. Kept once the outermost transaction commits."""
    if not written:
        return
    owner = session.get_nested_transaction() or session.get_transaction()
    line: list[SessionTransaction] = []  # the owner and the transactions around it
    while owner is not None:
        line.append(owner)
        owner = owner.parent
    if not line:  # no transaction open: nothing can roll the files back
        return
    outermost = line[-1]
    pending = [True]  # until the files are deleted or kept for good
    # (the listeners stay with the session, which lasts one batch: removing a listener while
    # the session dispatches an event is not allowed)

    def rolled_back(_session: Session, transaction: SessionTransaction) -> None:
        if pending and any(transaction is ours for ours in line):
            pending.clear()
            store.delete(written)

    def committed(_session: Session) -> None:
        if not outermost.is_active:  # the whole transaction, not a savepoint released
            pending.clear()

    event.listen(session, "after_soft_rollback", rolled_back)
    event.listen(session, "after_commit", committed)


def _files(session: Session, user_id: int) -> dict[str, set[str]]:
    rows = session.execute(
        select(Photo.sha256, Photo.original_path, Photo.resized_path).where(
            Photo.user_id == user_id
        )
    )
    files: dict[str, set[str]] = {}
    for sha256, original, resized in rows:
        files.setdefault(sha256, set()).update((original, resized))
    return files


@contextmanager
def files_follow_rows(session: Session, store: PhotoStore, user_id: int) -> Iterator[None]:
    """Around work that may delete photo rows (undo, deleting a meeting): the files of each
    photo no row names any more are deleted when the transaction commits."""
    before = _files(session, user_id)
    yield
    session.flush()
    after = _files(session, user_id)
    gone = [path for sha256, paths in before.items() if sha256 not in after for path in paths]
    if gone:
        event.listen(session, "after_commit", lambda _session: store.delete(gone), once=True)
