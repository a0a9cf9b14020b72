"""A reply to a confirmation is read line by line into corrections, in three languages."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailer.parsing.corrections import read_corrections, read_line

MADRID = ZoneInfo("Europe/Madrid")
SENT = datetime(2026, 12, 2, 20, 0, tzinfo=MADRID)
IN_THREE_WEEKS = date(2026, 12, 23)


def read(line: str):
    return read_line(line, sent_at=SENT, zone=MADRID)


@pytest.mark.parametrize(
    "line",
    ["follow up: 15 January", "Follow-up: 15 Jan", "seguimiento: 15 de enero",
     "seguiment: 15 de gener", "remind me on 15 January"],
)  # fmt: skip
def test_a_follow_up_day(line: str):
    correction = read(line)
    assert (correction.action, correction.on) == ("follow_up", date(2027, 1, 15))


@pytest.mark.parametrize(
    "line",
    ["follow up in 3 weeks", "seguimiento en 3 semanas", "seguiment d'aquí a 3 setmanes",
     "seguiment d’aquí a 3 setmanes", "seguimiento dentro de 3 semanas"],
)  # fmt: skip
def test_a_follow_up_in_some_weeks(line: str):
    assert read(line).on == IN_THREE_WEEKS


@pytest.mark.parametrize(
    ("line", "action", "value"),
    [
        ("no follow-up", "no_follow_up", ""),
        ("sin seguimiento", "no_follow_up", ""),
        ("sense seguiment", "no_follow_up", ""),
        ("not Jordi", "remove", "Jordi"),
        ("remove jordi@example.cat", "remove", "jordi@example.cat"),
        ("quita a Jordi", "remove", "Jordi"),
        ("treu en Jordi", "remove", "Jordi"),
        ("gave: my deck", "gave", "my deck"),
        ("di: mis notas", "gave", "mis notas"),
        ("vaig donar: les notes", "gave", "les notes"),
        ("got: two intros", "got", "two intros"),
        ("recibí: dos contactos", "got", "dos contactos"),
        ("vaig rebre: dos contactes", "got", "dos contactes"),
        ("place: Café Federal", "place", "Café Federal"),
        ("lugar: Café Federal", "place", "Café Federal"),
        ("lloc: Cafè Federal", "place", "Cafè Federal"),
        ("name: Marta Soler-Puig", "name", "Marta Soler-Puig"),
        ("nombre: Marta Soler-Puig", "name", "Marta Soler-Puig"),
        ("nom: Marta Soler-Puig", "name", "Marta Soler-Puig"),
        ("language: ca", "language", "ca"),
        ("idioma: castellano", "language", "es"),
        ("idioma: català", "language", "ca"),
        ("kind: lunch", "kind", "lunch"),
        ("tipo: comida", "kind", "lunch"),
        ("tipus: sopar", "kind", "dinner"),
        ("caption: Coffee with Marta", "caption", "Coffee with Marta"),
        ("pie de foto: Café con Marta", "caption", "Café con Marta"),
        ("leyenda: Café con Marta", "caption", "Café con Marta"),
        ("peu de foto: Cafè amb la Marta", "caption", "Cafè amb la Marta"),
        ("llegenda: Cafè amb la Marta", "caption", "Cafè amb la Marta"),
        ("undo", "undo", ""),
        ("deshacer", "undo", ""),
        ("desfer", "undo", ""),
    ],
)
def test_the_forms_that_work(line: str, action: str, value: str):
    correction = read(line)
    assert (correction.action, correction.value) == (action, value)


@pytest.mark.parametrize(
    "line", ["add Marc <marc@example.org>", "añade a Marc <marc@example.org>",
             "afegeix en Marc <marc@example.org>"],
)  # fmt: skip
def test_adding_someone_with_an_address(line: str):
    correction = read(line)
    assert correction.action == "add"
    assert correction.person is not None and correction.person.email == "marc@example.org"
    assert correction.person.name == "Marc"


def test_a_free_sentence_goes_to_the_recap_reader():
    correction = read("actually it was lunch, and follow up in two weeks")
    assert correction.action == "recap"
    assert (correction.value, correction.on) == ("lunch", date(2026, 12, 16))


def test_a_line_that_says_nothing_is_kept_unread():
    assert read("see you soon").action == "unknown"
    assert read("follow up: sometime maybe").action == "unknown"
    assert read("language: klingon").action == "unknown"


def test_several_lines_quotes_courtesies_and_signature():
    reply = (
        "Hi!\n"
        "follow up: 15 January\n"
        "- not Jordi\n"
        "\n"
        "Thanks\n"
        "-- \n"
        "Alice\n"
        "\n"
        "On Wed, 2 Dec 2026 at 23:10, Assistant <assistant@example.org> wrote:\n"
        "> Logged: breakfast with Oriol Puig\n"
    )
    corrections = read_corrections(reply, sent_at=SENT, zone=MADRID)
    assert [(c.action, c.line) for c in corrections] == [
        ("follow_up", "follow up: 15 January"),
        ("remove", "not Jordi"),
    ]


def test_a_caption_is_the_users_words_as_written():
    reply = "Caption: Coffee with Marta. Follow up in 2 weeks, she said!\nno follow-up\n"
    first, second = read_corrections(reply, sent_at=SENT, zone=MADRID)
    assert (first.action, first.value) == (
        "caption",
        "Coffee with Marta. Follow up in 2 weeks, she said!",
    )
    assert read_corrections("caption: Coffee.", sent_at=SENT, zone=MADRID)[0].value == "Coffee."
    assert second.action == "no_follow_up"


@given(st.text(max_size=400))
def test_any_text_reads_without_an_error(text: str):
    for correction in read_corrections(text, sent_at=SENT, zone=MADRID):
        assert correction.line.strip() and correction.line in " ".join(text.split())


FORMS = {
    "gave": ("gave: {}", "di: {}", "vaig donar: {}"),
    "got": ("got: {}", "recibí: {}", "vaig rebre: {}"),
    "place": ("place: {}", "lugar: {}", "lloc: {}"),
    "name": ("name: {}", "nombre: {}", "nom: {}"),
    "caption": ("caption: {}", "pie de foto: {}", "peu de foto: {}"),
}
VALUES = (
    st.text(
        alphabet=st.characters(whitelist_categories=("L", "N"), whitelist_characters=" -'&,"),
        min_size=1,
        max_size=40,
    )
    .map(lambda v: " ".join(v.split()).strip(" .;,-"))
    .filter(bool)
)


@given(st.sampled_from(sorted(FORMS)), st.integers(0, 2), VALUES)
def test_a_value_written_in_any_language_reads_back(action: str, language: int, value: str):
    correction = read(FORMS[action][language].format(value))
    assert (correction.action, correction.value) == (action, value)


@given(st.integers(1, 52), st.sampled_from(["follow up in {} weeks", "seguimiento en {} semanas",
                                            "seguiment d'aquí a {} setmanes"]))  # fmt: skip
def test_follow_up_in_n_weeks_in_any_language(weeks: int, form: str):
    correction = read(form.format(weeks))
    assert correction.action == "follow_up"
    assert correction.on is not None and (correction.on - SENT.date()).days == 7 * weeks
