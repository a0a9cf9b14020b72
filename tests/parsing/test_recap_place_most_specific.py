"""The place as written, the most specific named one, wherever the recap says it (issue 13)."""

from __future__ import annotations

import pytest

from tests.parsing.recaps import read


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Café con Ana en Federal Café de Sant Antoni, hoy.", "Federal Café"),
        ("Café con Ana en Toma Café, Malasaña. Hoy.", "Toma Café"),
        ("Dinar amb la Berta al Bar Mundial del Born.", "Bar Mundial"),
        ("Dinar amb la Berta al Cafè de l'Òpera.", "Cafè de l'Òpera"),
        ("Sopar amb en Pau al Mercat de Sant Antoni.", "Mercat de Sant Antoni"),
        ("Mince pies & coffee with Imogen at the Barbican foyer.", "Barbican foyer"),
        ("Drinks last night w/ Solveig Lund at Dr. Stravinsky.", "Dr. Stravinsky"),
        ("Cena con Max en el restaurante Ca l'Isidre.", "Ca l'Isidre"),
        ("Reunió ahir amb l'Ona Ferrer al coworking Cahoots.", "Cahoots"),
        ("Fri: dinner with Aurélie Martin & her husband Paul, Casa Leopoldo.", "Casa Leopoldo"),
    ],
)
def test_the_place(text: str, place: str):
    assert (read(text, known={}).place or "").removeprefix("the ") == place


def test_a_place_told_in_a_sentence_of_its_own():
    text = (
        "So I finally met up with Siobhan Gallagher yesterday. We walked for an hour and then "
        "had lunch at Quimet & Quimet."
    )
    recap = read(text, known={})
    assert (recap.place, recap.kind) == ("Quimet & Quimet", "lunch")


def test_where_she_is_staying_is_not_the_place():
    text = "Coffee with Harriet Cole this afternoon at her place, she's back in Barcelona."
    assert read(text, known={}).place is None


def test_a_call_for_proposals_is_no_call():
    recap = read("He told me about the Creative Europe call for small publishers.", known={})
    assert recap.kind is None


def test_a_cafe_in_english_is_a_place_not_a_coffee():
    assert read("Tea with Marguerite at the British Library cafe.", known={}).kind is None
