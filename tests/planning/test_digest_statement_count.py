"""The digest is a fixed number of SQL statements: 100 contacts or 10,000, the same count."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import event

from mailer.api import Mailer
from mailer.log.digest_demo import add_history
from tests.conftest import ALICE, BOB

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 12, 20, 18, 0, tzinfo=MADRID)


def statements(mailer: Mailer, user: str) -> list[str]:
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(mailer.engine, "before_cursor_execute", record)
    try:
        digest = mailer.digest(user, now=NOW)
    finally:
        event.remove(mailer.engine, "before_cursor_execute", record)
    assert not digest.welcome
    return seen


def test_same_statements_for_100_and_10000_contacts(mailer: Mailer):
    for user, contacts, meetings in ((ALICE, 100, 1_000), (BOB, 10_000, 20_000)):
        _, user_id = mailer.user(user)
        with mailer.engine.begin() as connection:
            add_history(
                connection,
                user_id,
                contacts=contacts,
                meetings=meetings,
                years=3,
                now=NOW,
                zone=MADRID,
                seed=user_id,
            )
    small, large = statements(mailer, ALICE), statements(mailer, BOB)
    assert len(small) == len(large)
    assert [s.split()[0] for s in small] == [s.split()[0] for s in large]
    # thirteen: the eleven of the log, one for the week's photos (mailer/photos/digest.py) and
    # one for introductions (open ones, and those made this month, ranked and cut in one
    # statement: mailer/intros/queries.py); and PG's SET LOCAL jit
    assert sum(s.startswith(("SELECT", "WITH")) for s in small) == 13
