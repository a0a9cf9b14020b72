"""The kind of meeting and where it was (issue 13: "Breakfast with Oriol at Can Culleretes"
was filed with neither)."""

from __future__ import annotations

import pytest

from tests.parsing.recaps import read


def test_breakfast_at_a_named_place():
    recap = read("Breakfast with Oriol at Can Culleretes this morning.")
    assert (recap.kind, recap.place) == ("breakfast", "Can Culleretes")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Un café con Marta ayer.", "coffee"),
        ("Dinar amb en Pau.", "lunch"),
        ("Comida con Javier en Casa Lucio.", "lunch"),
        ("Sopar amb la Laia.", "dinner"),
        ("Unas cañas con Rocío.", "drinks"),
        ("Video call with Kenji this morning.", "video"),
        ("Teams call with Priyanka.", "video"),
        ("Phone call with Sofia.", "call"),
        ("Trucada amb la Mireia.", "call"),
        ("Meeting with Raquel at her office.", "meeting"),
        ("☕ with Mei Lin", "coffee"),
    ],
)
def test_the_kind_in_three_languages(text: str, kind: str):
    assert read(text).kind == kind


@pytest.mark.parametrize("text", ["Met up with Ines.", "Went for a walk with Helena."])
def test_no_kind_when_the_words_name_none(text: str):
    assert read(text).kind is None


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Comida con Javier en Casa Lucio.", "Casa Lucio"),
        ("Ahir vaig sopar amb en Pau a la Fàbrica Moritz.", "Fàbrica Moritz"),
        ("Coffee with Chloé at Nømad in Poblenou today.", "Nømad"),
        ("Dinner with Haruto at an izakaya in Ebisu.", "Ebisu"),
        ("Meeting with Elena at their office on Diagonal 640.", "Diagonal 640"),
        ("Lunch w/ Antonio at Los Tacos No. 1, antonio@example.mx.", "Los Tacos No. 1"),
    ],
)
def test_the_place_as_written(text: str, place: str):
    assert read(text).place == place


@pytest.mark.parametrize(
    "text",
    [
        "Coffee with Jordi at the office today.",
        "Video call with Rafa this morning, he's in Mexico City.",
        "Sopar amb en Ferran a casa d'uns amics.",
        "Coffee with Anna at 10:30.",
    ],
)
def test_no_place_when_none_is_named(text: str):
    assert read(text).place is None
