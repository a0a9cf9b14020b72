"""What a promise to send is about, for the thank-you note's "As promised, I will send you"."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailer.parsing.promises import sent_object


@pytest.mark.parametrize(
    ("promise", "thing"),
    [
        ("send her my deck", "my deck"),
        ("Send Anna the slides from the talk", "the slides from the talk"),
        ("I will send him my deck on community building.", "my deck on community building"),
        ("share my notes on event formats", "my notes on event formats"),
        ("email the report to Pau by Friday", "the report"),
        ("Le mando mi presentación sobre comunidades", "mi presentación sobre comunidades"),
        ("enviarle el informe", "el informe"),
        ("enviar-li l'informe del projecte", "l'informe del projecte"),
        ("li passaré les notes", "les notes"),
        ("offered to e-introduce her to Pau", None),
        ("send", None),
    ],
)
def test_sent_object(promise: str, thing: str | None):
    assert sent_object(promise) == thing


@given(st.text(max_size=200))
def test_the_thing_is_part_of_the_promise(text: str):
    thing = sent_object(text)
    assert thing is None or (thing.strip() and thing in text)
