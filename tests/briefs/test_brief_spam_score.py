"""The brief and the about@ answer, as sent, score below 1.0 with SpamAssassin in each language."""

from __future__ import annotations

import pytest

from mailer.api import Mailer
from mailer.outbound.languages import LANGUAGES
from tests.briefs.test_about_by_email import ask, asked
from tests.briefs.world import at, briefs, invite, log_lunch
from tests.outbound.spamassassin import spam_score


@pytest.mark.parametrize("alice_language", LANGUAGES)
def test_brief_and_story_score_below_one(mailer: Mailer, alice_language: str):
    log_lunch(mailer)
    invite(mailer, start="20261124T100000", now=at("2026-11-23T10:00"))
    mailer.tick(at("2026-11-24T07:00"))
    [brief] = briefs(mailer)
    for message in (brief, asked(mailer, ask("Anna Ruiz"))):
        score, details = spam_score(message.as_bytes())
        assert score < 1.0, details
