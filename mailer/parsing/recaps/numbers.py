"""Counts written in words: "two weeks", "quince días", "d'aquí a tres setmanes".

text2num reads English and Spanish number words; it has no Catalan, so Catalan's few count
words are a table in ``words/ca.toml``. "a"/"un"/"una" count one ("in a month").
"""

from __future__ import annotations

from text_to_num import text2num

from mailer.parsing.recaps.words import fold, mapping, words

LIBRARY_LANGUAGES = ("en", "es")


def count(phrase: str) -> int | None:
    """The number ``phrase`` says (digits, or words in any of the three languages), or None."""
    phrase = " ".join(fold(phrase).replace("-", " ").split())
    if not phrase:
        return None
    if phrase.isdigit():
        return int(phrase)
    if phrase in words("dates.few") or phrase.split()[0] in words("dates.few"):
        return None
    if phrase in words("dates.one"):
        return 1
    if phrase in words("dates.couple"):
        return 2
    catalan = mapping("numbers")
    if phrase in catalan:
        return int(catalan[phrase])
    for lang in LIBRARY_LANGUAGES:
        try:
            value = text2num(phrase, lang)
        except ValueError:
            continue
        if value > 0:
            return int(value)
    return None
