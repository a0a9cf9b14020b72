"""A recap dictated without punctuation is still read clause by clause: a clause starts before a
name and what the person does ("... en el bar la esquinita nacho me va a presentar a ..."), or
before "yo"/"jo" (issue 13, the held-back batches)."""

from __future__ import annotations

from tests.parsing.recaps import read

SPANISH = (
    "ayer tomamos unas cañas con nacho y su socia carmen vidal en el bar la esquinita nacho me "
    "va a presentar a la directora de compras de mercadona y carmen me pasó el contacto de un "
    "abogado de startups yo les voy a mandar la plantilla de pacto de socios el miércoles "
    "hablamos en un par de semanas"
)
CATALAN = (
    "ahir vam sopar amb en jordi casals i la seva dona laia a la taverna del clínic en jordi em "
    "presentarà al director del festival de sitges jo li enviaré el meu curt la setmana que ve "
    "parlem d'aquí a un mes"
)


def test_each_clause_of_a_spanish_run_on_sentence():
    recap = read(SPANISH, known={})
    owed = [i.text for i in recap.action_items if i.kind == "owed"]
    tasks = [i.text for i in recap.action_items if i.kind == "task"]
    assert owed == ["presentar a la directora de compras de mercadona"]
    assert "el contacto de un abogado de startups" in recap.got
    assert tasks == ["mandar la plantilla de pacto de socios"]


def test_each_clause_of_a_catalan_run_on_sentence():
    recap = read(CATALAN, known={})
    assert [i.text for i in recap.action_items if i.kind == "owed"] == [
        "presentarà al director del festival de sitges"
    ]
    assert [i.text for i in recap.action_items if i.kind == "task"] == ["enviaré el meu curt"]


def test_his_own_work_sent_for_the_introduction_is_no_gift():
    # the short film goes to Jordi so that he can introduce the user: part of the task
    assert read(CATALAN, known={}).gave == ()


def test_a_name_alone_does_not_cut_an_introduction():
    recap = read("Coffee with Kenji today. I'll introduce Kenji to Sofia Brandt at Stripe.")
    [intro] = [i for i in recap.action_items if i.kind == "intro"]
    assert [p.name for p in intro.people] == ["Kenji", "Sofia Brandt"]
