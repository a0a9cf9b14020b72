"""Follow-ups said the other ways people say them; vague ones kept vague (issue 13).

Sent on Wednesday 25 November 2026 in Madrid."""

from __future__ import annotations

from datetime import date

import pytest

from tests.parsing.recaps import read


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Coffee with Dana. Next coffee in six weeks.", date(2027, 1, 6)),
        ("Café con Dana. Volveremos a vernos en dos semanas.", date(2026, 12, 9)),
        ("Café con Dana. Pasado mañana le escribo.", date(2026, 11, 27)),
        ("Café con Dana. Recontactar dentro de tres semanas.", date(2026, 12, 16)),
        ("Cafè amb la Dana. Tornem-hi a parlar d'aquí a quinze dies.", date(2026, 12, 10)),
        ("Coffee with Dana. Remind me to check in on Dec 5.", date(2026, 12, 5)),
        ("Comida con Aurelio. El seguimiento: el lunes 30.", date(2026, 11, 30)),
    ],
)
def test_the_follow_up_day(text: str, day: date):
    recap = read(text, known={})
    assert recap.follow_up_on == day
    assert not [i for i in recap.action_items if i.kind == "task"]


@pytest.mark.parametrize(
    "text",
    [
        "Coffee with Dana. Reconnect in Q1.",
        "Coffee with Dana. Let's do this again next quarter.",
        "Coffee with Dana. Follow up after Obon.",
        "Café con Dana. Más adelante la vuelvo a llamar.",
        "Café con Dana. Después de Semana Santa la llamo.",
        "Cafè amb la Dana. Hi tornaré a parlar cap a la primavera.",
        "Cafè amb la Dana. Ho reprenem després de l'estiu.",
    ],
)
def test_a_time_that_is_no_date_is_vague(text: str):
    recap = read(text, known={})
    assert (recap.follow_up_on, recap.follow_up_vague) == (None, True)
    assert not [i for i in recap.action_items if i.kind == "task"]


def test_what_we_talked_about_asks_for_nothing():
    recap = read("Cañas con Sebastián. Hablamos de fútbol y de su viaje a Japón en mayo.", known={})
    assert (recap.follow_up_on, recap.follow_up_vague) == (None, False)
