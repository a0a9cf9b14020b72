"""The digest, as sent, scores below 1.0 with SpamAssassin in each language (a weekly email
must not go to spam)."""

from __future__ import annotations

import pytest

from mailer.api import Mailer
from mailer.outbound.languages import LANGUAGES
from tests.outbound.spamassassin import spam_score
from tests.planning.digest_week import sent_digest


@pytest.mark.parametrize("alice_language", LANGUAGES)
def test_digest_scores_below_one(mailer: Mailer, alice_language: str):
    score, details = spam_score(sent_digest(mailer).as_bytes())
    assert score < 1.0, details
