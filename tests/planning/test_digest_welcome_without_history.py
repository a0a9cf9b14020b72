"""A user with no history gets a welcoming first digest, not an empty one."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from mailer.planning.digest_context import digest_context
from mailer.planning.digest_send import render_digest
from tests.conftest import ALICE
from tests.planning.digest_seed import History

NOW = datetime(2026, 12, 20, 18, 0, tzinfo=ZoneInfo("Europe/Madrid"))


def test_nothing_at_all_welcomes_and_explains_how_to_start(mailer: Mailer):
    digest = mailer.digest(ALICE, now=NOW)
    assert digest.welcome and digest.suggestions == []
    rendered = render_digest(mailer.config, digest)
    assert rendered.subject == "Welcome to the Slow Networking Challenge: your first weekly digest"
    for words in ("one meeting a week", "invite@assistant.localhost", "recap@assistant.localhost"):
        assert words in rendered.text and words in rendered.html
    assert "52 weeks to fill" in rendered.html and "Streak" not in rendered.text
    assert "#slownetworking" in rendered.text  # a first post to share


def test_contacts_but_no_meetings_get_a_first_person_to_invite(mailer: Mailer):
    history = History(mailer, ALICE)
    history.contact("Anna Ruiz", known_since=datetime(2025, 3, 1, tzinfo=UTC), company="Acme")
    context = digest_context(mailer.digest(ALICE, now=NOW))
    assert context["welcome"]
    [pick] = context["suggestions"]
    assert (pick["number"], pick["name"], pick["pick"]) == (1, "Anna Ruiz", True)
    assert pick["reason"] == {"why": "never", "known_since": "2025-03-01", "company": "Acme"}
    text = render_digest(mailer.config, mailer.digest(ALICE, now=NOW)).text
    assert "Never met yet (Acme); in your contacts since March 2025." in text
