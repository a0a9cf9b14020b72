"""Deliveries stored at the same moment share their folder's fsync, and every one is stored."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from mailer.inbound import spool as spool_module
from mailer.inbound.spool import Spool


def test_sixteen_writers_share_folder_fsyncs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    synced: list[Path] = []
    real_fsync = spool_module._fsync_dir

    def counting(path: Path) -> None:
        synced.append(path)
        real_fsync(path)

    monkeypatch.setattr(spool_module, "_fsync_dir", counting)
    spool = Spool(tmp_path / "spool")
    start = threading.Barrier(16)
    written: dict[str, bytes] = {}

    def writer(number: int) -> None:
        start.wait()
        for message in range(20):
            data = f"Subject: {number}-{message}\r\n\r\nhello\r\n".encode()
            written[spool.write(data)] = data

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(written) == 320
    assert all(spool.read(path) == data for path, data in written.items())
    day_folder_syncs = [p for p in synced if p.name.isdigit() and len(p.name) == 2]
    assert len(day_folder_syncs) < 320  # shared, not one per message
