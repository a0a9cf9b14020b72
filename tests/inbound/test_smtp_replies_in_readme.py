"""The README's table of SMTP replies is exactly the set named in mailer.inbound.replies."""

from __future__ import annotations

import re
from pathlib import Path

from mailer.inbound import replies

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _operating_it() -> str:
    match = re.search(r"^## Operating it\n(.*?)(?=^## )", README, re.S | re.M)
    assert match, "README has no '## Operating it' section"
    return match.group(1)


def test_the_readme_explains_every_reply_and_only_those():
    table = re.findall(r"^\| `(\d{3} [^`]+)` \| (.+) \|$", _operating_it(), re.M)
    explained = [reply for reply, meaning in table if meaning.strip()]
    assert len(explained) == len(set(explained)), "a reply is listed twice"
    assert set(explained) == set(replies.ALL.values())


def test_aiosmtpds_wordings_all_map_onto_named_replies():
    ours = set(replies.ALL.values())
    assert set(replies.BUILTIN.values()) <= ours
    assert set(replies.BUILTIN_PREFIXES.values()) <= ours
