"""A sentence that asks for a follow-up keeps what else it says: the follow-up's own clause
gives nothing, the others still give, receive and promise (issue 13)."""

from __future__ import annotations

from tests.parsing.recaps import read


def test_a_promise_and_a_follow_up_in_one_sentence():
    recap = read(
        "Lunch with Marisol today, she said she would send me the prep doc and we should talk "
        "again in a couple of weeks.",
        known={},
    )
    assert [i.text for i in recap.action_items if i.kind == "owed"] == ["send me the prep doc"]
    assert recap.follow_up_on is not None and recap.follow_up_on.isoformat() == "2026-12-09"


def test_the_follow_up_alone_is_no_promise():
    recap = read("Coffee with Ana today. I'd like to see her again in a month or so.", known={})
    assert recap.action_items == () and recap.gave == ()


def test_getting_back_to_me_is_no_promise():
    recap = read("Call with Kwabena today. No need to follow up, he'll get back to me.", known={})
    assert recap.action_items == () and recap.got == ()


def test_an_introduction_in_lower_case_is_given_not_guessed():
    # whether "kenji tanaka" is a name cannot be told without capitals: no task, no intro
    recap = read(
        "lunch today with marisol was great and I'll introduce marisol to my ad sales person "
        "kenji tanaka next week and we should talk again in a couple of weeks",
        known={},
    )
    assert recap.action_items == ()
    assert [g for g in recap.gave if g.startswith("introduce marisol to")]
