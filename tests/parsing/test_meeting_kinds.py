"""The kind of meeting a title or a sentence names, in English, Spanish and Catalan."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailer.parsing.meeting_kinds import KINDS_NAMED, kind_in


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Coffee with Anna", "coffee"),
        ("Invitation: Breakfast @ Wed 2 Dec", "breakfast"),
        ("Esta mañana he desayunado con Oriol", "breakfast"),
        ("Dinar amb la Marta", "lunch"),
        ("actually it was lunch, and follow up in two weeks", "lunch"),
        ("Cenamos en el Tickets", "dinner"),
        ("Unes copes amb en Pau", "drinks"),
        ("Zoom call with Pau", "video"),
        ("Llamada con Marc", "call"),
        ("Quarterly review", None),
    ],
)
def test_kind_in(text: str, kind: str | None):
    assert kind_in(text) == kind


@given(st.text(max_size=200))
def test_any_text_gives_a_kind_or_none(text: str):
    assert kind_in(text) in (*KINDS_NAMED, None)
