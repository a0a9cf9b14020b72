"""A contact's keep-in-touch cadence prompts once when it runs out; new contact restarts it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from tests.conftest import ALICE
from tests.messages import ANNA, invite_ics, invite_message
from tests.outbound.sinks import maildir_messages

MADRID = ZoneInfo("Europe/Madrid")


def prompts(mailer: Mailer) -> list[str]:
    return [
        m.get_body(("plain",)).get_content()
        for m in maildir_messages(mailer.config.maildir)
        if "follow-up" in str(m["Subject"]) or str(m["Subject"]).startswith("Today:")
    ]


def test_cadence_runs_out_once_and_restarts_with_a_new_meeting(mailer: Mailer):
    mailer.add_contact(ANNA, name="Anna Ruiz", cadence_days=30)
    first = datetime(2026, 11, 2, 12, tzinfo=MADRID)
    ics = invite_ics(uid="a@x", start="20261102T100000", end="20261102T110000")
    mailer.ingest(invite_message(ics), source="past meeting", now=first)

    mailer.tick(datetime(2026, 11, 30, 10, tzinfo=MADRID))  # 28 days: not yet
    assert prompts(mailer) == []
    mailer.tick(datetime(2026, 12, 2, 10, tzinfo=MADRID))  # 30 days: prompted
    [prompt] = prompts(mailer)
    assert "Keep in touch with Anna Ruiz" in prompt
    mailer.tick(datetime(2026, 12, 3, 10, tzinfo=MADRID))  # once, not every day
    assert len(prompts(mailer)) == 1

    second = datetime(2026, 12, 10, 12, tzinfo=MADRID)
    ics = invite_ics(uid="b@x", start="20261210T100000", end="20261210T110000")
    mailer.ingest(invite_message(ics), source="new meeting", now=second)
    mailer.tick(datetime(2027, 1, 5, 10, tzinfo=MADRID))  # 26 days after: timer restarted
    assert len(prompts(mailer)) == 1
    mailer.tick(datetime(2027, 1, 9, 10, tzinfo=MADRID))  # 30 days after the new meeting
    assert len(prompts(mailer)) == 2
    assert next(c for c in mailer.contacts(ALICE) if c["email"] == ANNA)["cadence_days"] == 30
