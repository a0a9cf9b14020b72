"""Read recaps the way the tests need them: a fixed sending time, zone and address book."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from mailer.parsing.recap import parse_recap
from mailer.parsing.types import Person, Recap

MADRID = ZoneInfo("Europe/Madrid")
UTC_ZONE = ZoneInfo("UTC")
WEDNESDAY_EVENING = datetime(2026, 11, 25, 20, 0, tzinfo=MADRID)
"""Sent on Wednesday 25 November 2026, 20:00 in Madrid (19:00Z, CET)."""

ANNA = Person("anna@example.com", "Anna Ruiz")
PAU = Person("pau@example.org", "Pau")
KNOWN = {
    "anna ruiz": "anna@example.com",
    "anna": "anna@example.com",
    "jordi": "jordi@example.cat",
    "marta": "marta@example.es",
}
EXAMPLE = (
    "Had coffee with Anna Ruiz <anna@example.com> this morning at Satan's Coffee Corner.\n"
    "Gave: shared my notes on event formats; offered to e-introduce her to Pau (pau@example.org)\n"
    "Got: two contacts for the project; honest feedback on my pitch\n"
    "Follow up in 2 weeks. #slownetworking"
)
SPANISH = (
    "Ayer tomé un café con Anna.\nDi: feedback sobre su web; un contacto en Gràcia\n"
    "Recibí: un libro\nSeguimiento en 3 semanas."
)
CATALAN = (
    "Ahir vaig dinar amb Jordi.\nVaig donar: contactes\nVaig rebre: idees\nSeguiment en 2 setmanes."
)
PROMPT_REPLY = (
    "Coffee with Anna <anna@example.com> today.\nGot: a great book tip\n\n"
    "On Wed, Nov 25, 2026 at 10:00 AM Mailer <recap@assistant.localhost> wrote:\n\n"
    "> How was coffee with Anna? Reply with what you gave, what you got,\n"
    "> and when to follow up, e.g.\n> Gave: ...\n> Got: ...\n> Follow up in 3 weeks. #example\n"
)


def read(
    text: str, sent_at: datetime = WEDNESDAY_EVENING, known: Mapping[str, str] | None = None
) -> Recap:
    return parse_recap(
        text, sent_at=sent_at, zone=MADRID, known_names=KNOWN if known is None else known
    )


def madrid(*args: int) -> datetime:
    """An instant given on Madrid's wall clock, in UTC as parsers return it."""
    return datetime(*args, tzinfo=MADRID).astimezone(UTC_ZONE)
