"""Deliveries stored at the same moment share one sync of their segment and one commit, and
every one of them is stored and reads back byte for byte."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import event, select

from mailer.api import Mailer
from mailer.inbound.spool import Spool
from mailer.inbound.store import Admitted, InboundStore
from mailer.models import InboundMessage
from tests.conftest import ALICE


def test_sixteen_senders_share_syncs_and_commits(mailer: Mailer, monkeypatch: pytest.MonkeyPatch):
    syncs: list[int] = []
    real_fdatasync = os.fdatasync

    def counting(fd: int) -> None:
        syncs.append(fd)
        real_fdatasync(fd)

    monkeypatch.setattr(os, "fdatasync", counting)
    commits: list[object] = []
    event.listen(mailer.engine, "commit", commits.append)
    _, user_id = mailer.user(ALICE)
    store = InboundStore(mailer.sessions, Spool(mailer.config.spool_dir))
    start = threading.Barrier(16)
    sent: dict[int, bytes] = {}

    def sender(number: int) -> None:
        start.wait()
        for message in range(20):
            data = f"Subject: {number}-{message}\r\n\r\nhello {'x' * message}\r\n".encode()
            admitted = Admitted(data, ALICE, ["invites@assistant.localhost"], user_id, None, "")
            sent[store.accept(admitted)] = data

    threads = [threading.Thread(target=sender, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(sent) == 320
    with mailer.sessions() as session:
        rows = session.execute(select(InboundMessage.id, InboundMessage.raw_path)).all()
    assert {row.id for row in rows} == set(sent)
    assert all(store.spool.read(row.raw_path) == sent[row.id] for row in rows)
    assert len(syncs) < 320  # shared, not one per message
    assert 0 < len(commits) < 320
