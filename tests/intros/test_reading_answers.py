"""The asked person's answer, read from its first lines in English, Spanish or Catalan:
yes, no, or unclear (which goes to the user); and the user's commands."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailer.intros.answers import ask_command, says, verdict, words

YES = ["Yes", "Sure, happy to!", "encantada", "i tant!", "Sí, claro", "Por supuesto 🙂",
       "No problem at all, go ahead", "Per descomptat!", "D'acord", "Hi Alice,\n\nYes, happy "
       "to!\n\nBest,\nJordi", "Sure\n\nOn Mon, 23 Nov 2026, Alice wrote:\n> not now?"]  # fmt: skip
NO = ["not now", "No, sorry", "ara no puc", "Lo siento, ahora no puedo", "Millor no.",
      "I'd rather not, thanks", "No gracias"]  # fmt: skip
UNCLEAR = ["Yes, but not now", "Who is she?", "", "Let me think about it", "Hmm."]


@pytest.mark.parametrize("text", YES)
def test_yes(text: str):
    assert verdict(text) == "yes"


@pytest.mark.parametrize("text", NO)
def test_no(text: str):
    assert verdict(text) == "no"


@pytest.mark.parametrize("text", UNCLEAR)
def test_unclear(text: str):
    assert verdict(text) == "unclear"


def test_the_word_lists_are_in_three_languages_and_apart():
    assert set(words()) == {"yes", "no", "nudge", "drop"}
    assert not set(words()["yes"]) & set(words()["no"])


PUNCTUATION = st.text(alphabet=st.characters(categories=["Zs", "P"]), max_size=5)


@given(st.sampled_from(YES[:9]), PUNCTUATION)
def test_a_yes_with_punctuation_around_is_a_yes(text: str, noise: str):
    assert verdict(f"{noise}{text}{noise}") == "yes"


@given(st.text(max_size=400))
def test_every_answer_is_one_of_three(text: str):
    assert verdict(text) in {"yes", "no", "unclear"}
    ask_command(text)
    says(text, "nudge")


@pytest.mark.parametrize(
    ("line", "command"),
    [
        ("ask Marta first", ("first", "Marta")),
        ("Ask Jordi Vila first.", ("first", "Jordi Vila")),
        ("ask both", ("both", "")),
        ("pregunta primero a Marta", ("first", "Marta")),
        ("pregunta a los dos", ("both", "")),
        ("pregunta primer a la Marta", ("first", "Marta")),
        ("pregunta a tots dos", ("both", "")),
        ("send", None),
    ],
)
def test_the_users_ask_commands(line: str, command: tuple[str, str] | None):
    assert ask_command(line) == command


def test_nudge_and_drop_in_three_languages():
    assert all(says(w, "nudge") for w in ("nudge", "recordar", "recorda-li"))
    assert all(says(w, "drop") for w in ("Drop it!", "déjalo", "deixa-ho"))
    assert not says("nudge him gently, and tell him why", "nudge")
