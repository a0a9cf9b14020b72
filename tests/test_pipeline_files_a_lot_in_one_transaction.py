"""The pipeline files many messages in one transaction, each in a savepoint of its own: a bad
message fails alone, and the statements per message stay the same however many are filed.

Counted with SQLAlchemy's events (``before_cursor_execute``, ``commit``) on the real engine.
"""

from __future__ import annotations

from sqlalchemy import event

from mailer.api import Mailer
from mailer.pipeline import Pipeline, Prepared
from tests.conftest import ALICE
from tests.messages import invite_ics, invite_message

NOT_AN_EVENT = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VTODO\r\nUID:todo-1\r\n"
    "SUMMARY:Only a task\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
)


def _prepared(mailer: Mailer, pipeline: Pipeline, icses: list[str]) -> list[Prepared]:
    intake = mailer.intake()
    batch = []
    for ics in icses:
        receipt = intake.receive(
            invite_message(ics),
            envelope_from=ALICE,
            envelope_to=["invites@assistant.localhost"],
        )
        assert receipt.inbound_id is not None, receipt
        read = pipeline.read(receipt.inbound_id)
        assert isinstance(read, Prepared), read
        batch.append(read)
    return batch


def _counted(mailer: Mailer, pipeline: Pipeline, batch: list[Prepared]) -> tuple[int, int]:
    """(statements, commits) of filing ``batch``."""
    counts = {"statements": 0, "commits": 0}

    def statement(*_args: object) -> None:
        counts["statements"] += 1

    def commit(*_args: object) -> None:
        counts["commits"] += 1

    event.listen(mailer.engine, "before_cursor_execute", statement)
    event.listen(mailer.engine, "commit", commit)
    try:
        outcomes = pipeline.apply_many(batch)
    finally:
        event.remove(mailer.engine, "before_cursor_execute", statement)
        event.remove(mailer.engine, "commit", commit)
    assert {o.status for o in outcomes} == {"processed"}, outcomes
    return counts["statements"], counts["commits"]


def test_one_bad_message_fails_alone(mailer: Mailer):
    pipeline = Pipeline(mailer.config, mailer.sessions)
    icses = [invite_ics(uid="lot-1@example.com"), NOT_AN_EVENT, invite_ics(uid="lot-2@example.com")]
    outcomes = pipeline.apply_many(_prepared(mailer, pipeline, icses))
    assert [o.status for o in outcomes] == ["processed", "failed", "processed"]
    assert "no event" in outcomes[1].detail
    assert sorted(m["uid"] for m in mailer.meetings(ALICE)) == [
        "lot-1@example.com",
        "lot-2@example.com",
    ]
    statuses = {m["id"]: m["status"] for m in mailer.inbound(ALICE)}
    assert sorted(statuses.values()) == ["failed", "processed", "processed"]


def test_statements_per_message_stay_constant(mailer: Mailer):
    pipeline = Pipeline(mailer.config, mailer.sessions)
    _prepared(mailer, pipeline, [])  # nothing: the intake and its users exist
    small = _prepared(mailer, pipeline, [invite_ics(uid=f"small-{n}@x.org") for n in range(4)])
    large = _prepared(mailer, pipeline, [invite_ics(uid=f"large-{n}@x.org") for n in range(12)])
    small_statements, small_commits = _counted(mailer, pipeline, small)
    large_statements, large_commits = _counted(mailer, pipeline, large)
    assert small_commits == large_commits == 1  # one transaction for each lot
    per_message = (large_statements - small_statements) / (len(large) - len(small))
    assert small_statements <= per_message * len(small) + 10  # a few per lot, the rest per message
    # measured: 8.9 for a new meeting with one new contact (14 before the calendar and the
    # reply's text were read ahead, a contact was found and created in one query each, and
    # the claim returned its row)
    assert per_message <= 10
