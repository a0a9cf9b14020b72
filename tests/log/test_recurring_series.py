"""A weekly series is logged occurrence by occurrence; one occurrence can move or be cancelled."""

from __future__ import annotations

from datetime import UTC, datetime

from mailer.api import Mailer
from mailer.config import Config
from mailer.pipeline import Pipeline
from tests.conftest import ALICE
from tests.messages import invite_ics, invite_message

UID = "weekly-lunch@example.com"
SERIES = invite_ics(
    uid=UID,
    summary="Weekly lunch",
    start="20261202T130000",
    end="20261202T140000",
    extra="RRULE:FREQ=WEEKLY;COUNT=6\r\nEXDATE;TZID=Europe/Madrid:20261216T130000",
)
MOVED = invite_ics(
    uid=UID,
    summary="Weekly lunch (moved)",
    start="20261224T140000",
    end="20261224T150000",
    sequence=1,
    extra="RECURRENCE-ID;TZID=Europe/Madrid:20261223T130000",
)


def _ingest(mailer: Mailer, ics: str, method: str = "REQUEST") -> None:
    message = invite_message(ics, method=method)
    store_and_process(mailer, message)


def store_and_process(mailer: Mailer, message: bytes) -> None:
    """Ingest as if on 2026-11-25, so the whole series lies inside the horizon."""
    from mailer.inbound.intake import Intake
    from mailer.inbound.spool import Spool
    from mailer.inbound.store import InboundStore

    config: Config = mailer.config
    store = InboundStore(mailer.sessions, Spool(config.spool_dir))
    receipt = Intake(config, store, mailer.user_ids).receive(
        message, envelope_from=ALICE, envelope_to=["x@assistant.localhost"]
    )
    clock = lambda: datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # noqa: E731
    outcome = Pipeline(config, mailer.sessions, clock=clock).process(receipt.inbound_id)
    assert outcome.status == "processed", outcome.detail


def test_each_occurrence_is_a_row_with_the_series_uid(mailer: Mailer):
    _ingest(mailer, SERIES)
    meetings = mailer.meetings(ALICE)
    assert [m["start"][:16] for m in meetings] == [
        "2026-12-02T13:00",
        "2026-12-09T13:00",
        "2026-12-23T13:00",
        "2026-12-30T13:00",
        "2027-01-06T13:00",
    ]
    assert {m["uid"] for m in meetings} == {UID}
    assert meetings[0]["recurrence_id"] == "2026-12-02T13:00:00+01:00"


def test_an_overridden_occurrence_moves_only_itself(mailer: Mailer):
    _ingest(mailer, SERIES)
    _ingest(mailer, MOVED)
    by_recurrence = {m["recurrence_id"][:16]: m for m in mailer.meetings(ALICE)}
    moved = by_recurrence["2026-12-23T13:00"]
    assert (moved["title"], moved["start"][:16]) == ("Weekly lunch (moved)", "2026-12-24T14:00")
    assert by_recurrence["2026-12-30T13:00"]["title"] == "Weekly lunch"


def test_cancelling_one_occurrence_keeps_the_rest(mailer: Mailer):
    _ingest(mailer, SERIES)
    cancel = invite_ics(
        uid=UID,
        method="CANCEL",
        sequence=1,
        summary="Weekly lunch",
        start="20261209T130000",
        end="20261209T140000",
        extra="RECURRENCE-ID;TZID=Europe/Madrid:20261209T130000\r\nSTATUS:CANCELLED",
    ).replace("STATUS:CONFIRMED\r\n", "")
    _ingest(mailer, cancel, method="CANCEL")
    statuses = {m["recurrence_id"][:10]: m["status"] for m in mailer.meetings(ALICE)}
    assert statuses["2026-12-09"] == "cancelled"
    assert [s for d, s in statuses.items() if d != "2026-12-09"] == ["planned"] * 4


def test_cancelling_the_series_cancels_every_occurrence(mailer: Mailer):
    _ingest(mailer, SERIES)
    cancel = (
        SERIES.replace("METHOD:REQUEST", "METHOD:CANCEL")
        .replace("SEQUENCE:0", "SEQUENCE:1")
        .replace("STATUS:CONFIRMED", "STATUS:CANCELLED")
    )
    _ingest(mailer, cancel, method="CANCEL")
    assert {m["status"] for m in mailer.meetings(ALICE)} == {"cancelled"}
    assert len(mailer.meetings(ALICE)) == 5
