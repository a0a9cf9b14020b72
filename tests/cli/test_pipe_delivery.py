"""``mailer ingest -`` under an MTA's pipe: the real console script, stdin, sysexits statuses.

Postfix (or a ``.forward`` line) reads only the exit status: 0 delivered, 75 keep the message and
retry, 77 / 67 / 65 bounce. Each status is produced here by the installed ``mailer`` script.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mailer.api import Mailer
from mailer.config import load_config
from mailer.inbound import replies
from mailer.inbound.exit_codes import exit_status
from tests.conftest import ALICE, write_config
from tests.messages import invite_message, plain_message
from tests.spooled import spooled_bytes

SCRIPT = Path(sys.executable).with_name("mailer")
INVITES = "invites@assistant.localhost"


def pipe(config_path: Path, data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run the console script as Postfix's pipe(8) would: argv, the message on stdin."""
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "mailer"]
    environment = {k: v for k, v in os.environ.items() if k != "MAILER_CONFIG"}
    return subprocess.run(
        [*command, "--config", str(config_path), "ingest", *args, "-"],
        input=data,
        capture_output=True,
        env=environment,
        timeout=120,
    )


def inbound_rows(config_path: Path) -> list[dict]:
    mailer = Mailer(load_config(config_path))
    try:
        with mailer.sessions() as session:
            from mailer.log.queries import list_inbound

            return list_inbound(session, None, mailer.config.users[0].zone)
    finally:
        mailer.engine.dispose()


def test_a_stored_invitation_exits_0(config_path: Path):
    done = pipe(config_path, invite_message(), "--from", ALICE, "--to", INVITES)
    assert done.returncode == os.EX_OK, done.stderr
    assert b"processed" in done.stdout
    meetings = Mailer(load_config(config_path)).meetings()
    assert [m["title"] for m in meetings] == ["Coffee with Anna"]


def test_a_message_not_understood_is_stored_exits_0_and_the_sender_is_told(config_path: Path):
    done = pipe(config_path, plain_message(body="no calendar here"), "--from", ALICE)
    assert done.returncode == os.EX_OK, done.stderr
    assert [r["status"] for r in inbound_rows(config_path)] == ["failed"]
    mailer = Mailer(load_config(config_path))
    assert [m["template"] for m in mailer.outbox()] == ["error_reply"]


def test_an_mbox_from_line_and_return_path_from_local_delivery_are_understood(config_path: Path):
    """Postfix's local(8) runs a .forward pipe with a "From " line and Return-Path, no argv."""
    data = b"From alice@example.com  Sat Nov 21 10:00:00 2026\n"
    data += b"Return-Path: <alice@example.com>\n" + invite_message()
    done = pipe(config_path, data)
    assert done.returncode == os.EX_OK, done.stderr
    assert [r["sender"] for r in inbound_rows(config_path)] == [ALICE]


def test_a_stranger_exits_77(config_path: Path):
    done = pipe(config_path, invite_message(sender="mallory@evil.example"), "--to", INVITES)
    assert done.returncode == os.EX_NOPERM
    assert b"550 5.7.1 Sender not allowed" in done.stderr
    assert b"mallory@evil.example" in done.stderr
    assert [r["status"] for r in inbound_rows(config_path)] == ["rejected"]


def test_a_borrowed_from_exits_77(config_path: Path):
    done = pipe(config_path, invite_message(sender="mallory@evil.example"), "--from", ALICE)
    assert done.returncode == os.EX_NOPERM
    assert b"are not the same user" in done.stderr


@pytest.mark.parametrize("recipient", ["someone@elsewhere.example", "no-at-sign"])
def test_an_unknown_recipient_exits_67_and_stores_nothing(config_path: Path, recipient: str):
    done = pipe(config_path, invite_message(), "--from", ALICE, "--to", recipient)
    assert done.returncode == os.EX_NOUSER
    assert done.stderr.startswith(b"mailer: 5")
    assert inbound_rows(config_path) == []


def test_too_big_or_empty_data_exits_65(config_path: Path):
    huge = invite_message(body="x" * 250_000)  # the test config's limit is 200,000 bytes
    done = pipe(config_path, huge, "--from", ALICE)
    assert done.returncode == os.EX_DATAERR
    assert b"552 5.3.4 Message too big: the limit is 200000 bytes" in done.stderr
    empty = pipe(config_path, b"")
    assert empty.returncode == os.EX_DATAERR
    assert b"no message on standard input" in empty.stderr
    assert inbound_rows(config_path) == []


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_database_that_is_down_exits_75_and_a_retry_stores_it(tmp_path: Path):
    down = f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/test"
    config_path = write_config(tmp_path, down)
    done = pipe(config_path, invite_message(), "--from", ALICE)
    assert done.returncode == os.EX_TEMPFAIL
    assert b"Traceback" not in done.stderr
    assert b"cannot migrate the database" in done.stderr
    assert spooled_bytes(tmp_path / "var" / "spool") == {}  # nothing half-stored
    # The MTA keeps the message and retries; once the database is back, it is stored.
    write_config(tmp_path, f"sqlite:///{tmp_path / 'mailer.db'}")
    again = pipe(config_path, invite_message(), "--from", ALICE)
    assert again.returncode == os.EX_OK, again.stderr
    assert [r["status"] for r in inbound_rows(config_path)] == ["processed"]


def test_a_locked_sqlite_database_exits_75_and_leaves_no_spool_file(tmp_path: Path):
    database = tmp_path / "mailer.db"
    config_path = write_config(tmp_path, f"sqlite:///{database}")
    assert pipe(config_path, plain_message(), "--from", ALICE).returncode == os.EX_OK
    spooled = spooled_bytes(tmp_path / "var" / "spool")
    assert sum(spooled.values()) > 0
    lock = sqlite3.connect(database, isolation_level=None)
    try:
        lock.execute("BEGIN EXCLUSIVE")  # a backup or another writer holding the database
        done = pipe(config_path, invite_message(), "--from", ALICE)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert done.returncode == os.EX_TEMPFAIL, done.stderr
    assert b"database is locked" in done.stderr
    assert spooled_bytes(tmp_path / "var" / "spool") == spooled
    again = pipe(config_path, invite_message(), "--from", ALICE)
    assert again.returncode == os.EX_OK, again.stderr
    assert len(inbound_rows(config_path)) == 2


def test_a_spool_that_cannot_be_written_exits_75(tmp_path: Path, database_url: str):
    (tmp_path / "not-a-folder").write_text("a file where the spool folder should be")
    config_path = write_config(tmp_path, database_url)
    text = config_path.read_text().replace(
        'domain = "assistant.localhost"',
        'domain = "assistant.localhost"\nspool = "not-a-folder/spool"',
    )
    config_path.write_text(text)
    done = pipe(config_path, invite_message(), "--from", ALICE)
    assert done.returncode == os.EX_TEMPFAIL
    assert b"annot store the message now" in done.stderr  # 451 4.3.0 Cannot store ...
    assert inbound_rows(config_path) == []


def test_a_broken_configuration_exits_75_so_no_mail_bounces(tmp_path: Path):
    config_path = tmp_path / "config.toml"
    config_path.write_text("[inbound]\nport = 'not a number'\n")
    done = pipe(config_path, invite_message(), "--from", ALICE)
    assert done.returncode == os.EX_TEMPFAIL
    assert b"inbound.port" in done.stderr


def test_every_named_reply_has_a_status_of_its_class():
    """The table covers each reply the intake gives; any other falls back on its class."""
    assert exit_status(replies.ACCEPTED_FOR_DELIVERY) == os.EX_OK
    assert exit_status(replies.STORAGE_UNAVAILABLE) == os.EX_TEMPFAIL
    assert exit_status(replies.SENDER_NOT_ALLOWED) == os.EX_NOPERM
    assert exit_status(replies.SENDER_MISMATCH) == os.EX_NOPERM
    assert exit_status(replies.NOT_OUR_DOMAIN.format(domain="a.example")) == os.EX_NOUSER
    assert exit_status(replies.MESSAGE_TOO_BIG.format(limit=10)) == os.EX_DATAERR
    for name, reply in replies.ALL.items():
        status = exit_status(reply)
        if reply.startswith("2"):
            assert status == os.EX_OK, name
        elif reply.startswith("4"):
            assert status == os.EX_TEMPFAIL, name  # the MTA must keep it and retry
        else:
            assert status not in (os.EX_OK, os.EX_TEMPFAIL), name
