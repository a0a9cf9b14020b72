"""Meeting date, kind and place: one value each, exact (the place without article or accents)."""

from __future__ import annotations

from datetime import date

from eval.matching import places_match
from tests.eval.builders import case, scored


def test_the_right_date_is_correct_and_a_wrong_one_costs_twice():
    right = scored(case(meeting_date=date(2026, 12, 1)), meeting_date=date(2026, 12, 1))
    wrong = scored(case(meeting_date=date(2026, 12, 1)), meeting_date=date(2026, 12, 2))
    assert right.tallies["meeting_date"].correct == 1
    tally = wrong.tallies["meeting_date"]
    assert (tally.expected, tally.predicted, tally.correct) == (1, 1, 0)
    assert [(m.expected, m.got) for m in wrong.misses] == [("2026-12-01", "2026-12-02")]


def test_a_missing_value_is_a_miss_and_nothing_invented():
    result = scored(case(kind="lunch"))
    tally = result.tallies["kind"]
    assert (tally.expected, tally.predicted, tally.invented) == (1, 0, 0)
    assert [(m.field, m.expected, m.got) for m in result.misses] == [("kind", "lunch", "—")]


def test_a_value_where_the_text_says_none_is_invented():
    result = scored(case(), meeting_date=date(2026, 12, 2), kind="coffee", place="Nømad")
    for name in ("meeting_date", "kind", "place"):
        assert result.tallies[name].invented == 1
        assert result.tallies[name].predicted == 1


def test_kinds_are_exact():
    assert scored(case(kind="video"), kind="call").tallies["kind"].correct == 0


def test_places_ignore_case_accents_punctuation_and_a_leading_article():
    assert places_match("La Pepita", "la pepita")
    assert places_match("Fàbrica Moritz", "la Fabrica Moritz.")
    assert places_match("The Harp", "Harp")
    assert not places_match("Lamb & Flag", "the Lamb and Flag")
    assert places_match("Hotel Casa Fuster", "l'Hotel Casa Fuster")
    assert not places_match("Dishoom Covent Garden", "Dishoom")
