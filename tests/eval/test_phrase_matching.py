"""Phrases match when half the expected content words are in the predicted phrase, one to one."""

from __future__ import annotations

from eval.matching import content_words, one_to_one, phrase_matches
from tests.eval.builders import case, scored


def test_stop_words_of_the_language_carry_nothing():
    assert content_words("I'll send her the deck by Monday", "en") == ["send", "deck", "monday"]
    assert content_words("le voy a mandar el dossier", "es") == ["mandar", "dossier"]
    assert content_words("em va passar el contacte d'una editora", "ca") == [
        "passar",
        "contacte",
        "editora",
    ]


def test_a_phrase_of_stop_words_only_keeps_them():
    assert content_words("with her", "en") == ["with", "her"]


def test_half_of_the_content_words_is_enough_and_less_is_not():
    expected = "feedback on my pitch deck"  # feedback, pitch, deck
    assert phrase_matches(expected, "gave me great feedback on the pitch", "en")
    assert phrase_matches(expected, "I got feedback from him on my deck", "en")
    assert not phrase_matches(expected, "she liked my pitch", "en")


def test_accents_and_case_are_folded():
    assert phrase_matches(
        "el contacte d'una editora", "Em va passar el CONTACTE d’una Editora", "ca"
    )
    assert phrase_matches("mis apuntes del bootcamp", "mis apuntes del BOOTCAMP", "es")


def test_one_long_prediction_covers_one_expected_item():
    pairs = one_to_one(
        ["the deck", "the metrics"],
        ["I'll send her the deck and the metrics"],
        lambda e, p: phrase_matches(e, p, "en"),
    )
    assert len(pairs) == 1


def test_the_pairing_is_the_largest_not_the_first_found():
    expected = ["the deck", "the metrics"]
    predicted = ["the deck and the metrics", "the deck"]
    pairs = one_to_one(expected, predicted, lambda e, p: phrase_matches(e, p, "en"))
    assert pairs == [(0, 1), (1, 0)]


def test_gave_and_got_are_scored_apart():
    result = scored(
        case(gave=("my notes on event formats",), got=("two names for the board",)),
        gave=("notes on event formats",),
        got=("two names for the board", "a coffee"),
    )
    assert (result.tallies["gave"].correct, result.tallies["gave"].predicted) == (1, 1)
    assert (result.tallies["got"].correct, result.tallies["got"].predicted) == (1, 2)
