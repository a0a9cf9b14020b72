"""Bug found by the memory benchmark: every inbound message looks for queued reminders its reply
may cancel, and that read went through the user's whole outbox (sent confirmations, notes and
prompts, kept for ever), so reading a message got slower with every message ever filed: 37 % of
the worker's time after 20,000 messages. The read now goes through an index of its own.
"""

from __future__ import annotations

from sqlalchemy import text

from mailer.api import Mailer
from mailer.log.reminders import pending_reminders
from tests.conftest import ALICE

INDEX = "ix_outbox_messages_template_status_user"


def test_the_pending_reminders_query_uses_its_index(mailer: Mailer):
    _, user_id = mailer.user(ALICE)
    query = pending_reminders(user_id).compile(
        mailer.engine, compile_kwargs={"literal_binds": True}
    )
    with mailer.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {query}").all()
        else:  # PostgreSQL scans a small table whole; asked not to, it must find the index
            connection.execute(text("SET LOCAL enable_seqscan = off"))
            plan = connection.exec_driver_sql(f"EXPLAIN {query}").all()
    assert INDEX in " ".join(str(value) for row in plan for value in row), plan
