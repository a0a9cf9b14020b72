"""Quoted text, reply headers and signatures are removed before a reply is read."""

from __future__ import annotations

from mailer.parsing.quoting import strip_quotes_and_signature
from tests.conftest import FIXTURES

NEW = "Coffee with Anna today.\nGave: notes"


def test_gmail_english_and_spanish_reply_headers():
    english = f"{NEW}\n\nOn Mon, 23 Nov 2026 at 10:00, Mailer <recap@a.localhost> wrote:\n> How?\n"
    spanish = (
        f"{NEW}\n\nEl lun, 23 nov 2026 a las 10:00, Mailer (<recap@a.localhost>) "
        "escribió:\n> ¿Qué tal?\n"
    )
    assert strip_quotes_and_signature(english) == NEW
    assert strip_quotes_and_signature(spanish) == NEW


def test_outlook_header_block():
    text = (
        f"{NEW}\n\nFrom: Mailer <recap@a.localhost>\nSent: Monday, November 23, 2026 10:00 AM"
        "\nTo: Alice\nSubject: How was coffee?\n\nHow was coffee with Anna?\n"
    )
    assert strip_quotes_and_signature(text) == NEW


def test_signatures():
    assert strip_quotes_and_signature(f"{NEW}\n\n-- \nAlice Martín\n+34 600 000 000") == NEW
    assert strip_quotes_and_signature(f"{NEW}\n\nEnviado desde mi iPhone") == NEW


def test_real_forwarded_and_quoted_samples():
    outlook = (FIXTURES / "forwarded" / "crisp_new_outlook_2019_en.txt").read_text()
    assert len(strip_quotes_and_signature(outlook)) < len(outlook)
    german = (FIXTURES / "forwarded" / "mailparserreply_german_schrieb_multiline.txt").read_text()
    kept = strip_quotes_and_signature(german)
    assert kept and "schrieb" not in kept and len(kept) < len(german)
