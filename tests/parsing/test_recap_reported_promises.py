"""Promises told as speech or after another clause: "M'ha dit que em presentarà ...", "Me ha
dicho que me enviará ...", "..., i que m'enviarà ...", "... i s'ha ofert a ..."; "He explained
how ..." is something received; "the Series A. He'll ..." is two sentences (issue 13)."""

from __future__ import annotations

import pytest

from tests.parsing.recaps import read


def _owed(text: str) -> list[str]:
    return [i.text for i in read(text, known={}).action_items if i.kind == "owed"]


@pytest.mark.parametrize(
    ("text", "owed"),
    [
        (
            "Trucada amb en Jaume aquesta tarda. M'ha dit que em presentarà la directora del "
            "Festival Grec, i que m'enviarà les bases del concurs.",
            ["presentarà la directora del Festival Grec", "enviarà les bases del concurs"],
        ),
        (
            "Videotrucada amb en Gerard (gerard@bosch.cat) avui. M'ha explicat com funcionen "
            "les ajudes i s'ha ofert a revisar el meu pressupost.",
            ["revisar el meu pressupost"],
        ),
        (
            "Café con Lucía hoy. Me ha dicho que me enviará su presentación y que me presentará "
            "a su jefa.",
            ["enviará su presentación", "presentará a su jefa"],
        ),
        (
            "Call with <j.whitfield@harborcap.com> just now about the Series A. He'll send me "
            "the term sheet template they use.",
            ["send me the term sheet template they use"],
        ),
    ],
)
def test_what_they_will_do(text: str, owed: list[str]):
    assert _owed(text) == owed


def test_what_they_explained_is_received():
    recap = read("Coffee with Callum today. He explained how their grants panel scores it.")
    assert recap.got == ("how their grants panel scores it",)


def test_a_middle_initial_is_no_sentence_end():
    assert read("Coffee with Ana today about plan B. She recommended a book.").got == ("a book",)
