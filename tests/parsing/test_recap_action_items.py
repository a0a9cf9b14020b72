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
