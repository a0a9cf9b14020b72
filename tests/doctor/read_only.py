"""A folder this process cannot write to, even as root: a read-only file system mounted on it.

That is what a spool outside systemd's ``ReadWritePaths=`` looks like under
``ProtectSystem=strict``. Root ignores mode bits, so as root a read-only tmpfs is mounted over
the folder (and unmounted after); as anyone else, taking away the write bit does it.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.inbound.daemons import CI_VARIABLES


@contextmanager
def read_only(folder: Path) -> Iterator[str]:
    """``folder`` made unwritable; yields the reason the doctor should give."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield "Permission denied"
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        reason = f"cannot mount a read-only tmpfs as root here: {mounted.stderr.strip()}"
        if any(os.environ.get(variable) for variable in CI_VARIABLES):
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield "Read-only file system"
    finally:
        subprocess.run(["umount", str(folder)], check=True)
