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
    """Delete ``written`` (files new to the folder) if ``session``'s transaction rolls back."""
    if not written:
        return
    pending = [True]  # until the transaction ends, one way or the other

    def rolled_back(_session: Session, transaction: SessionTransaction) -> None:
        if pending and transaction.parent is None:  # the whole transaction, not a savepoint
            pending.clear()
            store.delete(written)

    event.listen(session, "after_soft_rollback", rolled_back)
    event.listen(session, "after_commit", lambda _session: pending.clear(), once=True)


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
