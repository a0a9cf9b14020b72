"""Read a short answer: the asked person's yes or no, and the user's one-line commands.

The words are data (``words.toml`` next to this file), in English, Spanish and Catalan, so a
phrase people write can be added without touching code. An answer is read from its first lines
only, quotes and signature removed: "Sure, happy to!" is a yes, "ara no puc" a no, and anything
with both kinds of words ("yes, but not now") or neither is unclear, for the user to decide.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from importlib import resources
from typing import Literal

from mailer.parsing.quoting import strip_quotes_and_signature

Verdict = Literal["yes", "no", "unclear"]
LINES_READ = 5
"""An answer's first lines (after the greeting, if any): a yes is not hidden further down."""
ASK = [
    re.compile(r"(?i)^\s*ask\s+(?P<who>.+?)\s+first\s*[.!]?\s*$"),
    re.compile(
        r"(?i)^\s*preg[uú]nta(?:le|-li)?\s+(?:(?:primero|primer)\s+)?(?:a\s+)?"
        r"(?:(?:la|el|en|na)\s+|l')?(?P<who>.+?)(?:\s+(?:primero|primer))?\s*[.!]?\s*$"
    ),
]
"""ask Marta first / pregunta primero a Marta / pregunta primer a la Marta."""
ASK_BOTH = re.compile(
    r"(?i)^\s*(?:ask\s+(?:them\s+)?both|ask\s+them\s+both|pregunta\s+a\s+(?:los|las)\s+dos"
    r"|pregunta\s+a\s+ambos|pregunta\s+als\s+dos|pregunta\s+a\s+tots\s+dos"
    r"|pregunta\s+a\s+totes\s+dues)\s*[.!]?\s*$"
)


@cache
def words() -> dict[str, tuple[str, ...]]:
    """Every list of ``words.toml``, all languages together, longest phrase first."""
    with resources.files("mailer.intros").joinpath("words.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return {
        kind: tuple(sorted({_normal(p) for ps in by_language.values() for p in ps}, key=len)[::-1])
        for kind, by_language in data.items()
    }


def _normal(text: str) -> str:
    """Lower case, NFC, one kind of apostrophe, punctuation (the underscore too) as spaces,
    spaces collapsed."""
    text = unicodedata.normalize("NFC", text).lower().replace("’", "'").replace("`", "'")
    text = re.sub(r"[^\w'\s·-]|_", " ", text)
    text = re.sub(r"(?<!\w)['·-]+|['·-]+(?!\w)", " ", text)  # only inside words (l·l, d'acord)
    return " ".join(text.split())


def _found(text: str, phrases: tuple[str, ...]) -> tuple[bool, str]:
    """Whether any phrase is in ``text`` (as whole words), and the text without them."""
    found = False
    for phrase in phrases:
        pattern = rf"(?<![\w'·-]){re.escape(phrase)}(?![\w'·-])"
        text, count = re.subn(pattern, " | ", text)
        found = found or bool(count)
    return found, text


def opening(text: str) -> str:
    """The first lines of what the writer wrote, normalised."""
    lines = [line for line in strip_quotes_and_signature(text).splitlines() if line.strip()]
    return _normal(" ".join(lines[:LINES_READ]))


def verdict(text: str) -> Verdict:
    """Yes, no, or unclear: the answer to "may I introduce you?"."""
    both = words()
    combined = sorted(
        [(p, "yes") for p in both["yes"]] + [(p, "no") for p in both["no"]],
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    remaining = opening(text)
    said: set[str] = set()
    for phrase, kind in combined:  # longest first, across both lists ("no problem" before "no")
        hit, remaining = _found(remaining, (phrase,))
        if hit:
            said.add(kind)
    if said == {"yes"}:
        return "yes"
    return "no" if said == {"no"} else "unclear"


def says(text: str, kind: str) -> bool:
    """Does the answer's first line say ``kind`` ("nudge", "drop") and nothing else?"""
    lines = [line for line in strip_quotes_and_signature(text).splitlines() if line.strip()]
    first = _normal(lines[0]) if lines else ""
    return bool(first) and first in words()[kind]


def ask_command(line: str) -> tuple[str, str] | None:
    """("both", "") for "ask both", ("first", "Marta") for "ask Marta first", else None."""
    if ASK_BOTH.match(line):
        return "both", ""
    for pattern in ASK:
        match = pattern.match(line)
        if match:
            return "first", match["who"].strip()
    return None
