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

from mailer.parsing.recaps.names import NAME, _tokens, clean_name
from mailer.parsing.recaps.people import Cast, Someone
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
LIST_SEPARATOR = re.compile(
    r"^\s*(?:\([^()@]*\)\s*)?(?:,|and|y|i|&|<>|<->|↔)\s*(?:a\s+)?(?:(?:la|en|el|na)\s+|l['’])?"
)
PERSONAL_A = re.compile(r"\s*a\s+(?=[A-ZÀ-Þ])")
"""The Spanish and Catalan "a" before a person: "poner en contacto a Mariana con Jaime"."""
ATTENDEE_AND = re.compile(r"^\s*(?:her|him|them|ella|ell|el)\s+(?:and|y|i)\s+(?:a\s+)?", re.I)
"""The attendee first in the list of the two introduced: "an intro email to her and Sam"."""
OBJECT_PRONOUNS = r"(?:her|him|them|le|les|li|els|-le|-li|-les|-los)"


@cache
def _intro_words() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{alternation(words('exchange.words.intro'))})(?:-\w+)?")


@cache
def _object_is_target() -> re.Pattern[str]:
    """Verbs whose object is the one introduced to: "loop in my cofounder Lee Park"."""
    return re.compile(rf"(?:{alternation(words('exchange.words.intro_to_object'))})$")


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
        if not match or re.search(r"['’]s$", match["name"]):
            break  # "put him in touch with Imogen's agent": nobody named
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
    personal = PERSONAL_A.match(text, after)
    named_object = [] if pronoun else _names_from(text, personal.end() if personal else after)
    if personal and named_object:
        if len(named_object) > 1 or _target_after(text, folded, named_object[0]):
            after = personal.end()
        else:  # "presentarle a Chloé": Chloé is the one she is introduced to
            named_object = []
    if pronoun:
        after += pronoun.end()
        both = re.match(r"\s*(?:and|y|i)\s+(?:a\s+)?", folded[after:])  # "connect her and Tariq"
        if both and _names_from(text, after + both.end()):
            before = _before(context, text)
            return _pairs(cast, known, None, _names_from(text, after + both.end()), before)
    who: Someone | None = None
    cursor = after
    if _object_is_target().search(folded[: verb.end()]):
        if not named_object and ":" in text[after:]:  # "loop in two people: Eneko ... and Zsófia"
            start = text.index(":", after) + 1
            named_object = _names_from(text, start) + _more_targets(text, start, also="and")
        if named_object:
            before = _before(context, text)
            return _pairs(cast, known, None, named_object, before)
    if len(named_object) >= 2 and not _target_words().match(folded[after:]):
        first, *others = named_object  # "connect Sam Ortiz and Kai Berg": the two of them
        return _pairs(cast, known, _someone(cast, first[0], first[1]), others, "")
    object_first = bool(named_object) and (
        not _target_words().match(folded[after:])
        or _target_after(text, folded, named_object[0])  # "posar en contacte la Remei amb ..."
    )
    if object_first:
        name, email, _ = named_object[0]
        who = _someone(cast, name, email)
        cursor = after + len(text[after:]) - len(text[after:].lstrip())
        cursor = text.find(name, cursor) + len(name)
        aside = re.match(  # "Gintaras (my old flatmate) with", "Farah (farah@x.org) to"
            r"\s*(?:\([^()]*\)|<[^<>]*>|[-–—]\s*\S+@\S+)", text[cursor:]
        )
        cursor += aside.end() if aside else 0
    target = _target_words().search(folded[cursor:])
    targets: list[tuple[str, str | None, int]] = []
    if target is not None:
        start = cursor + target.end()
        attendee_first = ATTENDEE_AND.match(text[start:])
        targets = _names_from(text, start + (attendee_first.end() if attendee_first else 0))
    if not targets and ":" in text[cursor:]:
        targets = _names_from(text, text.index(":", cursor) + 1)
    at = context.rfind(text) if context else -1
    tail = context[at + len(text) :].split("\n", 1)[0] if at >= 0 else ""
    extra = _other_pairs(text + tail, cursor, cast, known)  # "... and Gaspard to Hugo"
    taken = {n for n, *_ in targets} | {p.name for pair in extra for p in pair}
    targets += [t for t in _more_targets(text, cursor) if t[0] not in taken]
    before = _before(context, text)
    pairs = _pairs(cast, known, who, targets, before)
    return (pairs or []) + extra or None


MORE = re.compile(r",?\s+(?:and|y|i)\s+(?:also\s+)?(?:to|with|a|con|amb)\s+(?=\S)")
"""A second one to introduce to, after a comment: "to my cofounder Wen, who ..., and to Paloma"."""
ANOTHER_PAIR = re.compile(rf",?\s+(?:and|y|i)\s+(?P<who>{NAME})\s+(?:to|with|a|con|amb)\s+(?=\S)")
"""A second introduction in the same words: "Farida to Mahsa and Gaspard to Hugo Pons"."""


def _more_targets(text: str, cursor: int, also: str = "") -> list[tuple[str, str | None, int]]:
    """Those named after "and to"/"y a"/"i amb" (or, with ``also``, after a bare "and")."""
    found: list[tuple[str, str | None, int]] = []
    pattern = re.compile(rf"{MORE.pattern}|,?\s+{also}\s+(?=\S)") if also else MORE
    for match in pattern.finditer(text, cursor):
        found += [n for n in _names_from(text, match.end())[:1] if n not in found]
    return found


def _other_pairs(
    text: str, cursor: int, cast: Cast, known: Mapping[str, str]
) -> list[tuple[Person, Person]]:
    pairs: list[tuple[Person, Person]] = []
    for match in ANOTHER_PAIR.finditer(text, cursor):
        name = clean_name(match["who"])
        targets = _names_from(text, match.end())[:1]
        if name and targets:
            who = _someone(cast, name, None)
            other = _someone(cast, targets[0][0], targets[0][1])
            if who is not other:
                pairs.append((_person(who, known), _person(other, known)))
    return pairs


def _pairs(
    cast: Cast,
    known: Mapping[str, str],
    who: Someone | None,
    targets: list[tuple[str, str | None, int]],
    before: str,
) -> list[tuple[Person, Person]] | None:
    """``who`` (else the attendee meant) introduced to each of ``targets``; None for nobody."""
    people = [_someone(cast, name, email) for name, email, _ in targets]
    people = [p for p in people if p is not None and p is not who]
    if not people:
        return None
    if who is None:
        who = _attendee_meant(cast, before)
    if who is None:
        return None
    people = [p for p in people if p is not who]
    return [(_person(who, known), _person(other, known)) for other in people] or None


def _before(context: str, text: str) -> str:
    """What the context says before the phrase: where "her" finds who she is."""
    return context[: max(context.find(text), 0)] if context else ""


def _target_after(text: str, folded: str, named: tuple[str, str | None, int]) -> bool:
    """Whether someone to introduce to follows the name: "a Nahuel a la gente del SEPE"."""
    end = named[2] + len(named[0])
    aside = re.match(r"\s*(?:\([^()]*\)|<[^<>]*>)", text[end:])
    end += aside.end() if aside else 0
    return bool(_target_words().match(folded[end:]))


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
