"""Bug found while writing the cadence planner: a future meeting set "last interaction" ahead.

The keep-in-touch timer restarts at what we see happen, so logging next month's coffee today
counts as contact today, not next month.
"""

from __future__ import annotations

from mailer.api import Mailer
from tests.conftest import ALICE
from tests.messages import ANNA, invite_ics, invite_message


def test_an_invite_for_next_year_counts_as_contact_today(mailer: Mailer):
    from datetime import UTC, datetime

    today = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    ics = invite_ics(start="20270315T100000", end="20270315T110000")
    assert mailer.ingest(invite_message(ics), source="future", now=today).status == "processed"
    [anna] = [c for c in mailer.contacts(ALICE) if c["email"] == ANNA]
    assert anna["last_interaction"].startswith("2026-11-23")
