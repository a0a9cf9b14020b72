"""Whom the user met: names and addresses anywhere in the recap, and which of them were there.

People write addresses every way: in angle brackets or parentheses after the name, after a
dash, two in one parenthesis after two names, on a later line ("Freya: freya@x.org", "Her
email: ..."), or in a forwarded message's ``From:``. The people who were at the meeting are
the ones named where the meeting is told ("Coffee with ...", "Met ...", the subject of a
reply to our prompt); everyone else is only mentioned (the person to be introduced, "her
manager") and is kept apart, for the introductions. An address finds its person by what is
written next to it, else by resemblance (``priya@`` is Priya's), else by order.
Nobody is returned who is not in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from mailer.parsing.recaps.names import (
    ARTICLE,
    NAME,
    SEPARATOR,
    _tokens,
    attendee_names,
    clean_name,
)
from mailer.parsing.recaps.text import ADDRESS
from mailer.parsing.recaps.words import alternation, fold, words
from mailer.parsing.types import Person

PAIRS = [
    re.compile(rf"(?P<name>{NAME})\s*[<(\[]\s*(?:mailto:)?(?P<email>{ADDRESS})\s*[>)\]]"),
    re.compile(rf"(?P<name>{NAME})\s*\((?:[^()@,]{{1,30}},\s*)(?P<email>{ADDRESS})\s*\)"),
    re.compile(rf"(?P<name>{NAME})\s*(?:[-–—:]|,\s*)\s*(?P<email>{ADDRESS})"),
    re.compile(rf"(?P<name>{NAME})\s+(?P<email>{ADDRESS})"),
    re.compile(
        rf"(?P<name>{NAME})['’]s\s+(?:e-?mail|address|on)\s*(?:is|:)?\s*(?P<email>{ADDRESS})"
    ),
]
MANY = re.compile(
    rf"(?P<names>{ARTICLE}?{NAME}(?:{SEPARATOR}{ARTICLE}?{NAME})+)\s*\(\s*"
    rf"(?P<emails>{ADDRESS}(?:{SEPARATOR}{ADDRESS})+)\s*\)"
)
ADDRESSES = re.compile(rf"(?<![\w.+-]){ADDRESS}")


@dataclass
class Someone:
    """A person of the recap as found so far: at the meeting or only mentioned."""

    name: str | None
    email: str | None = None
    present: bool = False


@dataclass
class Cast:
    """Everyone the recap names, the people at the meeting first."""

    people: list[Someone] = field(default_factory=list)

    def present(self) -> list[Someone]:
        return [p for p in self.people if p.present]

    def named(self, name: str) -> Someone | None:
        """The person called ``name`` (the same name, or the same first name)."""
        wanted = _tokens(name)
        if not wanted:
            return None
        for person in self.people:
            if person.name and _tokens(person.name) == wanted:
                return person
        firsts = [p for p in self.people if p.name and _tokens(p.name)[:1] == wanted[:1]]
        if len(firsts) == 1 and (len(wanted) == 1 or len(_tokens(firsts[0].name or "")) == 1):
            return firsts[0]
        if len(wanted) == 1:  # "Prof. Adebayo" is Folake Adebayo
            lasts = [p for p in self.people if p.name and len(_tokens(p.name)) > 1
                     and _tokens(p.name)[-1] == wanted[0]]  # fmt: skip
            if len(lasts) == 1 and not firsts:
                return lasts[0]
        return None

    def with_email(self, email: str) -> Someone | None:
        return next((p for p in self.people if p.email == email), None)

    def add(self, name: str | None, email: str | None, *, present: bool) -> Someone:
        known = (self.with_email(email) if email else None) or (
            self.named(name)
            if name and not (email and self._has_other_email(name, email))
            else None
        )
        if known is None:
            known = Someone(name, email, present)
            self.people.append(known)
            return known
        if name and (not known.name or len(_tokens(name)) > len(_tokens(known.name))):
            known.name = name
        known.email = known.email or email
        known.present = known.present or present
        return known

    def _has_other_email(self, name: str, email: str) -> bool:
        person = self.named(name)
        return bool(person and person.email and person.email != email)


def resembles(name: str, email: str) -> int:
    """How much an address looks like a name: 2 for its first name or surname, 1 for a
    start ("ken" for Ken'ichi), 0 for nothing."""
    local = fold(email.split("@")[0])
    parts = [p for p in re.split(r"[._+\-\d]+", local) if p]
    names = [part for token in _tokens(name) for part in token.split("-")]
    if not names or not parts:
        return 0
    if names[0] in parts or (len(names) > 1 and names[-1] in parts) or local == "".join(names):
        return 2
    joined = "".join(names)
    if local.replace(".", "") in (joined, names[0][0] + names[-1]) or parts[0] == "".join(
        n[0] for n in names
    ):
        return 2
    if any(len(p) >= 3 and (names[0].startswith(p) or p.startswith(names[0])) for p in parts):
        return 1
    return 0


def pairs_in(text: str) -> list[tuple[str | None, str, int, int]]:
    """(name, address, start, end) for every address, with the name written next to it."""
    found: dict[str, tuple[str | None, str, int, int]] = {}
    for match in MANY.finditer(text):
        names = [clean_name(n) for n in re.split(SEPARATOR, match["names"])]
        emails = re.split(SEPARATOR, match["emails"])
        if len(names) == len(emails):
            for name, email in zip(names, emails, strict=True):
                found.setdefault(email.lower(), (name, email.lower(), *match.span()))
    for pattern in PAIRS:
        for match in pattern.finditer(text):
            email = match["email"].lower()
            if email not in found:
                found[email] = (clean_name(match["name"]), email, *match.span())
    for match in ADDRESSES.finditer(text):
        email = match[0].lower().rstrip(".")
        found.setdefault(email, (None, email, *match.span()))
    return sorted(found.values(), key=lambda pair: pair[2])


def _pronoun_addresses(text: str) -> list[str]:
    labels = alternation(words("people.address_labels"))
    pattern = re.compile(rf"\b{labels}\s*(?:is|es|és|:)?\s*:?\s*(?P<email>{ADDRESS})")
    return [m["email"].lower() for m in pattern.finditer(fold(text))]


def cast_of(
    body: str,
    meeting: tuple[int, int] | None,
    subject: str,
    forwarded: Iterable[Person],
    known: Mapping[str, str],
    lang: str | None = None,
    *,
    reply: bool = False,
) -> Cast:
    """Everyone the recap names; ``present`` for those at the meeting.

    ``meeting`` is where the body tells of the meeting (a sentence's span), if it does. A
    name of the subject that the body, which names others, never uses is a company or a team
    ("Teams call w/ Kinetik"), except in a reply to our prompt, whose subject we wrote.
    """
    cast = Cast()
    sentence = body[meeting[0] : meeting[1]] if meeting else ""
    in_body = attendee_names(sentence, lang)
    in_subject = attendee_names(subject, lang)
    if in_body and not reply:
        in_subject = [n for n in in_subject if _said_in(n, body)]
    names = [*in_body, *in_subject, *_joined(body)]
    for name in names:
        cast.add(name, None, present=True)
    pairs = pairs_in(body)
    start, end = meeting or (0, 0)
    near_end = _line_after(body, end)
    in_meeting = {email for _, email, s, e in pairs if start <= s < end}
    nearby = {email for _, email, s, e in pairs if start <= s < near_end}
    for written, email, at, _end in pairs:
        owner = _owner(written, email, cast.present(), in_meeting)
        if owner is not None:
            owner.email = owner.email or email
        elif written is not None and not cast.with_email(email):
            at_meeting = email in in_meeting and not _said_before(body, at, start)
            cast.add(written, email, present=at_meeting)
        elif written is None and email in in_meeting and not names:
            cast.add(None, email, present=True)  # "Dinner with the Smiths (joe@x, ann@x)"
    for person in cast.present():
        if person.name and _absent(person.name, body):
            person.present = False
    if reply and _absent_in_reply(body):  # "She couldn't make it in the end, her colleague ..."
        for name in in_subject:
            found = cast.named(name)
            if found is not None and not _said_in(name, body):
                found.present = False
    _forwarded(cast, forwarded)
    _by_order(cast, [e for n, e, *_ in pairs if n is None and e in nearby])
    for address in _pronoun_addresses(body):
        lacking = [p for p in cast.present() if not p.email]
        if cast.with_email(address):
            continue
        if len(lacking) == 1:
            lacking[0].email = address
        elif not cast.present():
            cast.add(None, address, present=True)
    for person in cast.present():
        if not person.email and person.name:
            person.email = known.get(fold(person.name)) or known.get(_tokens(person.name)[0])
    return cast


def _said_in(name: str, body: str) -> bool:
    tokens = set(_tokens(ADDRESSES.sub(" ", body)))
    return all(token in tokens for token in _tokens(name))


def _absent(name: str, body: str) -> bool:
    """ "Ibrahim couldn't make it in the end", "al final Bernardo no vino"."""
    first = re.escape(fold(name).split()[0])
    absent = alternation(words("people.absent"))
    return bool(re.search(rf"\b{first}\b(?:\s+\w+){{0,2}}?\s+(?:{absent})", fold(body)))


@cache
def _presence() -> dict[str, re.Pattern[str]]:
    """ "She couldn't make it", " joined for dessert", "Vino también su pareja, ..."."""
    absent = alternation(words("people.absent"))
    relation = alternation(words("people.relations"))
    then = alternation(words("people.joined_then"))
    pronoun = r"(?:she|he|they|ella|el|ell|ells|elles)"
    return {
        "absent_first": re.compile(rf"\s*(?:\w+,?\s+)?(?:{pronoun}\s+)?(?:{absent})"),
        "joined": re.compile(rf"\s+(?:{alternation(words('people.joined'))})"),
        "joined_then": re.compile(
            rf"(?:{then}):?\s+(?:(?:su|his|her|their|la seva|el seu)\s+)?(?:(?:{relation}),?\s+)?"
        ),
    }


def _absent_in_reply(body: str) -> bool:
    return bool(_presence()["absent_first"].match(fold(body)))


def _joined(body: str) -> list[str]:
    """People said to have joined: "his cofounder Zoe Adams joined for dessert"."""
    found: list[str] = []
    folded = fold(body)
    for match in re.finditer(NAME, body):
        if _presence()["joined"].match(folded, match.end()):
            name = clean_name(match[0])
            if name:
                found.append(name)
    for match in _presence()["joined_then"].finditer(folded):  # "Vino también su pareja, Iratxe."
        written = re.match(NAME, body[match.end() :])
        cleaned = clean_name(written[0]) if written else None
        if cleaned:
            found.append(cleaned)
    return found


def _said_before(body: str, at: int, start: int) -> bool:
    """An address in the meeting's sentence that follows an introduction is not an attendee's."""
    intro = re.compile(alternation(words("exchange.words.intro")))
    return bool(intro.search(fold(body[start:at])))


def _line_after(body: str, end: int) -> int:
    """The end of the line after the one where the meeting's sentence ends."""
    first = body.find("\n", end)
    if first < 0:
        return len(body)
    second = body.find("\n", first + 1)
    return len(body) if second < 0 else second


def _forwarded(cast: Cast, forwarded: Iterable[Person]) -> None:
    """A forwarded message's sender is the attendee of that name."""
    for person in forwarded:
        lacking = [p for p in cast.present() if not p.email and p.name]
        match = next((p for p in lacking if _same_person(p.name or "", person.name or "")), None)
        if match is not None and not cast.with_email(person.email):
            match.email = person.email
            if len(_tokens(person.name or "")) > len(_tokens(match.name or "")):
                match.name = person.name


def present_has(name: str | None, present: list[Someone]) -> bool:
    return bool(name) and any(_same_person(p.name or "", name or "") for p in present)


def _same_person(a: str, b: str) -> bool:
    ta, tb = _tokens(a), _tokens(b)
    return bool(ta and tb) and (ta == tb or ta[0] == tb[0])


def _owner(
    name: str | None, email: str, present: list[Someone], in_meeting: set[str]
) -> Someone | None:
    """The attendee an address belongs to: the one named next to it, else the one it looks
    like (unless it is written next to somebody else's name)."""
    if name:
        named = [p for p in present if p.name and _same_person(p.name, name)]
        if named and (not named[0].email or named[0].email == email):
            named[0].name = (
                name if len(_tokens(name)) > len(_tokens(named[0].name or "")) else named[0].name
            )
            return named[0]
        if resembles(name, email) or email not in in_meeting:
            return None
    lacking = [p for p in present if not p.email and p.name]
    scored = sorted(
        ((resembles(p.name or "", email), i) for i, p in enumerate(lacking)), reverse=True
    )
    if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return lacking[scored[0][1]]
    return None


def _by_order(cast: Cast, loose: list[str]) -> None:
    """Bare addresses near the meeting's sentence, in the order of the attendees who have
    none yet ("Lucía y Álvaro ... lucia@x.es, alvaro@y.es")."""
    lacking = [p for p in cast.present() if not p.email]
    loose = [e for e in loose if not cast.with_email(e)]
    if lacking and loose and len(loose) == len(lacking):
        for person, email in zip(lacking, loose, strict=True):
            person.email = email
