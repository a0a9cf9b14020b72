"""The thank-you draft speaks of the meeting as a person would, mentions one thing from the
recap, and is written in the language of the person thanked."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from tests.conftest import ALICE
from tests.messages import ANNA, invite_ics, invite_message, recap_message
from tests.outbound.sinks import maildir_messages

MADRID = ZoneInfo("Europe/Madrid")
NIGHT = datetime(2026, 12, 2, 23, 10, tzinfo=MADRID)
MORNING = datetime(2026, 12, 3, 9, 0, tzinfo=MADRID)
BREAKFAST = """Breakfast with Oriol Puig <oriol@example.cat> this morning at Federal Café.
Got: two contacts for the project
I will send him my deck on community building.
Follow up in two weeks.
"""
DESAYUNO = """Esta mañana he desayunado con Oriol Puig <oriol@example.cat> en el Federal.
Recibí: dos contactos para el proyecto
Le mando mi presentación sobre comunidades.
Seguimiento en dos semanas.
"""


def draft(mailer: Mailer) -> EmailMessage:
    [message] = [
        m
        for m in maildir_messages(mailer.config.maildir)
        if ALICE in str(m["To"]) and m["Reply-To"] and "approve+" in str(m["Reply-To"])
    ]
    return message


def test_a_breakfast_draft_says_breakfast_and_what_was_promised(mailer: Mailer):
    mailer.ingest(recap_message(BREAKFAST, sent=NIGHT), source="recap", now=NIGHT)
    mailer.tick(NIGHT)
    mailer.tick(MORNING)
    message = draft(mailer)
    assert message["Subject"] == "Draft: thank-you note to Oriol Puig"
    text = " ".join(message.get_body(("plain",)).get_content().split())
    assert text.startswith("Hi Oriol, Thank you for breakfast yesterday!")
    assert "As promised, I will send you my deck on community building" in text
    assert "Met Oriol" not in text  # no event title where a noun belongs


def test_a_spanish_recap_gets_a_spanish_draft(mailer: Mailer):
    mailer.ingest(recap_message(DESAYUNO, sent=NIGHT), source="recap", now=NIGHT)
    mailer.tick(NIGHT)
    mailer.tick(MORNING)
    message = draft(mailer)
    text = " ".join(message.get_body(("plain",)).get_content().split())
    assert text.startswith("Hola, Oriol: ¡Gracias por el desayuno de ayer!")
    assert "Como te prometí, te enviaré mi presentación sobre comunidades" in text
    assert "It is in Spanish, the language Oriol gets mail from you in." in text  # to Alice: en
    assert (
        next(c for c in mailer.contacts(ALICE) if c["email"] == "oriol@example.cat")["language"]
        == "es"
    )


def test_a_recap_after_the_draft_was_queued_still_reaches_it(mailer: Mailer):
    forwarded = datetime(2026, 12, 1, 10, 0, tzinfo=MADRID)
    mailer.ingest(invite_message(invite_ics()), source="invite", now=forwarded)
    ended = datetime(2026, 12, 22, 18, 0, tzinfo=MADRID)
    mailer.tick(ended)  # the draft for the next morning is queued now
    recap = (
        "Coffee with Anna Ruiz <anna@example.com> today.\nI will send her the slides of my talk.\n"
    )
    mailer.ingest(recap_message(recap, sent=ended), source="recap", now=ended)
    mailer.tick(datetime(2026, 12, 23, 9, 0, tzinfo=MADRID))
    text = " ".join(draft(mailer).get_body(("plain",)).get_content().split())
    assert text.startswith("Hi Anna, Thank you for the coffee yesterday!")
    assert "I will send you the slides of my talk" in text


def test_a_contacts_language_set_by_hand_writes_their_note(mailer: Mailer):
    mailer.add_contact(ANNA, name="Anna Ruiz", language="ca")
    forwarded = datetime(2026, 12, 1, 10, 0, tzinfo=MADRID)
    mailer.ingest(invite_message(invite_ics()), source="invite", now=forwarded)
    mailer.tick(datetime(2026, 12, 23, 9, 0, tzinfo=MADRID))
    text = " ".join(draft(mailer).get_body(("plain",)).get_content().split())
    assert text.startswith("Hola, Anna, Gràcies pel cafè d’ahir!")
    assert "It is in Catalan" in text
