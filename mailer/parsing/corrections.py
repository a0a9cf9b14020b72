"""Read a reply to a confirmation: plain lines that correct what was filed.

    follow up: 15 January          seguimiento: 15 de enero        seguiment: 15 de gener
    follow up in 3 weeks           seguimiento en 3 semanas        seguiment d'aquí a 3 setmanes
    no follow-up                   sin seguimiento                 sense seguiment
    not Jordi / remove jordi@…     quita a Jordi / no Jordi        treu en Jordi / no Jordi
    add Marc <marc@…>              añade a Marc <marc@…>           afegeix en Marc <marc@…>
    gave: …  got: …                di: …  recibí: …                vaig donar: …  vaig rebre: …
    place: …  name: …  kind: lunch lugar: …  nombre: …  tipo: …    lloc: …  nom: …  tipus: …
    language: ca                   idioma: ca                      idioma: ca
    caption: Coffee with Marta…    pie de foto: Café con Marta…    peu de foto: Cafè amb la Marta…
    undo                           deshacer                        desfer

One correction per line, several lines per reply. A line in none of these forms is read as a
sentence of a recap ("actually it was lunch, and follow up in two weeks") by the recap reader;
a line that says nothing to either is kept, unread, so the answer can quote it back. Pure
text in, plain data out: nothing here knows the log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from mailer.config_sections import UnknownLanguage, language_code
from mailer.parsing.meeting_kinds import kind_in
from mailer.parsing.quoting import strip_quotes_and_signature
from mailer.parsing.recap import addresses_in, parse_recap
from mailer.parsing.recap_dates import future_date
from mailer.parsing.types import Person, Recap

Action = Literal[
    "follow_up", "no_follow_up", "remove", "add", "gave", "got", "place", "name", "language",
    "kind", "caption", "undo", "recap", "unknown",
]  # fmt: skip


@dataclass(frozen=True)
class Correction:
    """One line of a reply, understood (or not: ``unknown``)."""

    action: Action
    line: str
    """The line as the user wrote it, for the answer to quote."""
    value: str = ""
    """What the line gives: the text given or got, a place, a name, a person named, a language
    code, a kind of meeting, the caption of a post (with its own punctuation)."""
    on: date | None = None
    """The follow-up day (``follow_up``)."""
    person: Person | None = None
    """Whom to add, with their address (``add``)."""
    recap: Recap | None = None
    """What a free sentence says (``recap``)."""


def _form(words: str, rest: str = r"\s*[:=\-–]\s*(?P<value>.+)") -> re.Pattern[str]:
    return re.compile(rf"(?i)^(?:{words}){rest}$")


FOLLOW = (
    r"follow[\s-]*up|follow\s+up\s+on|remind\s+me|seguimiento|recuérdamelo|seguiment|recorda-m'ho"
)
UNDO = _form(r"undo|deshacer|desfer|desfés|annuler", r"")
NO_FOLLOW_UP = _form(
    r"no\s+(?:more\s+)?follow[\s-]*ups?|no\s+need\s+to\s+follow\s+up|sin\s+seguimiento|"
    r"no\s+hace\s+falta\s+(?:hacer\s+)?seguimiento|sense\s+seguiment|cap\s+seguiment",
    r"",
)
FOLLOW_UP_ON = _form(FOLLOW)
FOLLOW_UP_IN = _form(FOLLOW, r"\s+(?P<value>(?:in|en|on|el|the|next|dentro\s+de|dins\s+de|"
                     r"d'aquí\s+a|d’aquí\s+a|al|a)\b.+)")  # fmt: skip
REMOVE = _form(
    r"not|no|remove|drop|delete|quita(?:r)?(?:\s+a)?|elimina(?:r)?(?:\s+a)?|borra(?:r)?(?:\s+a)?|"
    r"treu(?:re)?(?:\s+(?:en|na|la|el|l'|a))?|no\s+era|no\s+és|no\s+hi\s+era",
    r"\s+(?P<value>.+)",
)
ADD = _form(
    r"add|also|añade(?:\s+a)?|añadir(?:\s+a)?|agrega(?:\s+a)?|afegeix(?:\s+(?:en|na|la|el|a))?|"
    r"afegir(?:\s+(?:en|na|la|el|a))?",
    r"\s+(?P<value>.+)",
)
VALUE_FORMS: tuple[tuple[Action, re.Pattern[str]], ...] = (
    ("gave", _form(r"gave|i\s+gave|given|di|dí|le\s+di|vaig\s+donar|donat|he\s+donat")),
    ("got", _form(r"got|i\s+got|received|recibí|me\s+dio|vaig\s+rebre|rebut|he\s+rebut")),
    ("place", _form(r"place|where|location|venue|lugar|sitio|dónde|donde|lloc|on")),
    ("name", _form(r"name|full\s+name|nombre|nom")),
    ("language", _form(r"language|lang|idioma|llengua|lengua")),
    ("kind", _form(r"kind|type|what|tipo|tipus|qué|què")),
)
CAPTION = _form(r"caption|pie(?:\s+de)?\s+foto|leyenda|peu(?:\s+de)?\s+foto|llegenda")
"""The user's own words for the post about the meeting (mailer/photos/)."""
COURTESY = re.compile(
    r"(?i)^(?:hi|hello|hey|thanks|thank\s+you|cheers|ok|okay|hola|gracias|muchas\s+gracias|"
    r"saludos|un\s+saludo|bon\s+dia|gràcies|moltes\s+gràcies|salut|fins\s+aviat)\b[\s,.!]*$"
)
BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
CATALAN_SPANS = (
    (re.compile(r"(?i)\bd['’]aquí\s+a\b"), "en"),
    (re.compile(r"(?i)\bdins\s+de\b"), "en"),
)


def read_corrections(text: str, *, sent_at: datetime, zone: ZoneInfo) -> list[Correction]:
    """Every correction in a reply's own text (quotes and signature dropped), in order."""
    corrections = []
    for raw in strip_quotes_and_signature(text or "").splitlines():
        whole = " ".join(BULLET.sub("", raw).split())
        line = whole.rstrip(" .;")
        if line and not COURTESY.match(line):  # a caption keeps its closing full stop
            corrections.append(_caption(whole) or read_line(line, sent_at=sent_at, zone=zone))
    return corrections


def read_line(line: str, *, sent_at: datetime, zone: ZoneInfo) -> Correction:
    """One line as a correction (``unknown`` when it says nothing this module can read)."""
    if caption := _caption(line):
        return caption
    if UNDO.match(line):
        return Correction("undo", line)
    if NO_FOLLOW_UP.match(line):
        return Correction("no_follow_up", line)
    for form in (FOLLOW_UP_IN, FOLLOW_UP_ON):
        if match := form.match(line):
            when = match["value"]
            for pattern, replacement in CATALAN_SPANS:
                when = pattern.sub(replacement, when)
            day = future_date(when, sent_at=sent_at, zone=zone)
            return Correction("follow_up", line, when.strip(), on=day) if day else _unknown(line)
    for action, form in VALUE_FORMS:
        if match := form.match(line):
            return _valued(action, line, match["value"].strip())
    if match := ADD.match(line):
        named = addresses_in(match["value"])
        if named:
            return Correction("add", line, named[0].name or named[0].email, person=named[0])
        return Correction("add", line, match["value"].strip())
    if match := REMOVE.match(line):
        return Correction("remove", line, match["value"].strip().strip("<>"))
    return _free(line, sent_at=sent_at, zone=zone)


def _caption(line: str) -> Correction | None:
    match = CAPTION.match(line)
    return Correction("caption", line, match["value"].strip()) if match else None


def _valued(action: Action, line: str, value: str) -> Correction:
    if action == "language":
        try:
            return Correction("language", line, language_code(value))
        except UnknownLanguage:
            return _unknown(line)
    if action == "kind":
        kind = kind_in(value)
        return Correction("kind", line, kind) if kind else _unknown(line)
    return Correction(action, line, value)


def _free(line: str, *, sent_at: datetime, zone: ZoneInfo) -> Correction:
    """A sentence of a recap, when the recap reader finds anything in it."""
    recap = parse_recap(line, sent_at=sent_at, zone=zone)
    kind = recap.kind or kind_in(line)
    useful = (
        kind or recap.follow_up_on or recap.place or recap.gave or recap.got or recap.people
        or recap.action_items
    )  # fmt: skip
    if not useful:
        return _unknown(line)
    return Correction("recap", line, kind or "", on=recap.follow_up_on, recap=recap)


def _unknown(line: str) -> Correction:
    return Correction("unknown", line)
