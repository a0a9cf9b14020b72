"""Each contact's first done meeting (``contacts.first_met``) follows the log through a meeting
done by a recap, moved, cancelled, and both undone; planned meetings never count; the
migration fills it in for a log written before it existed. The digest's new-versus-met-again
counts trust this column, so after every step it must equal what the meetings say."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Connection, insert, select, text

from mailer.api import Mailer
from mailer.db import create_db_engine, upgrade
from mailer.models import Attendee, Contact, Meeting, User
from tests.conftest import ALICE
from tests.log.test_undo_a_filed_message import RECAP, confirmations, mail
from tests.messages import ANNA, invite_ics, invite_message
from tests.planning.digest_seed import History

MADRID = ZoneInfo("Europe/Madrid")
FORWARDED = datetime(2026, 12, 1, 10, 0, tzinfo=MADRID)
LATER = datetime(2026, 12, 1, 10, 30, tzinfo=MADRID)
UID = "first-met-1@example.com"


def stored(mailer: Mailer) -> dict[str, datetime | None]:
    with mailer.engine.connect() as connection:
        return {
            email: first
            for email, first in connection.execute(select(Contact.email, Contact.first_met))
        }


def from_the_log(mailer: Mailer) -> dict[str, datetime | None]:
    """Each contact's first done meeting, worked out from the meetings as listed."""
    first: dict[str, datetime | None] = {c["email"]: None for c in mailer.contacts(ALICE)}
    for meeting in mailer.meetings(ALICE):
        start = datetime.fromisoformat(meeting["start"])
        for person in meeting["attendees"] if meeting["status"] == "done" else []:
            earlier = first[person["email"]]
            first[person["email"]] = start if earlier is None else min(earlier, start)
    return first


def anna_first_met(mailer: Mailer) -> datetime | None:
    assert stored(mailer) == from_the_log(mailer)
    return stored(mailer)[ANNA]


def calendar(mailer: Mailer, subject: str, *, method: str = "REQUEST", **event: Any) -> None:
    """Alice forwards a version of the coffee with Anna (or of another meeting: ``uid``)."""
    ics = invite_ics(method=method, **{"uid": UID, **event})
    if method == "CANCEL":
        ics = ics.replace("STATUS:CONFIRMED\r\n", "STATUS:CANCELLED\r\n")
    message = invite_message(ics, method=method, subject=subject)
    result = mailer.ingest(message, source=subject, now=LATER)
    assert result.status == "processed", result.detail


def undo(mailer: Mailer, confirmation: EmailMessage) -> None:
    answer = mail("undo", in_reply_to=confirmation["Message-ID"])
    result = mailer.ingest(answer, source="undo", now=LATER)
    assert result.detail.startswith("undone"), result.detail


def test_done_moved_cancelled_and_undone(mailer: Mailer):
    calendar(mailer, "Coffee", start="20261201T090000", end="20261201T093000")
    calendar(mailer, "Later", uid="later@example.com", start="20261210T090000")  # planned
    assert anna_first_met(mailer) is None

    recap = mail(RECAP, to="recap@assistant.localhost", subject="Recap")
    mailer.ingest(recap, source="recap", now=LATER)  # the 9:00 coffee is done
    assert anna_first_met(mailer) == datetime(2026, 12, 1, 9, 0, tzinfo=MADRID)

    calendar(mailer, "Moved", sequence=1, start="20261202T120000", end="20261202T130000",
             dtstamp="20261121T100000Z")  # fmt: skip
    assert anna_first_met(mailer) == datetime(2026, 12, 2, 12, 0, tzinfo=MADRID)

    calendar(mailer, "Cancelled", sequence=2, method="CANCEL", dtstamp="20261122T100000Z")
    assert anna_first_met(mailer) is None

    mailer.tick(LATER)
    [cancel] = confirmations(mailer, "Cancelled")
    undo(mailer, cancel)  # done again, as it was moved
    assert anna_first_met(mailer) == datetime(2026, 12, 2, 12, 0, tzinfo=MADRID)

    [done] = confirmations(mailer, "Recap")
    undo(mailer, done)  # planned again: never met
    assert anna_first_met(mailer) is None


def _insert(connection: Connection, model: Any, **values: Any) -> int:
    return int(connection.scalar(insert(model.__table__).values(**values).returning(model.id)))


def test_the_migration_fills_in_a_log_written_before_it(database_url: str):
    engine = create_db_engine(database_url)
    try:
        upgrade(engine, "0004")
        with engine.begin() as connection:
            user = _insert(connection, User, email=ALICE)
            people = [
                _insert(connection, Contact, user_id=user, email=email, opted_out=False)
                for email in ("met@example.com", "planned@example.com")
            ]
            for day, status, person in ((3, "done", 0), (1, "cancelled", 0), (2, "planned", 1)):
                start = datetime(2026, 11, day, 10, tzinfo=UTC)
                meeting = _insert(
                    connection, Meeting, user_id=user, uid=f"m{day}", start=start, end=start,
                    status=status, recurrence_key="",
                )  # fmt: skip
                _insert(connection, Attendee, user_id=user, meeting_id=meeting,
                        contact_id=people[person])  # fmt: skip
        upgrade(engine)
        with engine.connect() as connection:
            rows = connection.execute(select(Contact.email, Contact.first_met).order_by(Contact.id))
            assert [tuple(row) for row in rows] == [
                ("met@example.com", datetime(2026, 11, 3, 10, tzinfo=UTC)),
                ("planned@example.com", None),
            ]
    finally:
        engine.dispose()


def test_two_writers_at_once_on_postgresql(mailer: Mailer):
    """Anna's first meeting is cancelled while a later one is marked done, in two transactions
    at once: the second to commit must count what the first committed."""
    if mailer.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    history = History(mailer, ALICE)
    anna = history.contact("Anna Ruiz")
    october = history.meeting(datetime(2026, 10, 1, 10, tzinfo=UTC), anna)
    november = history.meeting(datetime(2026, 11, 1, 10, tzinfo=UTC), anna, status="planned")

    def mark_done() -> None:
        with mailer.sessions() as session, session.begin():
            session.get_one(Meeting, november).status = "done"

    with mailer.sessions() as first, first.begin():
        first.get_one(Meeting, october).status = "cancelled"
        first.flush()  # Anna has no done meeting left, as this transaction sees it
        pid = first.scalar(text("SELECT pg_backend_pid()"))
        second = threading.Thread(target=mark_done)
        second.start()
        _wait_until_blocked_by(mailer, pid)
    second.join(timeout=30)
    assert stored(mailer)[history.email(anna)] == datetime(2026, 11, 1, 10, tzinfo=UTC)


def _wait_until_blocked_by(mailer: Mailer, pid: int) -> None:
    """Poll, each time in a new transaction: pg_stat_activity is read once per transaction."""
    blocked = text("SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))")
    for _ in range(300):
        with mailer.engine.connect() as connection:
            if connection.execute(blocked, {"pid": pid}).scalar():
                return
        time.sleep(0.01)
    raise AssertionError("the second transaction never waited for the first")
