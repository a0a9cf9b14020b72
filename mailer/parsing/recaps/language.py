"""Which language a recap is written in: English, Spanish or Catalan.

Counted by the function words of each language (``[language] markers`` in the data files):
a recap is short and full of names, where a statistical detector trained on long texts
guesses; these three languages share few function words, and the counts tell them apart.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from mailer.parsing.recaps.words import LANGUAGES, fold, words


@cache
def _markers(lang: str) -> frozenset[str]:
    return frozenset(words("language.markers", [lang]))


def language_of(text: str) -> str | None:
    """``en``, ``es`` or ``ca``; None when the text has none of their words."""
    tokens = re.findall(r"[\w']+", fold(text))
    scores = Counter({lang: sum(t in _markers(lang) for t in tokens) for lang in LANGUAGES})
    best, score = max(scores.items(), key=lambda item: (item[1], -LANGUAGES.index(item[0])))
    return best if score else None
