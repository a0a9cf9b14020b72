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


def _spamassassin() -> str:
    path = shutil.which("spamassassin")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("spamassassin is missing in CI: .ci/run installs Debian's spamassassin")
        pytest.skip("spamassassin is not installed (Debian: apt-get install spamassassin)")
    return path


def spam_scores(messages: list[bytes]) -> list[tuple[float, str]]:
    """The scores of many messages in one SpamAssassin run (``--mbox``: it loads its rules
    once, a second, then takes about 0.3 s a message), with their rule reports, in the order
    of ``messages``. SpamAssassin writes them back in an order of its own, so each is found
    again by its Message-ID (which must be unique)."""
    ids = [_message_id(message.decode("utf-8", "replace")) for message in messages]
    assert len(set(ids)) == len(ids), "each message needs a Message-ID of its own"
    mbox = b"".join(
        SEPARATOR.encode()
        + b"\n"
        + message.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From ")
        + b"\n"
        for message in messages
    )
    result = subprocess.run(
        [_spamassassin(), "-L", "-t", "--mbox"], input=mbox, capture_output=True, timeout=600
    )
    report = result.stdout.decode("utf-8", "replace")
    found = {}
    for chunk in report.split(SEPARATOR)[1:]:
        status = re.search(r"X-Spam-Status: \w+, score=(-?[\d.]+)", chunk)
        assert status, chunk[-2000:]
        details = chunk.split("Content analysis details:")[-1][:2000]
        found[_message_id(chunk)] = (float(status.group(1)), details)
    assert set(found) == set(ids), report[-2000:]
    return [found[message_id] for message_id in ids]


SEPARATOR = "From mailer@example.org Thu Dec  3 10:00:00 2026"


def _message_id(message: str) -> str:
    match = re.search(r"(?im)^Message-ID:\s*(<[^>]+>)", message)
    assert match, "a message without a Message-ID"
    return match.group(1)


def spam_score(message: bytes) -> tuple[float, str]:
    """SpamAssassin's score for ``message``, and the rules that made it (for the failure)."""
    result = subprocess.run(
        [_spamassassin(), "-L", "-t"], input=message, capture_output=True, timeout=120
    )
    report = result.stdout.decode("utf-8", "replace")
    match = re.search(r"X-Spam-Status: \w+, score=(-?[\d.]+)", report)
    assert match, report[-2000:]
    return float(match.group(1)), report.split("Content analysis details:")[-1][:2000]
