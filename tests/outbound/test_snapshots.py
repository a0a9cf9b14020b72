"""Every message the assistant sends, rendered in English, Spanish and Catalan, is the one
checked in under tests/outbound/snapshots/: a change of wording shows up as a diff to review.

After changing a template on purpose, write the new snapshots and read the diff:

    MAILER_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/outbound/test_snapshots.py
    git diff tests/outbound/snapshots/
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from mailer.outbound.languages import LANGUAGES
from tests.outbound.rendering import render_sample
from tests.outbound.samples import SAMPLES

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = "MAILER_UPDATE_SNAPSHOTS"


def snapshot(name: str, language: str) -> str:
    rendered = render_sample(name, language)
    return (
        f"Subject: {rendered.subject}\n\n{rendered.text.rstrip()}\n\n"
        f"----- HTML -----\n{rendered.html.rstrip()}\n"
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_message_is_as_checked_in(name: str, language: str):
    path = SNAPSHOTS / f"{name}.{language}.txt"
    now = snapshot(name, language)
    if os.environ.get(UPDATE):
        path.write_text(now, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with {UPDATE}=1 and review it"
    assert now == path.read_text(encoding="utf-8"), f"{path.name} changed: run with {UPDATE}=1"


def test_no_snapshot_is_left_over():
    expected = {f"{name}.{language}.txt" for name in SAMPLES for language in LANGUAGES}
    assert {p.name for p in SNAPSHOTS.glob("*.txt")} == expected


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_an_address_in_the_html_is_text_not_a_tag(name: str):
    """A message's literal "<anna@...>" would be a tag, and the address would vanish (a link
    and an inline photo, src="cid:photo-...@domain", are tags with an @ in them)."""
    for language in LANGUAGES:
        html = render_sample(name, language).html
        assert not re.search(r"<(?!a |img src=\"cid:)[^<>]*@[^<>]*>", html), (name, language)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_no_shell_command_in_any_email(name: str):
    for language in LANGUAGES:
        rendered = render_sample(name, language)
        for part in (rendered.subject, rendered.text, rendered.html):
            assert "`" not in part and "mailer " not in part and "<code>" not in part
