"""Follow-up dates are exact; "vague" must not become a date and is scored as a flag of its own."""

from __future__ import annotations

from datetime import date

from tests.eval.builders import case, scored

IN_TWO_WEEKS = date(2026, 12, 16)


def test_a_date_is_exact():
    assert (
        scored(case(follow_up=IN_TWO_WEEKS), follow_up=IN_TWO_WEEKS).tallies["follow_up"].correct
        == 1
    )
    assert (
        scored(case(follow_up=IN_TWO_WEEKS), follow_up=date(2026, 12, 17))
        .tallies["follow_up"]
        .correct
        == 0
    )


def test_a_date_for_a_vague_follow_up_is_invented():
    result = scored(case(follow_up_vague=True), follow_up=IN_TWO_WEEKS)
    assert result.tallies["follow_up"].invented == 1
    assert ("follow_up", "vague", "2026-12-16") in {
        (m.field, m.expected, m.got) for m in result.misses
    }


def test_the_vague_flag_is_correct_when_the_text_is_vague():
    tally = scored(case(follow_up_vague=True), follow_up_vague=True).tallies
    assert (tally["follow_up_vague"].correct, tally["follow_up"].predicted) == (1, 0)


def test_the_vague_flag_where_nothing_was_said_is_invented():
    tally = scored(case(), follow_up_vague=True).tallies["follow_up_vague"]
    assert (tally.predicted, tally.correct, tally.invented) == (1, 0, 1)


def test_the_vague_flag_for_a_dated_follow_up_is_wrong_but_not_invented():
    tally = scored(case(follow_up=IN_TWO_WEEKS), follow_up_vague=True).tallies
    assert (tally["follow_up_vague"].predicted, tally["follow_up_vague"].invented) == (1, 0)
    assert tally["follow_up"].expected == 1
