"""`mailer ingest FILE...` files what it stores a lot at a time, one transaction each, as
`mailer serve` files what it accepts: a year of invitations goes in at the server's speed, and a
bad file still fails alone."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import event

from mailer.api import Mailer
from mailer.cli import cli
from mailer.config import Config
from mailer.pipeline import LOT, Pipeline
from tests.conftest import ALICE, PINNED_NOW
from tests.messages import invite_ics, invite_message

NOT_AN_EVENT = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VTODO\r\nUID:todo-1\r\n"
    "SUMMARY:Only a task\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
)


def test_many_stored_messages_are_filed_in_one_transaction_per_lot(mailer: Mailer):
    intake = mailer.intake()
    ids = []
    for number in range(LOT + 4):
        data = invite_message(invite_ics(uid=f"year-{number}@example.com"))
        receipt = intake.receive(
            data, envelope_from=ALICE, envelope_to=["invites@assistant.localhost"]
        )
        assert receipt.inbound_id is not None
        ids.append(receipt.inbound_id)
    commits = []
    event.listen(mailer.engine, "commit", lambda *_: commits.append(1))
    outcomes = Pipeline(mailer.config, mailer.sessions).process_many(ids)
    assert [o.inbound_id for o in outcomes] == ids
    assert {o.status for o in outcomes} == {"processed"}
    assert len(commits) == 2  # LOT + 4 messages: two lots
    assert len(mailer.meetings(ALICE)) == LOT + 4


def test_the_command_files_every_file_and_a_bad_one_fails_alone(config: Config, tmp_path: Path):
    files = []
    for number in range(LOT + 2):
        ics = NOT_AN_EVENT if number == 5 else invite_ics(uid=f"file-{number}@example.com")
        path = tmp_path / f"{number:02}.eml"
        path.write_bytes(invite_message(ics))
        files.append(str(path))
    config_file = str(config.path)
    now = PINNED_NOW.isoformat()
    result = CliRunner().invoke(cli, ["--config", config_file, "--now", now, "ingest", *files])
    assert result.exit_code == 1, result.output
    assert result.output.count(": calendar: 1 created") == LOT + 1
    assert "05.eml: failed:" in result.output
    mailer = Mailer(config)
    try:
        assert len(mailer.meetings(ALICE)) == LOT + 1
    finally:
        mailer.engine.dispose()
