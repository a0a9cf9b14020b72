"""An introduction matches when both people are named in it: among its people or in its words."""

from __future__ import annotations

from eval.cases import Intro
from eval.matching import PersonSpec, named_in
from eval.predict import PredictedIntro
from tests.eval.builders import case, scored

PRIYA = PersonSpec.parse("Priya <priya@x.org>")
JORDI = PersonSpec.parse("Jordi <jordi@x.org>")
INTRO = Intro(PRIYA, JORDI)


def _intros(*predicted: PredictedIntro) -> tuple[int, int, int]:
    tally = scored(case(people=(PRIYA,), my_intros=(INTRO,)), my_intros=predicted).tallies
    return tally["my_intros"].expected, tally["my_intros"].predicted, tally["my_intros"].correct


def test_both_people_among_the_intro_people():
    assert _intros(PredictedIntro((PRIYA, JORDI), "I'll intro her to Jordi")) == (1, 1, 1)


def test_the_order_does_not_matter():
    assert _intros(PredictedIntro((JORDI, PRIYA), "")) == (1, 1, 1)


def test_an_address_in_the_words_counts():
    assert _intros(PredictedIntro((PRIYA,), "I'll intro her to Jordi (jordi@x.org)")) == (1, 1, 1)


def test_an_expected_address_is_not_found_by_the_name_alone():
    assert _intros(PredictedIntro((PRIYA, PersonSpec("Jordi")), "intro her to Jordi")) == (1, 1, 0)
    other = PersonSpec("Jordi Puig", "jordi.puig@x.org")
    assert not named_in(JORDI, (other,), "")


def test_without_an_expected_address_the_name_counts():
    sofia = PersonSpec("Sofia Rossi")
    assert named_in(sofia, (PersonSpec("Sofia Rossi", "sofia@example.it"),), "")
    assert named_in(sofia, (), "I'll introduce Raj to Sofia at Index")
    assert not named_in(sofia, (), "I'll introduce Raj to someone at Index")


def test_an_intro_missing_one_of_the_two_does_not_match():
    assert _intros(PredictedIntro((JORDI,), "I'll intro her to Jordi")) == (1, 1, 0)


def test_an_intro_where_none_was_promised_is_invented():
    tally = scored(case(), my_intros=(PredictedIntro((PRIYA, JORDI), "intro"),)).tallies
    assert tally["my_intros"].invented == 1
