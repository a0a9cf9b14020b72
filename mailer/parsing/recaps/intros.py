"""Introductions the user will make: which two people, from how people write it.

"I'll intro her to Jordi (jordi@x.org)", "introduce Raj to Sofia Rossi at Index", "connect
her with Daniel Kim about the Seoul office", "two founders in my cohort: Maya Patel and Chris
Doyle" (two introductions), "le voy a presentar a Kenji Sato", "li presentaré en Jordi Vila".
The one introduced is the attendee the words point to (a name, or "her" for the one met);
the others are whoever is named after "to"/"with"/"a"/"en" (or after a colon), up to the
words that say where they work ("at Index"). Nobody named: no introduction (a task then).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from mailer.parsing.recaps.people import NAME, Cast, Someone, _tokens, clean_name
from mailer.parsing.recaps.text import ADDRESS
from mailer.parsing.recaps.words import alternation, fold, words
from mailer.parsing.types import Person

ARTICLE = r"(?:(?:la|en|el|na)\s+|l['’])?"
RELATION = (
    r"(?:(?i:my|his|her|their|mi|su|mis|sus|la meva|el meu|la seva|el seu|meva|meu|seva|seu)"
    r"\s+(?:[a-zà-ÿ][\w'’-]*[\s,]+){0,5}?(?:(?:la|en|el|na)\s+|l['’])?)?"
)
"""Who the person is to someone, before the name: "my friend who produces audio, Liam"."""
TARGET = re.compile(
    rf"\s*{RELATION}{ARTICLE}(?P<name>{NAME})(?:\s*[<(\[]\s*(?:mailto:)?(?P<email>{ADDRESS})"
    rf"\s*[>)\]]|\s+[-–—]\s+(?P<email2>{ADDRESS}))?"
)
LIST_SEPARATOR = re.compile(r"^\s*(?:,|and|y|i|&)\s*(?:(?:la|en|el|na)\s+|l['’])?")
OBJECT_PRONOUNS = r"(?:her|him|them|le|les|li|els|-le|-li|-les|-los)"


@cache
def _intro_words() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{alternation(words('exchange.words.intro'))})(?:-\w+)?")


@cache
def _target_words() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{alternation(words('exchange.words.intro_target'))})\s+")


def _stop_words() -> re.Pattern[str]:
    return re.compile(r"^\s*(?:at|from|about|for|in|who|que|de|del|a l'|al|en el|because)\b")


def _names_from(text: str, at: int) -> list[tuple[str, str | None, int]]:
    """The names listed from ``at`` on: "Maya Patel and Chris Doyle", "Jordi (j@x.org)"."""
    found: list[tuple[str, str | None, int]] = []
    cursor = at
    while True:
        match = TARGET.match(text, cursor)
        if not match:
            break
        name = clean_name(match["name"])
        if name:
            email = (match["email"] or match["email2"] or "").lower() or None
            found.append((name, email, match.start("name")))
        cursor = match.end()
        more = LIST_SEPARATOR.match(text[cursor:])
        if not more or _stop_words().match(text[cursor:]):
            break
        cursor += more.end()
    return found


def introductions(
    text: str, cast: Cast, known: Mapping[str, str], context: str = ""
) -> list[tuple[Person, Person]] | None:
    """The pairs an introduction promises, or None when it names nobody to introduce to.

    ``context`` is the sentence around ``text``, where "her" finds who she is."""
    folded = fold(text)
    verb = _intro_words().search(folded)
    if verb is None:
        return None
    after = verb.end()
    pronoun = re.match(rf"\s*{OBJECT_PRONOUNS}\b", folded[after:])
    named_object = [] if pronoun else _names_from(text, after)
    if pronoun:
        after += pronoun.end()
    who: Someone | None = None
    cursor = after
    if named_object and not _target_words().match(folded[after:]):
        name, email, _ = named_object[0]
        who = _someone(cast, name, email)
        cursor = after + len(text[after:]) - len(text[after:].lstrip())
        cursor = text.find(name, cursor) + len(name)
    target = _target_words().search(folded[cursor:])
    targets: list[tuple[str, str | None, int]] = []
    if target is not None:
        targets = _names_from(text, cursor + target.end())
    if not targets and ":" in text[cursor:]:
        targets = _names_from(text, text.index(":", cursor) + 1)
    people = [_someone(cast, name, email) for name, email, _ in targets]
    people = [p for p in people if p is not None and p is not who]
    if not people:
        return None
    if who is None:
        who = _attendee_meant(cast, context[: max(context.find(text), 0)] if context else "")
    if who is None:
        return None
    return [(_person(who, known), _person(other, known)) for other in people]


def _someone(cast: Cast, name: str, email: str | None) -> Someone:
    if email:
        found = cast.with_email(email)
        if found is not None:
            return found
    return cast.named(name) or cast.add(name, email, present=False)


def _attendee_meant(cast: Cast, before: str) -> Someone | None:
    """ "her" in "introduce her to ...": the one attendee, else the last one named before
    ("Lola quiere que le presente a ..."), else the first."""
    present = cast.present()
    if len(present) <= 1:
        return present[0] if present else None
    folded = fold(before)
    named = [(folded.rfind(fold(p.name.split()[0])), p) for p in present if p.name]
    named = [(at, p) for at, p in named if at >= 0]
    return max(named, key=lambda pair: pair[0])[1] if named else present[0]


def _person(someone: Someone, known: Mapping[str, str]) -> Person:
    email = someone.email
    if not email and someone.name:
        email = known.get(fold(someone.name)) or known.get(_tokens(someone.name)[0], "")
    return Person(email or "", someone.name)


def involves_attendee(pairs: list[tuple[Person, Person]], cast: Cast) -> bool:
    """Whether one of the people introduced was at the meeting (the introduction is then
    also something given)."""
    emails = {p.email for p in cast.present() if p.email}
    names = {fold(p.name) for p in cast.present() if p.name}
    return any(
        bool(person.email and person.email in emails)
        or bool(person.name and fold(person.name) in names)
        for pair in pairs
        for person in pair
    )
