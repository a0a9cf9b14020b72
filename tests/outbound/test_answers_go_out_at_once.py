"""Answers to the user's own messages go out at once, at any hour and past the hourly cap;
mail to contacts and planned prompts keep waiting for the sending window."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from tests.conftest import ALICE
from tests.messages import RECAP, recap_message
from tests.outbound.sinks import maildir_messages

MADRID = ZoneInfo("Europe/Madrid")
NIGHT = datetime(2026, 11, 23, 23, 10, tzinfo=MADRID)


def test_a_recap_sent_at_night_is_confirmed_in_the_same_tick(mailer: Mailer):
    result = mailer.ingest(recap_message(RECAP, sent=NIGHT), source="recap", now=NIGHT)
    assert result.status == "processed", result.detail
    mailer.tick(NIGHT)
    [confirmation] = [m for m in maildir_messages(mailer.config.maildir) if ALICE in m["To"]]
    assert confirmation["Date"].datetime == NIGHT
    [row] = [r for r in mailer.outbox(ALICE) if r["template"] == "confirmation"]
    assert row["status"] == "sent"


def test_the_thank_you_draft_still_waits_for_the_morning(mailer: Mailer):
    mailer.ingest(recap_message(RECAP, sent=NIGHT), source="recap", now=NIGHT)
    next_night = NIGHT + timedelta(days=1)  # the draft is due at 09:00; the window shut at 21:00
    mailer.tick(next_night)
    rows = {r["template"]: r for r in mailer.outbox(ALICE)}
    assert rows["confirmation"]["status"] == "sent"
    assert rows["thank_you"]["status"] == "queued"
    assert rows["thank_you"]["scheduled"].startswith("2026-11-25T08:00")


def test_answers_are_not_held_by_the_hourly_cap_and_use_none_of_it(tmp_path, database_url, clock):
    from mailer.config import load_config
    from tests.conftest import write_config

    config = load_config(write_config(tmp_path, database_url, "[outbound]\nmax_per_hour = 1\n"))
    mailer = Mailer(config, clock=clock)
    noon = datetime(2026, 11, 23, 12, 0, tzinfo=MADRID)
    for n in range(3):
        body = RECAP.replace("anna@example.com", f"anna{n}@example.com")
        mailer.ingest(recap_message(body, sent=noon), source=f"recap{n}", now=noon)
    mailer.invite("pau@example.org", name="Pau Vidal", now=noon)
    mailer.invite("marc@example.org", name="Marc Soler", now=noon)
    mailer.tick(noon)
    status = {}
    for row in mailer.outbox(ALICE):
        status.setdefault(row["template"], []).append(row["status"])
    assert status["confirmation"] == ["sent"] * 3
    assert sorted(status["challenge_invitation"]) == ["queued", "sent"]  # the cap: 1 an hour
    mailer.engine.dispose()
