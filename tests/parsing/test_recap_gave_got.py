"""What was given and received, from "Gave:"/"Got:" lines (and their Spanish and Catalan
forms); everything else the user wrote stays in the notes."""

from __future__ import annotations

import pytest

from tests.parsing.recaps import CATALAN, EXAMPLE, PROMPT_REPLY, SPANISH, read


def test_the_example_lists():
    recap = read(EXAMPLE)
    assert recap.gave == (
        "shared my notes on event formats",
        "offered to e-introduce her to Pau (pau@example.org)",
    )
    assert recap.got == ("two contacts for the project", "honest feedback on my pitch")


def test_spanish_markers():
    recap = read(SPANISH)
    assert recap.gave == ("feedback sobre su web", "un contacto en Gràcia")
    assert recap.got == ("un libro",)


def test_catalan_markers():
    recap = read(CATALAN)
    assert (recap.gave, recap.got) == (("contactes",), ("idees",))


@pytest.mark.parametrize(
    ("gave_bullet", "got_bullet"), [("*", "•"), ("-", "-")], ids=["star-and-dot", "hyphen"]
)
def test_bullets_under_a_marker_line(gave_bullet: str, got_bullet: str):
    recap = read(
        f"Coffee with Anna today.\nGave:\n{gave_bullet} my notes\n{gave_bullet} an intro idea\n"
        f"Got:\n{got_bullet} a book tip\n\nShe is moving to Lisbon."
    )
    assert recap.gave == ("my notes", "an intro idea")
    assert recap.got == ("a book tip",)
    assert recap.notes == "Coffee with Anna today.\nShe is moving to Lisbon."


def test_markers_inline_in_one_paragraph():
    recap = read("Café con Anna el lunes. Di: mi tiempo. Recibí: una recomendación.")
    assert (recap.gave, recap.got) == (("mi tiempo",), ("una recomendación",))


def test_marker_variants():
    recap = read("Coffee with Anna.\nI gave - a coffee\nReceived: advice\nThey gave me: a map")
    assert recap.gave == ("a coffee",)
    assert recap.got == ("advice", "a map")


def test_no_markers_means_the_whole_text_is_notes():
    text = "Coffee with Anna <anna@example.com>. Lovely chat about cycling.\n\nShe has a new job."
    recap = read(text)
    assert (recap.gave, recap.got) == ((), ())
    assert recap.notes == text


def test_with_markers_the_notes_are_the_unmarked_lines():
    assert read(EXAMPLE).notes == (
        "Had coffee with Anna Ruiz <anna@example.com> this morning at Satan's Coffee Corner."
    )


def test_a_reply_is_not_read_as_the_prompt_it_quotes():
    recap = read(PROMPT_REPLY)
    assert recap.got == ("a great book tip",)
    assert recap.gave == ()
    assert recap.follow_up_on is None and recap.tags == ()
    assert "How was coffee" not in recap.notes


# Issue 13: given and received were found only after "Gave:" / "Got:", not from verbs.
def test_received_from_verbs():
    recap = read(
        'Coffee with Anna today. She recommended a book, "The Culture Map", and gave me '
        "feedback on my pitch deck."
    )
    assert recap.got == ('a book, "The Culture Map"', "feedback on my pitch deck")
    assert recap.gave == ()


def test_given_from_verbs_is_also_the_users_promise():
    recap = read("Lunch with Pau Vidal <pau@example.org>. I offered to review his deck.")
    assert recap.gave == ("review his deck",)
    assert [(i.kind, i.text) for i in recap.action_items] == [("task", "review his deck")]


def test_catalan_received_from_a_verb():
    recap = read("Cafè amb la Núria ahir. Em va passar el contacte d'una editora.")
    assert recap.got == ("el contacte d'una editora",)


def test_spanish_both_directions():
    recap = read("Café con Anna. Me pasó el contacto de un abogado y le di mis apuntes del curso.")
    assert recap.got == ("el contacto de un abogado",)
    assert recap.gave == ("di mis apuntes del curso",)


def test_what_was_talked_about_is_neither_given_nor_received():
    recap = read("Coffee with Anna. We talked about cycling. She told me the story of her shop.")
    assert (recap.gave, recap.got) == ((), ())
