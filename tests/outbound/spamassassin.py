"""Scoring a message with Debian's SpamAssassin, locally (``-L``: no network tests).

.ci/run installs spamassassin; elsewhere a test that needs it is skipped and says why, and under
CI (``CI`` set) its absence is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest


def spam_score(message: bytes) -> tuple[float, str]:
    """SpamAssassin's score for ``message``, and the rules that made it (for the failure)."""
    path = shutil.which("spamassassin")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("spamassassin is missing in CI: .ci/run installs Debian's spamassassin")
        pytest.skip("spamassassin is not installed (Debian: apt-get install spamassassin)")
    result = subprocess.run([path, "-L", "-t"], input=message, capture_output=True, timeout=120)
    report = result.stdout.decode("utf-8", "replace")
    match = re.search(r"X-Spam-Status: \w+, score=(-?[\d.]+)", report)
    assert match, report[-2000:]
    return float(match.group(1)), report.split("Content analysis details:")[-1][:2000]
