"""Promises in a recap become action items: introductions, tasks, checkboxes, TODOs."""

from __future__ import annotations

from datetime import date

import pytest

from mailer.parsing.types import ActionItem
from tests.parsing.recaps import ANNA, EXAMPLE, PAU, read


def _texts(text: str) -> list[tuple[str, str]]:
    return [(item.kind, item.text) for item in read(text).action_items]


def test_the_example_has_one_introduction_naming_both_people():
    assert read(EXAMPLE).action_items == (
        ActionItem(
            kind="intro",
            text="offered to e-introduce her to Pau (pau@example.org)",
            people=(ANNA, PAU),
        ),
    )


def test_an_introduction_to_a_known_name():
    [item] = read(
        "Coffee with Jordi <jordi@example.cat> today. I'll introduce him to Anna."
    ).action_items
    assert item.kind == "intro"
    assert [p.email for p in item.people] == ["jordi@example.cat", "anna@example.com"]


def test_open_checkboxes_are_tasks_and_ticked_ones_are_not():
    items = _texts("Coffee with Anna today.\n- [ ] prepare the slides\n- [x] book the table")
    assert items == [("task", "prepare the slides")]


def test_todo_lines_are_tasks():
    assert _texts("Coffee with Anna today.\nTODO: check her website") == [
        ("task", "check her website")
    ]
    assert _texts("Café con Anna hoy.\nPendiente: mirar su web") == [("task", "mirar su web")]


def test_a_promise_to_send_is_a_task():
    # The task is what to do, without who says it and when: the day is its due.
    [item] = read("Coffee with Anna today. I'll send her the slides tomorrow.").action_items
    assert (item.kind, item.text, item.due) == ("task", "send her the slides", date(2026, 11, 26))
    assert _texts("Café con Anna hoy. Tengo que enviarle el dossier.") == [
        ("task", "enviarle el dossier")
    ]


def test_something_received_is_not_a_task():
    assert _texts("Coffee with Anna today. She sent me her deck.") == []
    assert _texts("Coffee with Anna today.\nGot: she will send me the article") == []


def test_nothing_promised_nothing_to_do():
    assert read("Lovely coffee with Anna today.").action_items == ()


@pytest.mark.parametrize("line", ["- [ ] send the deck", "TODO: send the deck"])
def test_a_checkbox_or_todo_about_sending_is_one_task(line: str):
    assert _texts(f"Coffee with Anna today.\n{line}") == [("task", "send the deck")]


def test_a_ticked_checkbox_about_sending_is_done():
    assert _texts("Coffee with Anna today.\n- [x] send the invoice") == []


# Issue 13: promises lost their direction.
def test_what_the_other_person_will_send_is_owed_to_the_user():
    recap = read("Coffee with Anna today. He offered to send me his slides.")
    assert [(i.kind, i.text) for i in recap.action_items] == [("owed", "send me his slides")]
    assert recap.got == ("send me his slides",)


def test_an_introduction_the_other_will_make_is_owed_not_the_users():
    recap = read("Coffee with Anna today. She'll introduce me to her manager.")
    assert [(i.kind, i.text) for i in recap.action_items] == [
        ("owed", "introduce me to her manager")
    ]


def test_the_users_introduction_names_the_two_people_not_a_third_attendee():
    recap = read(
        "Met Priya at the breakfast, priya@x.org. I'll intro her to Jordi (jordi@x.org).",
        known={},
    )
    [intro] = recap.action_items
    assert intro.kind == "intro"
    assert [p.email for p in intro.people] == ["priya@x.org", "jordi@x.org"]
    assert [p.email for p in recap.people] == ["priya@x.org"]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("I'll send her the deck by Monday.", date(2026, 11, 30)),
        ("I'll send her the deck before the 15th.", date(2026, 12, 15)),
        ("Le mandaré el dossier antes del viernes.", date(2026, 11, 27)),
        ("Li enviaré el dossier abans de dijous.", date(2026, 11, 26)),
        ("I'll send her the deck by Jan 8.", date(2027, 1, 8)),
    ],
)
def test_a_promise_is_due_when_the_words_say(text: str, due: date):
    [item] = read(f"Coffee with Anna today. {text}").action_items
    assert item.kind == "task" and item.due == due


@pytest.mark.parametrize("when", ["this week", "next week", "soon"])
def test_a_time_that_is_no_day_is_no_due(when: str):
    [item] = read(f"Coffee with Anna today. I'll send her the deck {when}.").action_items
    assert item.due is None
