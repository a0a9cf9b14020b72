"""A recap's or an invitation's language, from its function words, or None when it has none."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailer.parsing.recaps.language import language_of


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Had coffee with Anna this morning. Gave: my notes. Follow up in 2 weeks.", "en"),
        ("Ayer tomé un café con Anna. Di: mis notas. Seguimiento en 3 semanas.", "es"),
        ("Ahir vaig esmorzar amb l'Oriol. Li vaig donar les meves notes.", "ca"),
        ("Anna Ruiz <anna@example.com>", None),
        ("", None),
    ],
)
def test_language_of(text: str, language: str | None):
    assert language_of(text) == language


@given(st.text(max_size=300))
def test_any_text_gives_one_of_three_or_none(text: str):
    assert language_of(text) in ("en", "es", "ca", None)
