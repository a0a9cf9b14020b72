"""The reader's vocabulary: word lists by language in TOML data files, merged into patterns.

Every language's words are kept in ``words/<lang>.toml`` so that a word is added without
touching code. The reader matches all three languages at once (a Spanish recap says
"feedback", an English one "café"), so the lists are merged; text is matched after
:func:`fold` (lower case, no accents), which keeps every character at its place so that a
match gives back the words as written.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("en", "es", "ca")
REGEX_PREFIX = "re:"


def fold(text: str) -> str:
    """Lower case without accents, one character for one: spans found here are spans there."""
    return "".join(_fold_char(c) for c in text)


def fold_entry(entry: str) -> str:
    """A word list entry folded like text; a regular expression only loses its accents."""
    if entry.startswith(REGEX_PREFIX):
        return "".join(c if c.isascii() else _fold_char(c) for c in entry)
    return fold(entry)


@cache
def _fold_char(char: str) -> str:
    lowered = char.lower()
    if len(lowered) != 1:
        lowered = char
    base = unicodedata.normalize("NFD", lowered)[0]
    if base == "’":
        return "'"
    return base if base.isascii() or not base.isalpha() else lowered


@cache
def lexicon(lang: str) -> dict[str, Any]:
    """One language's data file, as read."""
    data = resources.files("mailer.parsing.recaps").joinpath("words").joinpath(f"{lang}.toml")
    return tomllib.loads(data.read_text(encoding="utf-8"))


def _get(data: dict[str, Any], path: str) -> Any:
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def words(path: str, langs: Iterable[str] = LANGUAGES) -> tuple[str, ...]:
    """The entries of ``path`` ("dates.today") in every language, folded, longest first."""
    return _words(path, tuple(langs))


@cache
def _words(path: str, langs: tuple[str, ...]) -> tuple[str, ...]:
    found: list[str] = []
    for lang in langs:
        value = _get(lexicon(lang), path) or []
        found += [entry for entry in value if isinstance(entry, str)]
    unique = dict.fromkeys(fold_entry(e) for e in found)
    return tuple(sorted(unique, key=len, reverse=True))


def table(path: str, langs: Iterable[str] = LANGUAGES) -> list[list[str]]:
    """Lists of lists (weekdays, months): position i of every language merged."""
    merged: list[list[str]] = []
    for lang in langs:
        for index, names in enumerate(_get(lexicon(lang), path) or []):
            while len(merged) <= index:
                merged.append([])
            merged[index] += [fold(n) for n in names if fold(n) not in merged[index]]
    return merged


def mapping(path: str, langs: Iterable[str] = LANGUAGES) -> dict[str, Any]:
    """A table of words to values (Catalan number words), merged."""
    merged: dict[str, Any] = {}
    for lang in langs:
        for key, value in (_get(lexicon(lang), path) or {}).items():
            merged.setdefault(fold(key), value)
    return merged


def phrase_pattern(entry: str) -> str:
    """One entry as a regular expression: spaces match any space, a ``re:`` entry is itself."""
    if entry.startswith(REGEX_PREFIX):
        return entry[len(REGEX_PREFIX) :]
    return r"\s+".join(re.escape(part) for part in entry.split())


def alternation(entries: Sequence[str]) -> str:
    """Entries as one group, longest first so that "video call" wins over "call"."""
    return _alternation(tuple(entries))


@cache
def _alternation(entries: tuple[str, ...]) -> str:
    ordered = sorted(entries, key=len, reverse=True)
    return "(?:" + "|".join(phrase_pattern(e) for e in ordered) + ")" if ordered else "(?!)"


def bounded(entries: Sequence[str]) -> re.Pattern[str]:
    """Entries as whole words (not inside a longer word)."""
    return _bounded(tuple(entries))


@cache
def _bounded(entries: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w@/-]){alternation(entries)}(?![\w@-])")


def any_of(path: str) -> re.Pattern[str]:
    return bounded(words(path))


@dataclass(frozen=True)
class Frame:
    """One way of saying who gave, got or promised what (see ``[exchange]`` in the data)."""

    actor: str
    role: str
    pattern: re.Pattern[str]
    lang: str
    needs: re.Pattern[str] | None = None


def compile_frame(pattern: str, lists: dict[str, Sequence[str]]) -> re.Pattern[str]:
    """``"{other}? offered {to_me} ^{rest}"`` as a regular expression anchored at the start.

    A ``^`` opens the named group ``phrase`` there and it runs to the end of the clause.
    """
    out = "^"
    tokens = pattern.split()
    opened = False
    for index, raw in enumerate(tokens):
        optional = raw.endswith("?")
        name = raw.rstrip("?")
        mark = name.startswith("^")
        name = name.lstrip("^")
        if name == "{rest}":
            body = r"(?P<rest>\S.*)"
        elif name == "{@}":
            body = "@x*"
        elif name.startswith("{") and name.endswith("}"):
            body = alternation([*lists[name[1:-1]]])
        else:
            body = phrase_pattern(fold(name))
        glue = "" if index == len(tokens) - 1 else r"(?:(?<=['/])|(?=\s*')|\b)\s*"
        piece = f"(?:{body}{glue})"
        if mark and not opened:
            out += "(?P<phrase>"
            opened = True
        out += f"{piece}?" if optional else piece
    if opened:
        out += ")"
    return re.compile(out, re.DOTALL)


@cache
def frames() -> tuple[Frame, ...]:
    """Every language's frames, in the order of the files (English, Spanish, Catalan)."""
    found: list[Frame] = []
    for lang in LANGUAGES:
        exchange = lexicon(lang).get("exchange", {})
        lists: dict[str, Sequence[str]] = {
            key: ["re:@x*" if e == "@" else fold_entry(e) for e in v]
            for key, v in exchange.get("lists", {}).items()
        }
        for frame in exchange.get("frames", []):
            needs = frame.get("needs")
            found.append(
                Frame(
                    actor=frame["actor"],
                    role=frame["role"],
                    pattern=compile_frame(frame["pattern"], lists),
                    lang=lang,
                    needs=bounded(lists[needs]) if needs else None,
                )
            )
    return tuple(found)
