"""Due dates of tasks and introductions are a field of their own, over the matched promises."""

from __future__ import annotations

from datetime import date

from eval.cases import Intro, Task
from eval.matching import PersonSpec
from eval.predict import PredictedIntro
from tests.eval.builders import case, scored

MONDAY = date(2026, 12, 7)
JORDI = PersonSpec.parse("Jordi <jordi@example.cat>")
ANNA = PersonSpec.parse("Anna <anna@example.com>")


def test_a_matched_task_with_the_right_due_is_correct():
    result = scored(
        case(my_tasks=(Task("send her the deck", MONDAY),)),
        my_tasks=(Task("I'll send her the deck by Monday", MONDAY),),
    )
    tally = result.tallies["due"]
    assert (tally.expected, tally.predicted, tally.correct) == (1, 1, 1)
    assert result.misses == []


def test_the_task_can_match_while_its_due_is_missed():
    result = scored(
        case(my_tasks=(Task("send her the deck", MONDAY),)),
        my_tasks=(Task("send her the deck"),),
    )
    assert result.tallies["my_tasks"].correct == 1
    assert (result.tallies["due"].expected, result.tallies["due"].correct) == (1, 0)
    assert [m.field for m in result.misses] == ["due"]


def test_a_due_where_none_was_said_is_invented():
    result = scored(
        case(my_tasks=(Task("send her the deck"),)),
        my_tasks=(Task("send her the deck", MONDAY),),
    )
    assert (result.tallies["due"].predicted, result.tallies["due"].invented) == (1, 1)


def test_a_due_on_a_promise_nobody_made_is_a_false_positive():
    result = scored(case(), my_tasks=(Task("book a table", MONDAY),))
    assert (result.tallies["due"].predicted, result.tallies["due"].correct) == (1, 0)
    assert ("due", "— (no such promise)") in {(m.field, m.expected) for m in result.misses}


def test_introductions_have_dues_too():
    result = scored(
        case(people=(ANNA,), my_intros=(Intro(ANNA, JORDI, MONDAY),)),
        my_intros=(PredictedIntro((ANNA, JORDI), "introduce her to Jordi", MONDAY),),
    )
    assert (result.tallies["due"].expected, result.tallies["due"].correct) == (1, 1)
