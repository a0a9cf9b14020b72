"""The digest, as sent, scores below 1.0 with SpamAssassin (a weekly email must not go to spam)."""

from __future__ import annotations

from mailer.api import Mailer
from tests.conftest import ALICE
from tests.outbound.sinks import maildir_messages
from tests.outbound.spamassassin import spam_score
from tests.planning.digest_week import NOW, seed


def test_digest_scores_below_one(mailer: Mailer):
    seed(mailer)
    mailer.tick(NOW)
    [digest] = [
        m
        for m in maildir_messages(mailer.config.maildir)
        if ALICE in str(m["To"]) and m["Subject"].startswith("Your week")
    ]
    score, details = spam_score(digest.as_bytes())
    assert score < 1.0, details
