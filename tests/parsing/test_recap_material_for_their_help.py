"""What is sent so that the other can help is part of a task, not a gift; thanks and the bill
are no gifts either (issue 13)."""

from __future__ import annotations

from tests.parsing.recaps import read

IMOGEN = "Call with Imogen Clarke <imogen@rivetpr.example> earlier. "


def test_my_press_kit_so_she_can_pass_it_on_is_a_task_only():
    recap = read(IMOGEN + "I'll send her our press kit so she can pass it on.", known={})
    assert [i.kind for i in recap.action_items] == ["task"]
    assert recap.gave == ()


def test_her_cv_so_i_can_pass_it_on_is_not_owed():
    recap = read(IMOGEN + "She'll send me her updated CV so I can pass it on.", known={})
    assert recap.got == ()
    assert not [i for i in recap.action_items if i.kind == "owed"]


def test_a_cover_letter_for_her_programme_is_a_task_only():
    recap = read(IMOGEN + "I'll send her my cover letter for her mentoring programme.", known={})
    assert recap.gave == ()


def test_thanks_are_no_gift():
    recap = read(
        "Vermut con Nicanor en el Mercado. Le di las gracias por lo del mes pasado.", known={}
    )
    assert recap.gave == ()


def test_two_promises_joined_by_and():
    recap = read(
        "Had coffee with Lior at Nømad this morning. I'm going to rewrite the CV tonight and "
        "send it to him.",
        known={},
    )
    tasks = [i.text for i in recap.action_items if i.kind == "task"]
    assert tasks == ["rewrite the CV", "send it to him"]


def test_reviewing_their_draft_is_given():
    recap = read(
        "Breakfast w/ Jonah this morning.\n- I'll review his RFC on event sourcing by the 30th",
        known={},
    )
    assert recap.gave == ("review his RFC on event sourcing",)
