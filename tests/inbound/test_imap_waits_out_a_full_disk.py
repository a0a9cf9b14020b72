"""``mailer imap fetch`` stores what it fetches, then files it a lot at a time; when filing meets
a failure that passes (a full disk, injected at the database layer), the messages stay in the
folder, stored, and the next fetch files and moves them, once each (issue 20)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mailer.api import Mailer
from mailer.cli import cli
from mailer.config import Config, load_config
from tests.conftest import PINNED_NOW, write_config
from tests.full_disk import break_the_disk, mend_the_disk
from tests.inbound.dovecot import PASSWORD, Dovecot, dovecot, imap_section  # noqa: F401
from tests.messages import invite_ics, invite_message

COUNT = 3


@pytest.fixture
def config(tmp_path: Path, database_url: str, dovecot: Dovecot, monkeypatch) -> Config:  # noqa: F811
    monkeypatch.setenv("MAILER_TEST_IMAP_PASSWORD", PASSWORD)
    return load_config(write_config(tmp_path, database_url, imap_section(dovecot)))


def fetch(config: Config, *, exit_code: int = 0) -> str:
    command = ["--config", str(config.path), "--now", PINNED_NOW.isoformat(), "imap", "fetch"]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == exit_code, result.output
    return result.output


def test_a_full_disk_leaves_them_in_the_folder_and_the_next_fetch_files_them(
    config: Config,
    dovecot: Dovecot,  # noqa: F811
):
    for number in range(COUNT):
        dovecot.append(invite_message(invite_ics(uid=f"imap-full-{number}@example.com")))
    mailer = Mailer(config)
    try:
        assert mailer.meetings() == []  # the database made before its disk "fills"
        break_the_disk(config)
        stopped = fetch(config, exit_code=1)
        assert "stopped early: stored; processing postponed (database error" in stopped
        assert "INSERT INTO" not in stopped  # why it waits, not the statement
        assert len(dovecot.uids("INBOX")) == COUNT  # stored, not filed: left where they were
        assert [r["status"] for r in mailer.inbound()] == ["received"] * COUNT

        mend_the_disk(config)
        again = fetch(config)
        assert f"0 processed, 0 failed, 0 refused, {COUNT} already stored" in again
        assert dovecot.uids("INBOX") == []
        assert len(mailer.meetings()) == COUNT
        assert [r["status"] for r in mailer.inbound()] == ["processed"] * COUNT  # one row each
    finally:
        mailer.engine.dispose()
