"""Every message, in every language, as sent, scores below 1.0 with SpamAssassin (local tests,
no network). A thank-you note in the spam folder fails its user silently
(tests/outbound/spamassassin.py). The messages are those of the snapshots
(tests/outbound/samples.py), scored one language per run.
"""

from __future__ import annotations

import pytest

from mailer.outbound.languages import LANGUAGES
from tests.outbound.rendering import sample_message
from tests.outbound.samples import SAMPLES
from tests.outbound.spamassassin import spam_scores


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_scores_below_one(language: str):
    names = sorted(SAMPLES)
    scores = spam_scores([sample_message(name, language) for name in names])
    too_high = {
        name: (score, details)
        for name, (score, details) in zip(names, scores, strict=True)
        if score >= 1.0
    }
    assert not too_high, too_high
