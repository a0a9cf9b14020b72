"""What the spool holds on disk, for tests that check a refused message left nothing behind."""

from __future__ import annotations

from pathlib import Path


def spooled_bytes(spool: Path) -> dict[Path, int]:
    """Every file under ``spool`` with its size (a segment keeps its name as it grows)."""
    return {p: p.stat().st_size for p in spool.rglob("*") if p.is_file()}
