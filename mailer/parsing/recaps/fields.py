"""The fields of a note pasted from a CRM or a notes app: "When: Friday", "Where: Federal
Café, Sant Antoni", "Type: breakfast", "Lugar: Café Comercial", "Quan: dijous".

They say of the meeting what a sentence would ("Coffee with Jonas at Federal Café on
Friday"), so the reader takes them where the meeting's sentence says nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from mailer.parsing.recaps.words import alternation, fold, words

UNNAMED = re.compile(
    r"^(?:(?:at|en|a)\s+)?(?:her|his|their|my|our|su|sus|mi|el seu|la seva|el meu|la meva)\b"
)
"""An unnamed place: "his office", "su clínica"."""


@dataclass(frozen=True)
class Fields:
    when: str = ""
    where: str = ""
    kind: str = ""

    @property
    def place(self) -> str | None:
        """The place as written, the most specific part ("Federal Café, Sant Antoni")."""
        place = self.where.split(",")[0].strip(" .")
        return None if not place or UNNAMED.match(fold(place)) else place


@cache
def _label(kind: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:[-*•]\s*)?(?:{alternation(words(f'fields.{kind}'))})\s*:\s*")


def fields_of(body: str) -> Fields:
    """The first value of each field the body's lines give."""
    found: dict[str, str] = {}
    for line in body.splitlines():
        folded = fold(line)
        for kind in ("when", "where", "kind"):
            match = _label(kind).match(folded)
            if match and kind not in found:
                found[kind] = line[match.end() :].strip()
    return Fields(**found)
