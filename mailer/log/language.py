"""Which language a recap or an invitation is written in, so its people get mail in it.

A small word-list guess, kept apart on purpose: the recap reader may one day say the language
itself (``Recap.language``), and then this is only the fallback for invitations. It counts
words that are frequent in one of the three languages and rare in the others (Catalan and
Spanish share many, so the lists hold the ones that tell them apart) and answers only when one
language clearly leads; otherwise None, and the user's own language applies.
"""

from __future__ import annotations

import re

MARKERS: dict[str, frozenset[str]] = {
    "en": frozenset(
        (
            "the",
            "and",
            "with",
            "this",
            "that",
            "was",
            "had",
            "met",
            "we",
            "my",
            "her",
            "his",
            "for",
            "from",
            "about",
            "will",
            "follow",
            "up",
            "coffee",
            "lunch",
            "breakfast",
            "dinner",
            "yesterday",
            "today",
            "morning",
            "gave",
            "got",
            "week",
            "weeks",
        )
    ),
    "es": frozenset(
        (
            "el",
            "los",
            "las",
            "con",
            "ayer",
            "hoy",
            "mañana",
            "tomé",
            "comí",
            "quedé",
            "quedamos",
            "desayuno",
            "comida",
            "cena",
            "reunión",
            "semanas",
            "semana",
            "seguimiento",
            "recibí",
            "di",
            "le",
            "mis",
            "muy",
            "pero",
            "también",
            "estuvimos",
            "hablamos",
            "nos",
            "que",
            "por",
            "para",
            "una",
        )
    ),
    "ca": frozenset(
        (
            "amb",
            "els",
            "les",
            "ahir",
            "avui",
            "demà",
            "vaig",
            "vam",
            "esmorzar",
            "dinar",
            "sopar",
            "setmanes",
            "setmana",
            "seguiment",
            "rebut",
            "donat",
            "li",
            "meves",
            "molt",
            "però",
            "també",
            "hem",
            "parlat",
            "ens",
            "que",
            "per",
            "una",
            "trobada",
            "cafè",
            "aquest",
            "aquesta",
        )
    ),
}
WORD = re.compile(r"[\w'’·-]+")
LEAD = 2
"""How many marker words more than the runner-up a language needs to be the answer."""


def guess_language(text: str) -> str | None:
    """ "en", "es" or "ca" when ``text`` clearly is in one of them, else None."""
    words = [w.lower().strip("'’-") for w in WORD.findall(text or "")]
    scores = {
        language: sum(word in markers for word in words) for language, markers in MARKERS.items()
    }
    (best, top), (_, second) = sorted(scores.items(), key=lambda kv: -kv[1])[:2]
    return best if top >= LEAD and top - second >= LEAD else None
