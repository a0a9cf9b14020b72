"""The brief and the about@ answer are written in the user's language, days and all."""

from __future__ import annotations

import pytest

from mailer.api import Mailer
from tests.briefs.test_about_by_email import ask, asked
from tests.briefs.world import at, briefs, invite, log_lunch, text_of

WORDS = {
    "es": ("Antes de veros: café con Anna Ruiz a las 10:00", "Cuándo: martes 24 de noviembre",
           "recibiste: feedback on my pitch", "Sobre Anna Ruiz"),
    "ca": ("Abans de veure-us: cafè amb Anna Ruiz a les 10:00", "Quan: dimarts 24 de novembre",
           "vas rebre: feedback on my pitch", "Sobre Anna Ruiz"),
}  # fmt: skip


@pytest.mark.parametrize("alice_language", sorted(WORDS))
def test_brief_and_story_in_spanish_and_catalan(mailer: Mailer, alice_language: str):
    subject, when, got, about = WORDS[alice_language]
    log_lunch(mailer)
    invite(mailer, start="20261124T100000", now=at("2026-11-23T10:00"))
    mailer.tick(at("2026-11-24T07:00"))
    [brief] = briefs(mailer)
    assert brief["Subject"] == subject
    text = text_of(brief)
    assert when in text and got in text
    assert asked(mailer, ask("Anna Ruiz"))["Subject"] == about
