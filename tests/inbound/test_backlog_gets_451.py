"""Backpressure: past ``[inbound] max_backlog`` unread messages, new mail gets 451 4.3.1 (the
sender keeps it and retries), and is accepted again once the backlog has drained."""

from __future__ import annotations

import smtplib
from pathlib import Path

import pytest

from mailer.config import load_config
from mailer.inbound import replies
from tests.conftest import ALICE, RunningService, write_config
from tests.messages import invite_ics, invite_message


def _invite(number: int) -> str:
    return invite_message(invite_ics(uid=f"backlog-{number}@example.com"))


def test_mail_waits_while_the_backlog_is_full(tmp_path: Path, database_url: str):
    config_path = write_config(tmp_path, database_url)
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text.replace("[inbound]\n", "[inbound]\nmax_backlog = 2\n"))
    running = RunningService(load_config(config_path))
    try:
        running.service.backlog += 2  # as if two accepted messages waited to be read
        with smtplib.SMTP(running.host, running.port) as client:
            with pytest.raises(smtplib.SMTPDataError) as refused:
                client.sendmail(ALICE, ["invites@assistant.localhost"], _invite(1))
            assert refused.value.smtp_code == 451
            assert refused.value.smtp_error.decode() == replies.BACKLOG_FULL[4:]
            running.service.backlog -= 2  # drained
            client.sendmail(ALICE, ["invites@assistant.localhost"], _invite(2))
        running.drain()
        assert running.service.backlog == 0
    finally:
        running.stop()
