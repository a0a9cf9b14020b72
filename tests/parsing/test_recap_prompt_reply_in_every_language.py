"""A reply to our own "How was ...?" prompt, in the language we sent it in (issue 13).

We send the prompt in Spanish and Catalan too ("¿Qué tal el café con Inés?", "Com ha anat el
dinar amb la Txell?"); the reader took only the English subject for ours, so a Spanish reply
lost the person it was about as soon as the body named anyone else.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from mailer.parsing.recap import parse_recap
from tests.parsing.recaps import MADRID

SENT = datetime(2026, 10, 15, 21, 35, tzinfo=MADRID)


@pytest.mark.parametrize(
    ("subject", "body", "person"),
    [
        (
            "Re: ¿Qué tal tu reunión con Gonzalo?",
            "Bien. Le recomendé hablar con ENISA. Le voy a presentar a mi socia Carolina Vega.",
            "Gonzalo",
        ),
        (
            "Re: ¿Qué tal el café con Inés?",
            "Muy bien! Le conté cómo lo hicimos con la gente de Lavapiés.",
            "Inés",
        ),
        (
            "Re: Com ha anat el dinar amb la Txell?",
            "Molt bé! Li vaig explicar com vam fer el crowdfunding amb en Bernat.",
            "Txell",
        ),
    ],
)
def test_the_person_of_our_subject_was_there(subject: str, body: str, person: str):
    recap = parse_recap(body, subject=subject, sent_at=SENT, zone=MADRID, known_names={})
    assert person in recap.names_without_address


def test_an_acronym_after_con_is_no_one():
    recap = parse_recap(
        "Le recomendé hablar con ENISA.",
        subject="Re: ¿Qué tal tu reunión con Gonzalo?",
        sent_at=SENT,
        zone=MADRID,
        known_names={},
    )
    assert "ENISA" not in recap.names_without_address


def test_the_introduction_is_of_the_person_of_our_subject():
    recap = parse_recap(
        "Bien. Le voy a presentar a mi socia Carolina Vega por email mañana.",
        subject="Re: ¿Qué tal tu reunión con Gonzalo?",
        sent_at=SENT,
        zone=MADRID,
        known_names={},
    )
    (intro,) = [i for i in recap.action_items if i.kind == "intro"]
    assert {p.name for p in intro.people} == {"Gonzalo", "Carolina Vega"}
