"""What the other person promised ("owed to you") is filed as an item of its own kind, and
``followups list --json`` shows that kind."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from mailer.db import transaction
from mailer.log.handling import Context
from mailer.log.recaps import file_action_items
from mailer.models import InboundMessage, Meeting
from mailer.parsing.types import ActionItem, ParsedMessage, Person, Recap
from tests.conftest import ALICE
from tests.messages import recap_message

MADRID = ZoneInfo("Europe/Madrid")
SENT = datetime(2026, 12, 2, 20, 0, tzinfo=MADRID)


def test_an_owed_item_is_filed_with_its_kind(mailer: Mailer):
    body = "Coffee with Anna Ruiz <anna@example.com> today."
    mailer.ingest(recap_message(body, sent=SENT), source="recap", now=SENT)
    user, user_id = mailer.user(ALICE)
    recap = Recap(
        met_on=SENT,
        people=(Person("anna@example.com", "Anna Ruiz"),),
        action_items=(ActionItem("owed", "her slides", due=date(2026, 12, 9)),),
    )
    with transaction(mailer.sessions) as session:
        meeting = session.query(Meeting).one()
        context = Context(session, mailer.config, user, user_id, session.get(InboundMessage, 1),
                          ParsedMessage(None, "", None), SENT)  # fmt: skip
        contacts = [a.contact for a in meeting.attendees]
        assert file_action_items(context, meeting, recap, contacts) == 1
        assert file_action_items(context, meeting, recap, contacts) == 0  # once
    [owed] = [f for f in mailer.followups(ALICE) if f["kind"] == "owed"]
    assert (owed["text"], owed["due"], owed["contact"]["email"]) == (
        "her slides",
        "2026-12-09",
        "anna@example.com",
    )
    assert owed["reason"] == "promised to you in a recap"
