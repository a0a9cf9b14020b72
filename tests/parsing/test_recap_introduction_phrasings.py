"""Introductions the user will make, in the many ways people write them (issue 13).

Each phrasing names the two people introduced; a phrasing that names nobody to introduce to
stays a task.
"""

from __future__ import annotations

import pytest

from tests.parsing.recaps import read

DANA = "Coffee with Dana Levi (dana@levi.io) today. "
CAFE = "Café con Dana Levi (dana@levi.io) hoy. "
CAFE_CA = "Cafè amb la Dana Levi (dana@levi.io) avui. "


def pairs(text: str) -> set[frozenset[str]]:
    recap = read(text, known={})
    return {
        frozenset(p.name or p.email for p in item.people)
        for item in recap.action_items
        if item.kind == "intro"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (DANA + "Happy to loop in my cofounder Lee Park.", {"Dana Levi", "Lee Park"}),
        (DANA + "Going to intro her to Sam Ortiz <sam@o.com>.", {"Dana Levi", "Sam Ortiz"}),
        (DANA + "TODO: intro Dana <> Sam Ortiz (sam@o.com)", {"Dana Levi", "Sam Ortiz"}),
        (DANA + "I'll put Dana in touch with Sam Ortiz by Friday.", {"Dana Levi", "Sam Ortiz"}),
        (DANA + "Happy to connect her and my friend Sam Ortiz.", {"Dana Levi", "Sam Ortiz"}),
        (CAFE + "Voy a conectarla con Sam Ortiz (sam@o.com).", {"Dana Levi", "Sam Ortiz"}),
        (CAFE + "Le haré una intro a Dana con Sam Ortiz mañana.", {"Dana Levi", "Sam Ortiz"}),
        (CAFE_CA + "La posaré en contacte amb en Sam Ortiz.", {"Dana Levi", "Sam Ortiz"}),
        (CAFE_CA + "M'he compromès a presentar-li en Sam Ortiz.", {"Dana Levi", "Sam Ortiz"}),
    ],
)
def test_the_two_people_introduced(text: str, expected: set[str]):
    assert pairs(text) == {frozenset(expected)}


def test_two_people_who_were_not_there():
    text = DANA + "I'm going to connect Sam Ortiz and Kai Berg, they both work on maps."
    assert pairs(text) == {frozenset({"Sam Ortiz", "Kai Berg"})}


def test_two_people_named_after_a_comment():
    text = DANA + (
        "I'll intro Dana to my cofounder Wen Zhao, who ran ops at Deliveroo, and to Paloma "
        "Ibáñez <paloma@semillas.vc> next week."
    )
    assert pairs(text) == {
        frozenset({"Dana Levi", "Wen Zhao"}),
        frozenset({"Dana Levi", "Paloma Ibáñez"}),
    }


def test_two_introductions_in_one_sentence():
    text = (
        "Lunch with Farida Aziz + Gaspard Lemoine today. I'll introduce Farida to Mahsa Tehrani "
        "(our translator) and Gaspard to Hugo Pons at the Ajuntament."
    )
    assert pairs(text) == {
        frozenset({"Farida Aziz", "Mahsa Tehrani"}),
        frozenset({"Gaspard Lemoine", "Hugo Pons"}),
    }


def test_spanish_personal_a_before_the_one_introduced():
    text = CAFE + "Pendiente: presentar a Nahuel a la gente del SEPE."
    recap = read(text, known={})
    assert pairs(text) == set()
    assert [i.kind for i in recap.action_items] == ["task"]


def test_her_means_the_attendee_named_before():
    text = (
        "Dinner with Chidi Okonkwo and his sister Adaeze yesterday. Adaeze is looking for an "
        "internship. I told her I'd introduce her to my friend Marisa Delgado by Tuesday."
    )
    assert pairs(text) == {frozenset({"Adaeze", "Marisa Delgado"})}


def test_a_due_said_apart_is_the_introductions_due():
    recap = read(
        DANA + "I offered to introduce her to Gemma Pratt; will do it by Friday.", known={}
    )
    (intro,) = [i for i in recap.action_items if i.kind == "intro"]
    assert intro.due is not None and intro.due.isoformat() == "2026-11-27"
