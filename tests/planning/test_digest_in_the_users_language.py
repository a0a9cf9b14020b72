"""The weekly digest is written in the user's language (``[[users]] language``): its sections,
reasons and labels from the catalogues, its days and months by Babel, its meetings by kind and
person. The reply it asks for ("invitar 1", "convida 1") is one the assistant understands.

End to end: the seeded week of tests/planning/digest_week.py, planned and sent by ``tick``
into the Maildir, as on a Sunday evening in Madrid.
"""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage

import pytest

from mailer.api import Mailer
from tests.conftest import ALICE
from tests.planning.digest_week import NOW, sent_digest

SPANISH_LINES = (
    "TU SEMANA · 14–20 de diciembre de 2026",
    "Racha: 4 semanas seguidas (la mejor: 4 semanas)",
    "Diciembre: 5 reuniones (gente nueva: 3; reencuentros: 1)",
    "- mar 15 dic, 10:00  Café con Anna Ruiz [hecha] (primera reunión)",
    "- vie 18 dic, 13:00  Café con Marc Font [cancelada]",
    "- sáb 19 dic, 10:00  Café con Laia Vidal [¿tuvo lugar?]",
    "LA SEMANA QUE VIENE · 21–27 de diciembre de 2026",
    "- mar 22 dic, 10:00  Comida con Júlia Riera",
    "1. Marta Costa  (propuesta de la semana)",
    "   Querías mantener el contacto cada mes; han pasado 61 días.",
    "   Os visteis por última vez hace 10 meses; os habéis visto dos veces.",
    "   Aún no os habéis visto; en tus contactos desde enero de 2025.",
    "- Hacer seguimiento con Jordi Roca: para el vie 18 dic [2 días de retraso]",
    "- Elena Mas aún no ha respondido (invitación enviada hace 9 días)",
    "DADO Y RECIBIDO EN DICIEMBRE",
)
ENGLISH = ("Your", "meeting", "Coffee", "due", "week", "ago", "invite 1", "December", "Tue")


@pytest.mark.parametrize("alice_language", ["es"])
def test_a_spanish_user_gets_a_spanish_digest(mailer: Mailer, alice_language: str):
    digest = sent_digest(mailer)
    assert digest["Subject"] == (
        "Tu semana, 14–20 de diciembre de 2026: 2 reuniones, 4 semanas seguidas. "
        "¿Y ahora, Marta Costa?"
    )
    text = digest.get_body(("plain",)).get_content()
    for line in SPANISH_LINES:
        assert line in text.splitlines(), line
    assert not [word for word in ENGLISH if word in text], text
    html = digest.get_body(("html",)).get_content()
    assert '<html lang="es">' in html and html.count('title="Semana del ') == 52
    assert "A quién invitar ahora" in html and "Café con Anna Ruiz" in html
    assert not [word for word in ENGLISH if re.search(rf">[^<]*\b{word}\b", html)]


@pytest.mark.parametrize(("alice_language", "asked"), [("es", "invitar 1"), ("ca", "convida 1")])
def test_the_reply_the_digest_asks_for_invites(mailer: Mailer, alice_language: str, asked: str):
    digest = sent_digest(mailer)
    text = digest.get_body(("plain",)).get_content()
    assert f"«{asked}»" in text
    answer = EmailMessage()
    answer["From"] = ALICE
    answer["To"] = "assistant@assistant.localhost"
    answer["Subject"] = f"Re: {digest['Subject']}"
    answer["Message-ID"] = "<answer-1@example.com>"
    answer["In-Reply-To"] = digest["Message-ID"]
    answer.set_content(f"{asked}\n")
    result = mailer.ingest(answer.as_bytes(policy=policy.SMTP), source="reply", now=NOW)
    assert result.status == "processed", result.detail
    assert result.detail == "invited Marta Costa <marta.costa.1@example.com> (from the digest)"
