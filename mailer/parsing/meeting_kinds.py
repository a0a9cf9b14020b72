"""What kind of meeting a few words speak of: "Coffee with Anna" -> coffee, "Dinar" -> lunch.

For invitations (their title says it) and for corrections ("actually it was lunch") while the
recap reader does not say; English, Spanish and Catalan words, the first one found wins.
"""

from __future__ import annotations

import re

WORDS = (
    ("breakfast", r"breakfast|brunch|desayun(?:o|ar|amos|ado|é|ó)|esmorz(?:ar|em|at|àrem)"),
    (
        "lunch",
        r"lunch|comida|almuerzo|almorz(?:ar|amos|ado|é)|comer|comimos|comí|"
        r"hemos\s+comido|dinar|dinem|dinat|dinàrem",
    ),
    ("dinner", r"dinner|supper|cena|cen(?:ar|amos|ado|é)|sopar|sopem|sopat|sopàrem"),
    ("drinks", r"drinks?|beers?|cañas?|copas?|vermut|vermouth|cerveses?|copes?|tapas"),
    ("video", r"video\s*call|zoom|google\s+meet|teams\s+call|videollamada|videotrucada"),
    ("call", r"call|phone|llamada|trucada"),
    ("coffee", r"coffee|café|cafe|cafè|cafecito"),
    ("meeting", r"meeting|meetup|reunión|reunion|reunió|trobada"),
)
KINDS_NAMED = tuple(kind for kind, _ in WORDS)
PATTERNS = tuple((kind, re.compile(rf"(?i)\b(?:{words})\b")) for kind, words in WORDS)


def kind_in(text: str) -> str | None:
    """The kind of meeting named earliest in ``text``, or None when it names none."""
    found = [(m.start(), kind) for kind, pattern in PATTERNS if (m := pattern.search(text or ""))]
    return min(found)[1] if found else None
