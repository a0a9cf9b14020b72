"""The language a recap is written in: issue 14 answers the contact in it."""

from __future__ import annotations

import pytest

from mailer.parsing.recap import parse_recap
from tests.parsing.recaps import MADRID, WEDNESDAY_EVENING, read


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Coffee with Anna yesterday. She gave me a book.", "en"),
        ("Ayer tomé un café con Anna. Me recomendó un libro.", "es"),
        ("Ahir vaig fer un cafè amb l'Anna. Em va passar el contacte d'una editora.", "ca"),
    ],
)
def test_the_language_of_the_users_words(text: str, language: str):
    assert read(text).language == language


def test_our_prompts_english_subject_does_not_decide_it():
    recap = parse_recap(
        "Molt bé! Em va passar el contacte d'una editora.",
        subject="Re: How was Coffee with Marc?",
        sent_at=WEDNESDAY_EVENING,
        zone=MADRID,
    )
    assert recap.language == "ca"


def test_no_words_no_language():
    assert read("").language is None
