"""The durable spool: raw message bytes on disk, fsync'd before we answer 250.

A message is written to a temporary name, flushed and fsync'd, renamed into place and the folder
fsync'd, so after a crash a file under its final name is always complete. The database row that
points at it is committed after that, and only then does the client hear 250. Deliveries stored
at the same moment share the folder's fsync (:class:`FolderSync`): one fsync covers every file
renamed into the folder before it began.
"""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path


class SpoolError(OSError):
    """The spool folder cannot be written; check its permissions and free space."""


class FolderSync:
    """fsync a folder once for all the files that threads put in it meanwhile (group fsync).

    Each caller takes a ticket after its rename; whoever then holds the folder's lock fsyncs
    for every ticket issued so far, and callers whose ticket is already covered return at once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._issued: dict[Path, int] = {}
        self._covered: dict[Path, int] = {}
        self._folder_locks: dict[Path, threading.Lock] = {}

    def sync(self, folder: Path) -> None:
        with self._lock:
            ticket = self._issued[folder] = self._issued.get(folder, 0) + 1
            folder_lock = self._folder_locks.setdefault(folder, threading.Lock())
        with folder_lock:
            if self._covered.get(folder, 0) >= ticket:
                return  # an fsync that began after our rename has finished
            with self._lock:
                covering = self._issued[folder]
            _fsync_dir(folder)
            self._covered[folder] = covering


class Spool:
    """Raw messages under ``root/YYYY/MM/DD/<uuid>.eml``, paths stored relative to ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folders = FolderSync()

    def write(self, data: bytes, *, now: datetime | None = None) -> str:
        """Store ``data`` durably and return its path relative to the spool root."""
        day = (now or datetime.now(UTC)).strftime("%Y/%m/%d")
        relative = f"{day}/{uuid.uuid4().hex}.eml"
        final = self.root / relative
        temporary = final.with_suffix(".tmp")
        try:
            if not final.parent.is_dir():
                self._make_folder(final.parent)
            with open(temporary, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, final)
            self.folders.sync(final.parent)
        except OSError as exc:
            with contextlib.suppress(OSError):  # e.g. the spool's parent is a file: no folder
                temporary.unlink(missing_ok=True)
            raise SpoolError(exc.errno, f"cannot write to the spool {self.root}: {exc}") from exc
        return relative

    def _make_folder(self, folder: Path) -> None:
        """Create a day's folder, and fsync the folders whose entries that added, so the new
        folder itself survives a crash too."""
        created = [p for p in [folder, *folder.parents] if not p.exists()]
        folder.mkdir(parents=True, exist_ok=True)
        for path in created:
            _fsync_dir(path.parent)

    def read(self, relative: str) -> bytes:
        return (self.root / relative).read_bytes()

    def remove(self, relative: str) -> None:
        (self.root / relative).unlink(missing_ok=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
