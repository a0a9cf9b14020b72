"""A brief and an about@ answer are a fixed number of SQL statements: 100 contacts or 10,000."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import event, select

from mailer.api import Mailer
from mailer.briefs.about import matches, story_of
from mailer.log.digest_demo import add_coffee, add_history
from mailer.models import Contact
from tests.conftest import ALICE, BOB

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 12, 15, 13, 0, tzinfo=MADRID)
"""07:00 in New York: both users' briefs of the day are due."""


class Counted:
    """Statements run on an engine while the block runs."""

    def __init__(self, mailer: Mailer) -> None:
        self.engine, self.seen = mailer.engine, []

    def record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.seen.append(statement.split()[0])

    def __enter__(self) -> list[str]:
        event.listen(self.engine, "before_cursor_execute", self.record)
        return self.seen

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self.record)


def seed(mailer: Mailer, user: str, contacts: int, meetings: int) -> list[int]:
    """A history, and coffee at 10:00 today with the three people met most."""
    _, user_id = mailer.user(user)
    with mailer.engine.begin() as connection:
        ids = add_history(connection, user_id, contacts=contacts, meetings=meetings, years=3,
                          now=NOW, zone=MADRID, seed=user_id)  # fmt: skip
        add_coffee(connection, user_id, NOW + timedelta(hours=3), ids[:3])
    return ids


def about(mailer: Mailer, user: str, contact_id: int) -> list[str]:
    config, user_id = mailer.user(user)
    with mailer.sessions() as session:
        name = session.scalar(select(Contact.name).where(Contact.id == contact_id))
        with Counted(mailer) as seen:
            assert matches(session, user_id, name)
            story = story_of(session, user_id, contact_id, NOW, config.zone)
    assert story["times"] > 0
    return seen


def test_same_statements_for_100_and_10000_contacts(mailer: Mailer):
    small_ids = seed(mailer, ALICE, 100, 1_000)
    large_ids = seed(mailer, BOB, 10_000, 20_000)
    counts = []
    for user in (ALICE, BOB):
        with Counted(mailer) as seen:
            [brief] = mailer.brief(user, now=NOW)
        assert len(brief.context["meetings"]) >= 1
        counts.append(seen)
    assert counts[0] == counts[1]
    # the upcoming meetings; contacts, their meetings, open items, introductions; other names
    assert sum(s in ("SELECT", "WITH") for s in counts[0]) == 6
    assert about(mailer, ALICE, small_ids[0]) == about(mailer, BOB, large_ids[0])
