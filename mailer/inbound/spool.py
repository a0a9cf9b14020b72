"""The durable spool: raw message bytes on disk, synced before we answer 250.

Messages are appended to segment files, ``root/YYYY/MM/DD/<uuid>.seg``, and each is named by a
reference ``YYYY/MM/DD/<uuid>.seg#<offset>+<length>``. A lot of messages arriving together is
appended with one ``write`` each and made durable with one ``fdatasync``: a file per message cost
an inode, a rename and an fsync of the file and its folder each, which was most of what the
server spent per delivery. The database rows that name the references are committed after the
sync, and only then does a client hear 250. A process killed in the middle of an append leaves
bytes at a segment's end that no row names; the next process starts a segment of its own, so
nothing is ever written after them. Older spools hold one ``.eml`` file per message; their
references are plain paths and are still read.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from mailer.clock import Clock, system_clock

SEGMENT_BYTES = 64 * 1024 * 1024
"""A segment is closed once it holds this much, so a backup copies many files of a bounded
size and a day's folder holds that day's mail."""
REFERENCE = re.compile(r"(?P<path>.+\.seg)#(?P<offset>\d+)\+(?P<length>\d+)")


class SpoolError(OSError):
    """The spool folder cannot be written; check its permissions and free space."""


class Segment:
    """One open segment file, appended to by one thread at a time."""

    def __init__(self, root: Path, day: str) -> None:
        self.day = day
        self.relative = f"{day}/{uuid.uuid4().hex}.seg"
        path = root / self.relative
        created = [p for p in [path.parent, *path.parent.parents] if not p.exists()]
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file: BinaryIO = open(path, "xb")  # noqa: SIM115  # closed by close()
        self.path = path
        self.size = 0
        for folder in {path.parent, *(p.parent for p in created)}:  # new entries survive a crash
            _fsync_dir(folder)

    def append(self, messages: Sequence[bytes]) -> list[str]:
        """Write ``messages`` after what is there and sync them once; their references."""
        references, start = [], self.size
        try:
            for data in messages:
                self.file.write(data)
                references.append(f"{self.relative}#{self.size}+{len(data)}")
                self.size += len(data)
            self.file.flush()
            os.fdatasync(self.file.fileno())
        except OSError:
            self.truncate(start)
            raise
        return references

    def truncate(self, size: int) -> None:
        """Forget what was appended from ``size`` on (nothing names it)."""
        with contextlib.suppress(OSError):
            self.file.flush()
        with contextlib.suppress(OSError):  # a full disk still lets a file shrink
            os.ftruncate(self.file.fileno(), size)
            self.file.seek(size)
            self.size = size

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.file.close()
        if self.size == 0:  # nothing in it was ever kept
            self.path.unlink(missing_ok=True)


class Spool:
    """Appends messages to segments under ``root`` and reads them back by reference."""

    def __init__(
        self, root: Path, *, segment_bytes: int = SEGMENT_BYTES, clock: Clock = system_clock
    ) -> None:
        self.root = root
        self.clock = clock
        """Which day's folder a message goes to."""
        self.segment_bytes = segment_bytes
        self._segment: Segment | None = None
        self._lock = threading.Lock()

    def append(self, messages: Sequence[bytes], *, now: datetime | None = None) -> list[str]:
        """Store ``messages`` durably (one sync for all); their references, in order."""
        day = (now or self.clock()).strftime("%Y/%m/%d")
        with self._lock:
            try:
                segment = self._segment_for(day)
                return segment.append(messages)
            except OSError as exc:
                self._close()  # the next lot starts a fresh segment
                raise SpoolError(
                    exc.errno, f"cannot write to the spool {self.root}: {exc}"
                ) from exc

    def write(self, data: bytes, *, now: datetime | None = None) -> str:
        """Store one message durably; its reference."""
        return self.append([data], now=now)[0]

    def discard(self, references: Sequence[str]) -> None:
        """Take back what :meth:`append` just stored when its rows could not be committed: if
        those bytes end the open segment, it is cut back to where they began."""
        spans = [_span(reference) for reference in references]
        with self._lock:
            segment = self._segment
            if segment is None or not spans or any(s[0] != segment.relative for s in spans):
                return
            ends = [end for _, _, end in spans if end is not None]  # None: a whole older file
            if len(ends) == len(spans) and max(ends) == segment.size:
                segment.truncate(min(start for _, start, _ in spans))
                if segment.size == 0:
                    self._close()

    def read(self, reference: str) -> bytes:
        """The bytes of one stored message (a segment reference, or an older spool's file)."""
        path, start, end = _span(reference)
        if end is None:
            return (self.root / path).read_bytes()
        with open(self.root / path, "rb") as handle:
            handle.seek(start)
            data = handle.read(end - start)
        if len(data) != end - start:
            raise OSError(f"{path} ends before byte {end} of a message stored in it")
        return data

    def close(self) -> None:
        with self._lock:
            self._close()

    def _segment_for(self, day: str) -> Segment:
        segment = self._segment
        if segment is None or segment.day != day or segment.size >= self.segment_bytes:
            self._close()
            segment = self._segment = Segment(self.root, day)
        return segment

    def _close(self) -> None:
        if self._segment is not None:
            self._segment.close()
            self._segment = None


def _span(reference: str) -> tuple[str, int, int | None]:
    """(path, start, end) of a segment reference; (path, 0, None) for an older spool's file."""
    match = REFERENCE.fullmatch(reference)
    if match is None:
        return reference, 0, None
    start = int(match["offset"])
    return match["path"], start, start + int(match["length"])


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
