"""How an expected fact is recognised in what the reader returned.

The rules are deliberately forgiving about form and strict about substance: case, accents, a
leading article and extra words around a phrase do not matter; a different address, date or
object does. They are written out in ``eval/recaps/README.md`` ("Scoring").
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

STOPWORDS_FILE = Path(__file__).with_name("stopwords.toml")
LEADING_ARTICLE = re.compile(r"^(?:(?:the|el|la|els|les|los|las|lo)\s+|l['’]\s*)")
SPEC = re.compile(r"^\s*(?P<name>[^<>]*?)\s*(?:<(?P<email>[^<>@\s]+@[^<>\s]+)>)?\s*$")

E = TypeVar("E")
P = TypeVar("P")


class BadPersonSpec(ValueError):
    """A person written in a case file in none of the three accepted forms."""

    def __init__(self, spec: str) -> None:
        super().__init__(
            f"person {spec!r} is not 'Name <email>', 'Name' or '<email>'; "
            "write it one of those ways"
        )


@dataclass(frozen=True)
class PersonSpec:
    """A person as the evaluation knows them: an address, a name, or both."""

    name: str | None = None
    email: str | None = None

    @classmethod
    def parse(cls, spec: str) -> PersonSpec:
        match = SPEC.match(spec)
        if not match or not (match["name"] or match["email"]):
            raise BadPersonSpec(spec)
        return cls(name=match["name"] or None, email=(match["email"] or "").lower() or None)

    def __str__(self) -> str:
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or f"<{self.email}>"


def fold(text: str) -> str:
    """Lower case without accents: "Núria" and "nuria" are the same word here."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(text))


@cache
def stopwords(lang: str) -> frozenset[str]:
    with STOPWORDS_FILE.open("rb") as file:
        lists = tomllib.load(file)
    return frozenset(fold(word) for word in lists[lang])


def content_words(phrase: str, lang: str) -> list[str]:
    """The words of ``phrase`` that say something; all its words when every one is a stop word."""
    words = tokens(phrase)
    kept = [w for w in words if w not in stopwords(lang)]
    return list(dict.fromkeys(kept or words))


def phrase_matches(expected: str, predicted: str, lang: str) -> bool:
    """At least half of the expected phrase's content words are in the predicted phrase."""
    wanted = content_words(expected, lang)
    if not wanted:
        return False
    found = set(tokens(predicted))
    return 2 * sum(word in found for word in wanted) >= len(wanted)


def names_match(expected: str, predicted: str, *, first_name_is_unique: bool) -> bool:
    """Same name, folded; or the same first name when no other expected person has it."""
    want, got = tokens(expected), tokens(predicted)
    if not want or not got:
        return False
    return want == got or (first_name_is_unique and want[0] == got[0])


def unique_first_names(people: Sequence[PersonSpec]) -> frozenset[str]:
    firsts = [tokens(p.name)[0] for p in people if p.name and tokens(p.name)]
    return frozenset(first for first in firsts if firsts.count(first) == 1)


def person_matches(expected: PersonSpec, predicted: PersonSpec, unique: frozenset[str]) -> bool:
    """By address when the expected person has one, else by name."""
    if expected.email:
        return predicted.email == expected.email
    if not expected.name or not predicted.name:
        return False
    first = tokens(expected.name)[:1]
    unique_first = bool(first) and first[0] in unique
    return names_match(expected.name, predicted.name, first_name_is_unique=unique_first)


def named_in(person: PersonSpec, people: Sequence[PersonSpec], text: str) -> bool:
    """Whether an intro names ``person``: by address when the annotation has one (among the
    intro's people or in its words), else by name among its people or first name in its words."""
    if person.email:
        return any(p.email == person.email for p in people) or person.email in fold(text)
    if not person.name or not tokens(person.name):
        return False
    if any(p.name and names_match(person.name, p.name, first_name_is_unique=True) for p in people):
        return True
    return tokens(person.name)[0] in tokens(text)


def normal_place(place: str) -> str:
    folded = " ".join(fold(place).replace("’", "'").split())
    return " ".join(tokens(LEADING_ARTICLE.sub("", folded))) or " ".join(tokens(folded))


def places_match(expected: str, predicted: str) -> bool:
    """Case, accents, punctuation and a leading article ("the", "la", "l'") do not count."""
    return normal_place(expected) == normal_place(predicted)


def one_to_one(
    expected: Sequence[E], predicted: Sequence[P], matches: Callable[[E, P], bool]
) -> list[tuple[int, int]]:
    """The largest set of (expected, predicted) index pairs that match, each item used once.

    Augmenting paths (Kuhn's algorithm): a greedy pass could pair a long predicted phrase with
    the first expected phrase it covers and leave a better-fitting one unmatched.
    """
    edges = [[j for j, p in enumerate(predicted) if matches(e, p)] for e in expected]
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(expected)):
        assign(i, set())
    return sorted((i, j) for j, i in owner.items())
