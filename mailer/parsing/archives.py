"""Calendars inside compressed attachments (``invite.ics.gz``, ``meeting.zip``), read bounded.

Some systems compress the .ics they attach. We read them, because dropping a calendar silently
is worse than a few lines of code, but never trust an archive's own sizes: every member is
decompressed in a stream that stops one byte past :data:`MAX_CALENDAR_BYTES`, the message as a
whole stops at :data:`MAX_DECOMPRESSED_BYTES`, only :data:`MAX_ARCHIVE_MEMBERS` zip members are
looked at, and archives inside archives are never opened. A zip bomb costs a few megabytes.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field

from mailer.parsing.limits import MAX_ARCHIVE_MEMBERS, MAX_CALENDAR_BYTES, MAX_DECOMPRESSED_BYTES

GZIP_TYPES = frozenset({"application/gzip", "application/x-gzip", "application/x-gunzip"})
ZIP_TYPES = frozenset({"application/zip", "application/x-zip-compressed", "application/x-zip"})
CALENDAR_SUFFIXES = (".ics", ".vcs", ".ical", ".icalendar")
MAX_ZIP_ENTRIES = 10_000
"""Reading a zip's directory costs time per entry, before we can look at a single member."""


class ArchiveTooLarge(ValueError):
    """A calendar in an archive expands beyond what we read; the message says which."""


def is_archive(content_type: str, filename: str) -> bool:
    return _kind(content_type, filename) is not None


def _kind(content_type: str, filename: str) -> str | None:
    if content_type in GZIP_TYPES or filename.endswith((".gz", ".gzip")):
        return "gzip"
    if content_type in ZIP_TYPES or filename.endswith(".zip"):
        return "zip"
    return None


@dataclass
class Decompressor:
    """Reads calendars out of one message's archives, within one shared byte budget."""

    budget: int = MAX_DECOMPRESSED_BYTES
    defects: list[str] = field(default_factory=list)

    def calendars(self, data: bytes, content_type: str, filename: str) -> list[bytes]:
        """The iCalendar objects in an archive; raises ArchiveTooLarge for one we cannot read."""
        name = filename or "the compressed attachment"
        if _kind(content_type, filename) == "gzip":
            inner = self._gunzip(data, name)
            return [inner] if inner is not None and b"BEGIN:VCALENDAR" in inner.upper() else []
        return self._unzip(data, name)

    def _take(self, name: str) -> int:
        """How many bytes we may decompress for one member (one more shows it is too big)."""
        if self.budget <= 0:
            raise ArchiveTooLarge(self._over_budget(name))
        return min(MAX_CALENDAR_BYTES + 1, self.budget)

    def _check(self, inner: bytes, limit: int, name: str) -> bytes:
        self.budget -= len(inner)
        if len(inner) < limit:
            return inner
        if limit <= MAX_CALENDAR_BYTES:
            raise ArchiveTooLarge(self._over_budget(name))
        raise ArchiveTooLarge(
            f"{name} expands beyond {MAX_CALENDAR_BYTES:,} bytes; the assistant reads "
            f"calendars of at most {MAX_CALENDAR_BYTES:,} bytes"
        )

    @staticmethod
    def _over_budget(name: str) -> str:
        return (
            f"{name}: the compressed attachments of this message expand beyond "
            f"{MAX_DECOMPRESSED_BYTES:,} bytes together; the assistant reads no more than that"
        )

    def _gunzip(self, data: bytes, name: str) -> bytes | None:
        limit = self._take(name)
        try:
            inner = zlib.decompressobj(wbits=47).decompress(data, limit)  # gzip or zlib header
        except zlib.error as exc:
            self.defects.append(f"{name} is not valid gzip data ({exc})")
            return None
        return self._check(inner, limit, name)

    def _unzip(self, data: bytes, name: str) -> list[bytes]:
        if data.count(b"PK\x01\x02") > MAX_ZIP_ENTRIES:  # central directory entries
            self.defects.append(f"{name} lists more than {MAX_ZIP_ENTRIES:,} files; not opened")
            return []
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            members = archive.infolist()[:MAX_ARCHIVE_MEMBERS]
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
            self.defects.append(f"{name} is not a readable zip archive ({exc})")
            return []
        found = []
        for member in members:
            if member.is_dir() or not member.filename.lower().endswith(CALENDAR_SUFFIXES):
                continue
            label = f"{name}: {member.filename}"
            limit = self._take(label)
            try:
                with archive.open(member) as stream:
                    inner = stream.read(limit)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError,
                    EOFError, zlib.error) as exc:  # fmt: skip
                self.defects.append(f"{label} cannot be decompressed ({exc})")
                continue
            found.append(self._check(inner, limit, label))
        return [c for c in found if b"BEGIN:VCALENDAR" in c.upper()]
