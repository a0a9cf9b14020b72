"""A crash between storing a fetched message and moving it never processes it twice.

The message is still in the folder after such a crash, so the next run reads it again; it must
recognise it (by Message-ID and sender, or by its bytes when it has no Message-ID), finish what
was left, and move it, without a second inbound row, meeting or confirmation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailer.api import Mailer
from mailer.cli import cli
from mailer.config import Config, load_config
from mailer.inbound.imap import Mailbox, connect
from mailer.inbound.imap_receive import Receiver, Verdict
from mailer.pipeline import Outcome, Pipeline
from tests.conftest import BOB, write_config
from tests.inbound.dovecot import PASSWORD, Dovecot, dovecot, imap_section  # noqa: F401
from tests.messages import invite_message


class Crash(BaseException):
    """The process dying: nothing in the code under test catches a BaseException."""


class DiesBeforeMoving(Mailbox):
    def move(self, uid: int, verdict: Verdict) -> None:
        raise Crash


class DiesBeforeProcessing(Pipeline):
    def process_many(self, ids: Sequence[int]) -> list[Outcome]:  # what IMAP files with
        raise Crash


@pytest.fixture
def config(tmp_path: Path, database_url: str, dovecot: Dovecot, monkeypatch) -> Config:  # noqa: F811
    monkeypatch.setenv("MAILER_TEST_IMAP_PASSWORD", PASSWORD)
    return load_config(write_config(tmp_path, database_url, imap_section(dovecot)))


def without_message_id(data: bytes) -> bytes:
    stripped = re.sub(rb"(?im)^Message-ID:[^\r\n]*\r?\n", b"", data)
    assert stripped != data
    return stripped


def run_until_crash(config: Config, mailbox_class=Mailbox, pipeline_class=Pipeline) -> None:
    mailer = Mailer(config)
    mailbox = mailbox_class(connect(config), config)
    try:
        with pytest.raises(Crash):
            mailbox.process_waiting(
                Receiver(config, mailer.intake(), pipeline_class(config, mailer.sessions))
            )
    finally:
        mailbox.close()
        mailer.engine.dispose()


def fetch(config: Config) -> str:
    result = CliRunner().invoke(cli, ["--config", str(config.path), "imap", "fetch"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("shape", ["with Message-ID", "without Message-ID"])
def test_stored_and_processed_but_not_moved(config: Config, dovecot: Dovecot, shape: str):  # noqa: F811
    data = invite_message()
    dovecot.append(data if shape == "with Message-ID" else without_message_id(data))
    run_until_crash(config, mailbox_class=DiesBeforeMoving)
    mailer = Mailer(config)
    assert [r["status"] for r in mailer.inbound()] == ["processed"]
    assert len(dovecot.uids("INBOX")) == 1  # the crash left it in the folder

    assert "0 processed, 0 failed, 0 refused, 1 already stored" in fetch(config)
    assert dovecot.uids("INBOX") == []
    assert len(dovecot.uids("mailer-processed")) == 1
    assert [r["status"] for r in mailer.inbound()] == ["processed"]  # still one row
    assert len(mailer.meetings()) == 1
    assert [m["template"] for m in mailer.outbox()] == ["confirmation"]  # confirmed once


def test_stored_but_not_processed_is_finished_by_the_next_run(config: Config, dovecot: Dovecot):  # noqa: F811
    dovecot.append(invite_message())
    run_until_crash(config, pipeline_class=DiesBeforeProcessing)
    mailer = Mailer(config)
    assert [r["status"] for r in mailer.inbound()] == ["received"]

    assert "1 already stored" in fetch(config)
    assert [r["status"] for r in mailer.inbound()] == ["processed"]
    assert [m["title"] for m in mailer.meetings()] == ["Coffee with Anna"]
    assert len(dovecot.uids("mailer-processed")) == 1


def test_the_same_message_id_from_another_user_is_not_taken_for_it(
    config: Config,
    dovecot: Dovecot,  # noqa: F811
):
    """Bob redirecting the invitation Alice already sent is his own message, not a repeat."""
    first = invite_message()
    dovecot.append(first)
    fetch(config)
    message_id = re.search(rb"(?m)^Message-ID:[^\r\n]*", first).group(0)  # type: ignore[union-attr]
    bobs = re.sub(rb"(?m)^Message-ID:[^\r\n]*", message_id, invite_message(sender=BOB))
    dovecot.append(b"Return-Path: <bob@example.org>\r\n" + bobs)
    assert "1 processed, 0 failed, 0 refused, 0 already stored" in fetch(config)
    assert len(Mailer(config).meetings(BOB)) == 1
