"""The durable spool: raw message bytes on disk, fsync'd before we answer 250.

A message is written to a temporary name, flushed and fsync'd, renamed into place and the folder
fsync'd, so after a crash a file under its final name is always complete. The database row that
points at it is committed after that, and only then does the client hear 250.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path


class SpoolError(OSError):
    """The spool folder cannot be written; check its permissions and free space."""


class Spool:
    """Raw messages under ``root/YYYY/MM/DD/<uuid>.eml``, paths stored relative to ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, data: bytes, *, now: datetime | None = None) -> str:
        """Store ``data`` durably and return its path relative to the spool root."""
        day = (now or datetime.now(UTC)).strftime("%Y/%m/%d")
        relative = f"{day}/{uuid.uuid4().hex}.eml"
        final = self.root / relative
        temporary = final.with_suffix(".tmp")
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, final)
            _fsync_dir(final.parent)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise SpoolError(exc.errno, f"cannot write to the spool {self.root}: {exc}") from exc
        return relative

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
