"""Where the files of photos live: ``[photos] folder``/USER/ab/abcdef….jpg, by content hash.

Each user has a folder of their own (tenancy holds on disk too: nothing of one user's is
ever a path under another's). A file is written whole or not at all (a temporary name, fsync,
rename), so a crash never leaves half a photo under a name the log refers to. The database
keeps paths relative to the folder, so a restored backup in another folder finds them all.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

RESIZED_SUFFIX = "-1600.jpg"
PRIVATE = 0o600
"""A photo is the user's own: readable by the user that runs the assistant only."""


class PhotoPathError(ValueError):
    """A stored path that leads outside the photos folder: the row was not written by us."""


class PhotoStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def relative_paths(self, user_id: int, sha256: str, original_suffix: str) -> tuple[str, str]:
        """(original, resized) of the photo ``sha256`` of user ``user_id``, relative to root."""
        folder = f"{user_id}/{sha256[:2]}"
        return f"{folder}/{sha256}.{original_suffix}", f"{folder}/{sha256}{RESIZED_SUFFIX}"

    def path(self, relative: str) -> Path:
        """The absolute path of a stored file, refusing one that would leave the folder."""
        root = self.root.resolve()
        path = (root / relative).resolve()
        if root not in path.parents:
            raise PhotoPathError(f"{relative!r} is not a path inside {root}")
        return path

    def write(self, relative: str, data: bytes) -> bool:
        """Write ``data`` at ``relative``; False when the file was there already (the same
        photo, written the same way, so it is kept as it is)."""
        path = self.path(relative)
        if path.is_file() and path.stat().st_size == len(data):
            return False
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        return True

    def read(self, relative: str) -> bytes:
        return self.path(relative).read_bytes()

    def delete(self, relatives: Iterable[str]) -> None:
        """Remove these files (and their folders once empty); a file already gone is fine."""
        for relative in relatives:
            path = self.path(relative)
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            for folder in (path.parent, path.parent.parent):
                with contextlib.suppress(OSError):  # not empty, or gone: leave it
                    folder.rmdir()
