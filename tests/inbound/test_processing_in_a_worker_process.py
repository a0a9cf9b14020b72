"""`mailer serve` reads accepted messages in a child process, and replaces the child.

The SMTP server's process only accepts; a child process runs the pipeline, and is replaced
after ``[inbound] worker_max_messages`` messages (memory) or when it dies (a crash).
"""

from __future__ import annotations

import os
import smtplib
from pathlib import Path

from mailer.config import load_config
from tests.conftest import ALICE, RunningService, write_config
from tests.messages import invite_ics, invite_message


def _send(running: RunningService, number: int) -> None:
    uid = f"worker-{number}@example.com"
    with smtplib.SMTP(running.host, running.port) as client:
        client.sendmail(ALICE, ["invites@assistant.localhost"], invite_message(invite_ics(uid=uid)))


def test_messages_are_read_in_children_replaced_every_n(tmp_path: Path, database_url: str):
    config_path = write_config(tmp_path, database_url, "")
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text.replace("[inbound]\n", "[inbound]\nworker_max_messages = 2\n"))
    running = RunningService(load_config(config_path))
    try:
        children = set()
        for number in range(6):
            _send(running, number)
            running.drain()
            children |= running.service.processing.pids
        assert os.getpid() not in children
        assert len(children) >= 3  # six messages, a new child every two
    finally:
        running.stop()
    from mailer.api import Mailer

    mailer = Mailer(load_config(config_path))
    try:
        assert len(mailer.meetings(ALICE)) == 6
        assert {m["status"] for m in mailer.inbound(ALICE)} == {"processed"}
    finally:
        mailer.engine.dispose()
