"""`mailer inbound reprocess ID|--failed`: stored messages through the pipeline again, idempotent.

A "parser upgrade" is played by processing a message first with no handlers (it fails as not
understood), then reprocessing it with the real ones. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from mailer.api import Mailer
from mailer.clock import PinnedClock
from mailer.config import load_config
from mailer.inbound.spool import Spool
from mailer.inbound.store import InboundStore
from mailer.models import ActionItem, Contact, InboundMessage, Meeting, OutboxMessage
from mailer.pipeline import Pipeline
from tests.conftest import ALICE
from tests.messages import invite_message, plain_message

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
IGNORED = frozenset({"updated_at", "processed_at"})
"""When a row was last written, not what it says."""


def _run(config_path: Path, *args: str) -> Result:
    from mailer.cli import cli

    return CliRunner().invoke(cli, ["--config", str(config_path), "inbound", "reprocess", *args])


def _stored(mailer: Mailer, data: bytes, to: str = "invites@assistant.localhost") -> int:
    """A message from Alice, stored as SMTP would (not processed yet)."""
    receipt = mailer.intake().receive(data, envelope_from=ALICE, envelope_to=[to])
    assert receipt.inbound_id is not None, receipt
    return receipt.inbound_id


def _old_parser(mailer: Mailer, inbound_id: int) -> None:
    """Process as a version that understood nothing did: the message fails."""
    outcome = Pipeline(mailer.config, mailer.sessions, handlers=[], clock=lambda: NOW).process(
        inbound_id
    )
    assert outcome.status == "failed"


def _snapshot(mailer: Mailer) -> list[Any]:
    """Everything a run could change (timestamps of row updates aside)."""
    rows = []
    with mailer.sessions() as session:
        for model in (Meeting, Contact, ActionItem, OutboxMessage, InboundMessage):
            for row in session.scalars(select(model).order_by(model.id)):
                columns = [c.key for c in model.__table__.columns]
                rows.append({k: str(getattr(row, k)) for k in columns if k not in IGNORED})
    return rows


@pytest.fixture
def mailer(config_path: Path, clock: PinnedClock):
    """Messages are stored as of NOW, so a re-run (as of arrival) is as of NOW too."""
    clock.set(NOW)
    instance = Mailer(load_config(config_path), clock=clock)
    yield instance
    instance.engine.dispose()


def test_failed_messages_are_filed_after_an_upgrade_and_a_second_run_changes_nothing(
    mailer: Mailer, config_path: Path
):
    invite = _stored(mailer, invite_message())
    _old_parser(mailer, invite)
    assert mailer.meetings(ALICE) == []
    first = _run(config_path, "--failed", "--json")
    assert first.exit_code == 0, first.output
    [row] = json.loads(first.output)
    assert (row["id"], row["before"], row["status"]) == (invite, "failed", "processed")
    assert row["detail"] == "calendar: 1 created"
    assert [m["title"] for m in mailer.meetings(ALICE)] == ["Coffee with Anna"]
    after_first = _snapshot(mailer)
    second = _run(config_path, "--failed")
    assert second.exit_code == 0 and "No failed messages" in second.output
    assert _snapshot(mailer) == after_first


def test_a_message_that_still_fails_fails_the_same_way_with_one_error_reply(
    mailer: Mailer, config_path: Path
):
    nobody = _stored(
        mailer, plain_message(body="Nothing to file here."), "recap@assistant.localhost"
    )
    Pipeline(mailer.config, mailer.sessions, clock=lambda: NOW).process(nobody)
    before = _snapshot(mailer)
    for _ in range(2):
        result = _run(config_path, "--failed", "--json")
        assert result.exit_code == 0, result.output
        assert [r["status"] for r in json.loads(result.output)] == ["failed"]
    assert _snapshot(mailer) == before
    with mailer.sessions() as session:
        replies = session.scalars(select(OutboxMessage.template)).all()
    assert replies == ["error_reply"]


def test_a_processed_message_runs_again_only_by_id_with_the_same_effects_once(
    mailer: Mailer, config_path: Path
):
    invite = _stored(mailer, invite_message())
    recap = _stored(
        mailer,
        plain_message(
            body="Had coffee with Anna Ruiz <anna@example.com> yesterday. "
            "I'll send her the deck. Follow up in 2 weeks."
        ),
        "recap@assistant.localhost",
    )
    for inbound_id in (invite, recap):
        Pipeline(mailer.config, mailer.sessions, clock=lambda: NOW).process(inbound_id)
    before = _snapshot(mailer)
    assert "No failed messages" in _run(config_path, "--failed").output
    assert _snapshot(mailer) == before
    for _ in range(2):
        result = _run(config_path, str(invite), str(recap), "--json")
        assert result.exit_code == 0, result.output
        assert [r["status"] for r in json.loads(result.output)] == ["processed", "processed"]
        assert _without_summaries(_snapshot(mailer)) == _without_summaries(before)


def test_a_command_that_means_nothing_any_more_stays_as_it_was(mailer: Mailer, config_path: Path):
    remind = _stored(mailer, plain_message(subject="Lunch?"), "3days@assistant.localhost")
    cancel = _stored(mailer, plain_message(subject="Re: Lunch?", body="cancel"),
                     "cancel@assistant.localhost")  # fmt: skip
    for inbound_id in (remind, cancel):
        assert Pipeline(mailer.config, mailer.sessions, clock=lambda: NOW).process(
            inbound_id
        ).status == "processed"  # fmt: skip
    before = _snapshot(mailer)
    result = _run(config_path, str(cancel), "--json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    assert row["status"] == "processed" and row["detail"].startswith("unchanged: ")
    assert _snapshot(mailer) == before


def test_a_received_message_is_simply_processed(mailer: Mailer, config_path: Path):
    pending = _stored(mailer, invite_message())
    result = _run(config_path, str(pending), "--json")
    assert json.loads(result.output)[0]["status"] == "processed"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((), "give --failed"),
        (("999",), "no inbound message 999"),
    ],
)
def test_usage_problems_exit_2(config_path: Path, args: tuple[str, ...], words: str):
    result = _run(config_path, *args)
    assert result.exit_code == 2 and words in result.output


def test_a_rejected_message_has_nothing_to_run(mailer: Mailer, config_path: Path):
    store = InboundStore(mailer.sessions, Spool(mailer.config.spool_dir))
    rejected = store.record_rejection(
        envelope_from="x@evil.example", envelope_to=["a@b"], reason="stranger",
        message_id=None, subject="", size=1,
    )  # fmt: skip
    result = _run(config_path, str(rejected))
    assert result.exit_code == 2 and "bytes were not kept" in result.output


def _without_summaries(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k != "summary"} for row in rows]
