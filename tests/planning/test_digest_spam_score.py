"""The digest, as sent, scores below 1.0 with SpamAssassin (a weekly email must not go to spam)."""

from __future__ import annotations

import re
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from tests.conftest import ALICE
from tests.outbound.sinks import maildir_messages
from tests.outbound.test_spam_scores import _spamassassin
from tests.planning.test_digest_sections import seed

NOW = datetime(2026, 12, 20, 18, 0, tzinfo=ZoneInfo("Europe/Madrid"))


def test_digest_scores_below_one(mailer: Mailer):
    spamassassin = _spamassassin()
    seed(mailer)
    mailer.tick(NOW)
    [digest] = [
        m
        for m in maildir_messages(mailer.config.maildir)
        if ALICE in str(m["To"]) and m["Subject"].startswith("Your week")
    ]
    result = subprocess.run(
        [spamassassin, "-L", "-t"], input=digest.as_bytes(), capture_output=True, timeout=120
    )
    report = result.stdout.decode("utf-8", "replace")
    match = re.search(r"X-Spam-Status: \w+, score=(-?[\d.]+)", report)
    assert match, report[-2000:]
    assert float(match.group(1)) < 1.0, report.split("Content analysis details:")[-1][:2000]
