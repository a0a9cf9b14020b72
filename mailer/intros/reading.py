"""Read introductions out of what the user writes: a reply line, an intro@ message, a recap's
promise; and the user's one-line commands about them ("ask Marta first", "ask both").

Pure text in, plain data out: nothing here knows about the database, so every function can be
tried on any string (the tests do, with hypothesis) and never raises. People are read as the
user wrote them (:class:`Named`: a name, an address, or both); matching a name to a contact is
the log's job (:mod:`mailer.intros.people`), and a person without an address is never given a
guessed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ADDRESS = r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"
NAME = (
    r"[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:\s+(?:(?:de|del|de la|van|von|da|dos)\s+)?"
    r"[A-ZÀ-ÖØ-Þ][\w'’.-]*){0,3}"
)
"""One to four capitalised words ("Jordi", "Marta de la Fuente", "Núria Puig-Serra")."""
MENTION = re.compile(
    rf"(?:(?P<name>{NAME})\s*)?[<(\[]\s*(?P<email>{ADDRESS})\s*[>)\]]"
    rf"|(?P<bare>{ADDRESS})"
    rf"|(?P<alone>{NAME})"
)
"""A person in running text: a name with its address, an address, or a name."""
ARROW = re.compile(r"\s*(?:->|→|=>|⇒|–>|—>)\s*")
INTRO_LINE = re.compile(
    r"(?i)^\s*(?:intro|introduction|introducci[oó]n|presentaci[oó]n?|presenta)\s*:\s*(?P<rest>.+)$"
)
INTRO_VERB = re.compile(
    r"(?i)\b(?:e-?)?introduc(?:e|es|ed|ing|tion)\b"
    r"|\bpresent(?:ar|ará|aré|arà|arem|aremos|aria|aría|o|é|ó|i|a|e)(?:-?(?:le|la|lo|les|li|los|me|te|nos|vos))?\b"
)
"""Introduce (and e-introduce), presentar (Spanish) and presentar (Catalan), with the object
pronouns Spanish and Catalan join to the verb ("presentarle", "presentar-li")."""
TO_ME = re.compile(
    r"(?i)\bintroduc\w*\s+(?:me|us)\s+to\s+(?P<who>.+)"
    r"|\b(?:me|em|ens|nos)\s+(?:(?:va|van|vol|volen)\s+a?\s*|(?:ofreci[oó]|oferí)\s+)?present\w*\s+(?:a\s+)?(?P<es>.+)"
    r"|\bpresent\w*-?(?:me|nos|ens)\s+(?:a\s+)?(?P<ca>.+)"
)
"""Someone introducing the user: "she'll introduce me to her manager", "me presentará a su
jefa", "em presentarà la seva cap", "va a presentarme a Pau"."""
PRONOUNS = frozenset(
    {"I", "He", "She", "They", "We", "You", "Her", "Him", "Them", "Le", "Li", "La", "El", "Lo",
     "Les", "Los", "Las", "Ella", "Ell", "Él", "Yo", "Jo", "En", "Na", "Al", "A", "Offered",
     "Promised", "Will", "Ofrecí", "Vaig", "Presentaré", "Presentarà", "Introduce", "The"}
)  # fmt: skip
"""Capitalised words that start a sentence or stand for a person, never a person's name."""
ARTICLES = re.compile(r"(?i)^(?:(?:a|al|a la|la|el|en|na|l'|l’|to|and|y|i)\s+|l['’])")
BECAUSE = r"\b(?:because|since|porque|ya que|pues|perquè|ja que)\b"
REASON = re.compile(
    rf"\s*(?:(?:[:;,(–—]|\.(?:\s|$)|\s-\s)\s*(?:{BECAUSE})?|{BECAUSE})\s*", re.IGNORECASE
)
"""Where a person's name ends and the reason for the introduction starts."""


@dataclass(frozen=True)
class Named:
    """A person as the user wrote them; either part may be empty, never both."""

    name: str = ""
    email: str = ""

    @property
    def label(self) -> str:
        return self.name or self.email


@dataclass
class Request:
    """An introduction asked for: ``introduced`` (who needs it) to ``to`` (whose time is asked)."""

    introduced: Named | None
    to: Named | None
    why: str = ""
    line: str = ""
    extra: list[str] = field(default_factory=list)


def _clean_name(text: str) -> str:
    name = ARTICLES.sub("", " ".join(text.split()).strip(" .,;:!?\"'()[]<>"))
    return name.strip(" .,;:!?\"'()[]<>")


def person(text: str) -> Named | None:
    """The one person ``text`` names: "Marta Soler <marta@example.com>", "marta@…", "Marta"."""
    address = re.search(ADDRESS, text)
    email = address.group(0).lower().strip(".") if address else ""
    name = _clean_name(re.sub(rf"[<(\[]?\s*{ADDRESS}\s*[>)\]]?", " ", text))
    if not email and not name:
        return None
    return Named(name[:200], email)


def leading_person(text: str) -> tuple[Named | None, str]:
    """The person ``text`` starts with, and what follows (the reason, if any)."""
    text = text.strip()
    match = re.match(rf"(?P<name>[^<>()\[\]:;\n]*?)\s*[<(\[]\s*(?P<email>{ADDRESS})\s*[>)\]]", text)
    match = match or re.match(rf"(?P<name>)(?P<email>{ADDRESS})", text)
    if match:
        rest = text[match.end() :]
        return person(match.group(0)), REASON.sub("", rest, count=1).strip() if rest else ""
    cut = REASON.search(text)
    head, rest = (text[: cut.start()], text[cut.end() :]) if cut else (text, "")
    return person(head), rest.strip()


def intro_line(line: str) -> Request | None:
    """``intro: Marta -> Jordi`` (with names, addresses or both, and optionally a reason after
    the second person: ``intro: Marta -> Jordi: she needs a designer``)."""
    match = INTRO_LINE.match(line)
    if not match:
        return None
    parts = ARROW.split(match["rest"], maxsplit=1)
    if len(parts) != 2:
        return None
    introduced = person(parts[0])
    to, why = leading_person(parts[1])
    if introduced is None or to is None:
        return None
    return Request(introduced, to, why, line.strip())


def intro_lines(text: str) -> list[Request]:
    """Every ``intro:`` line of a reply whose first line is one; the lines after each are its
    reason. Empty when the reply does not start with one (it is then no concern of ours)."""
    requests: list[Request] = []
    for line in (line for line in text.splitlines() if line.strip()):
        request = intro_line(line)
        if request is not None:
            requests.append(request)
        elif not requests:
            return []
        else:
            requests[-1].extra.append(line.strip())
    for request in requests:
        request.why = " ".join([request.why, *request.extra]).strip()
    return requests


def mentions(text: str) -> list[Named]:
    """The people ``text`` names, in order: with an address, an address, or a capitalised name
    that is not a pronoun or the first word of a sentence."""
    found: list[Named] = []
    for match in MENTION.finditer(text):
        if match["email"] or match["bare"]:
            email = (match["email"] or match["bare"]).lower()
            found.append(Named(_clean_name(match["name"] or ""), email))
            continue
        words = match["alone"].split()
        while words and words[0].strip(".,") in PRONOUNS:
            words.pop(0)
        if words:
            found.append(Named(_clean_name(" ".join(words)), ""))
    return found


def promised(text: str) -> tuple[Named | None, Named | None]:
    """Who is introduced to whom in a promise ("I'll introduce Marta to Jordi Vila <jordi@…>",
    "le ofrecí presentarle a Pau", "li presentaré la Núria"): (introduced, to). With one person
    named, they are the one introduced *to*, and the introduced is the person met (None)."""
    verb = INTRO_VERB.search(text)
    if verb is None:
        return None, None
    people = mentions(text[verb.end() :])
    if len(people) >= 2:
        return people[0], people[1]
    return None, (people[0] if people else None)


def promised_to_me(text: str) -> str | None:
    """Whom someone promised to introduce the user to ("her manager", "Pau"), or None."""
    match = TO_ME.search(text)
    if match is None:
        return None
    who = next(group for group in match.groups() if group)
    cut = re.search(r"[.;:!?\n(<]|\s[-–—]\s", who)
    who = " ".join((who[: cut.start()] if cut else who).split()).strip(" ,\"'")
    return who[:200] or None


def is_introduction(text: str) -> bool:
    """Does a promise speak of an introduction (to make, or to get)?"""
    return bool(INTRO_VERB.search(text) or TO_ME.search(text))


AND = re.compile(r"\s+(?:and|y|i|&|\+)\s+", re.IGNORECASE)


def intro_mail(subject: str, text: str, named: list[Named]) -> Request | None:
    """What an email to intro@ asks for: an arrow (``Marta -> Jordi``) in the subject or a
    line, an "introduce A to B" sentence, "Marta and Jordi" as the subject or first line, or
    else the first two people it names with an address (in To and Cc, then in the text).
    The lines that name no one are the reason."""
    lines = [subject, *text.splitlines()]

    def reason(used: str) -> str:
        return _why([line for line in text.splitlines() if line.strip() != used.strip()])

    for line in lines:
        parts = ARROW.split(INTRO_LINE.sub(r"\g<rest>", line), maxsplit=1)
        if len(parts) == 2 and (introduced := person(parts[0])) is not None:
            to, why = leading_person(parts[1])
            if to is not None:
                return Request(introduced, to, " ".join(filter(None, [why, reason(line)])), line)
    for line in lines:
        introduced, to = promised(line)
        if introduced is not None and to is not None:
            return Request(introduced, to, reason(line), line)
    first = next((line for line in text.splitlines() if line.strip()), "")
    for line in (subject, first):
        parts = AND.split(INTRO_LINE.sub(r"\g<rest>", line).strip(), maxsplit=1)
        if len(parts) == 2 and all(_is_someone(part) for part in parts):
            return Request(person(parts[0]), person(parts[1]), reason(line), line)
    addressed = _distinct([*named, *(m for m in mentions(text) if m.email)])
    if len(addressed) >= 2:
        return Request(addressed[0], addressed[1], reason(""), subject)
    return None


def _is_someone(text: str) -> bool:
    """A name (capitalised words) or an address, and nothing else."""
    text = text.strip(" .,;:!?")
    return bool(re.fullmatch(rf"{NAME}|(?:{NAME}\s*)?[<(]?{ADDRESS}[>)]?", text))


def _distinct(people: list[Named]) -> list[Named]:
    """Each person once, the first time they are named."""
    kept: dict[str, Named] = {}
    for someone in people:
        kept.setdefault(someone.email or someone.name.lower(), someone)
    return list(kept.values())


def _why(lines: list[str]) -> str:
    """The reason: the lines that name no one by address or arrow, a few sentences at most."""
    kept = [ln.strip() for ln in lines if ln.strip() and not re.search(ADDRESS, ln)]
    kept = [ln for ln in kept if not ARROW.search(ln) and not INTRO_LINE.match(ln)]
    return " ".join(kept)[:500].strip()
