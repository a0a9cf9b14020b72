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

from mailer.parsing.recaps.text import ADDRESS
from mailer.parsing.recaps.words import alternation, fold, table, words
from mailer.parsing.types import Person

UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"
NAME_TOKEN = rf"[{UPPER}][\w'’-]*"
PARTICLE = r"(?:de|del|de la|de los|van|von|da|dos|di|du|le|la|y)"
NAME = rf"{NAME_TOKEN}(?:\s+(?:{PARTICLE}\s+)?{NAME_TOKEN}){{0,3}}"
ARTICLE = r"(?:(?:la|en|el|na)\s+|[lL]['’])"
SEPARATOR = r"\s*(?:,|/|;|\band\b|\by\b|\bi\b|&)\s*"
PAIRS = [
    re.compile(rf"(?P<name>{NAME})\s*[<(\[]\s*(?:mailto:)?(?P<email>{ADDRESS})\s*[>)\]]"),
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
TOKEN = re.compile(rf"<[^>]*>|\([^)]*\)|\[[^\]]*\]|{ADDRESS}|[\w'’@.+-]*\w[\w'’]*|[,&/;:.!?—–()-]")


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


def _tokens(name: str) -> list[str]:
    """A name's words, folded: "Ken'ichi" is kenichi, "Jean-Luc" one word."""
    return re.findall(r"[^\W_]+(?:-[^\W_]+)*", fold(name).replace("'", "").replace("’", ""))


@cache
def _not_names() -> frozenset[str]:
    """Words that start or end what looks like a name but are not one ("Met", "Coffee")."""
    paths = [
        "people.not_names", "people.relations", "people.possessives", "meeting.verbs",
        "meeting.with", "dates.today", "dates.yesterday", "dates.last", "dates.on",
        "dates.parts_of_day", "exchange.lists.other", "exchange.lists.i", "place.at",
        "place.in", "labels.gave", "labels.got", "labels.todo",
        "kinds.coffee", "kinds.lunch", "kinds.breakfast", "kinds.dinner", "kinds.drinks",
        "kinds.call", "kinds.video", "kinds.meeting", "follow_up.triggers", "text.signatures",
    ]  # fmt: skip
    found: set[str] = set()
    for path in paths:
        for entry in words(path):
            found.update(entry.split())
    found.update(name for group in table("dates.weekdays") for name in group)
    extra = {"hi", "hey", "ok", "so", "great", "good", "nice", "lovely", "quick", "long",
             "had", "just", "also", "then", "but", "and", "recap", "notes", "re", "fwd",
             "hola", "molt", "muy", "genial", "gracias", "thanks", "sunday", "today",
             "he", "she", "they", "we", "i", "el", "la", "en", "con", "amb", "with"}  # fmt: skip
    return frozenset(found | extra)


def clean_name(name: str) -> str | None:
    """``name`` without the words around it that are not a name ("Met Priya" -> "Priya")."""
    name = re.sub(rf"^{ARTICLE}", "", name.strip(" ,.;:-"))
    parts = name.split()
    stop = _not_names()
    while parts and fold(parts[0]).strip("'’") in stop:
        parts.pop(0)
        if parts and re.fullmatch(ARTICLE.strip(), parts[0] + " "):
            parts.pop(0)
    while parts and (fold(parts[-1]) in stop or re.fullmatch(PARTICLE, fold(parts[-1]))):
        parts.pop()
    name = " ".join(parts)
    name = re.sub(rf"^{ARTICLE}", "", name)
    return name if name and re.match(rf"[{UPPER}]|[a-z]", name) else None


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


def _segment_names(segment: str, lowercase_ok: bool, catalan: bool) -> list[str]:
    """The people in "with Anna and her colleague Roger (roger@x.org) at ...": a walk over
    the words after "with", skipping relations ("her colleague") and possessors ("Ferran's
    assistant"), up to the first word that ends the list (a date, "at", "from"...)."""
    stop = _not_names()
    ends = set(_ends())
    relation_words = {w for e in words("people.relations") for w in e.split()}
    possessive = {w for e in words("people.possessives") for w in e.split()}
    titles = set(words("people.titles"))
    names: list[str] = []
    current: list[str] = []
    employer = False  # "Anna from Acme and her boss Tom": Acme is no one
    after_title = False
    for match in TOKEN.finditer(segment):
        token = match[0]
        folded = fold(token).strip("'’")
        if token[0] in "<([" or "@" in token:
            continue
        if token == "." and after_title:
            after_title = False
            continue
        after_title = folded in titles
        if after_title:
            continue
        if token in {",", "&", "/", ";"} or folded in {"and", "y", "i", "con", "amb"}:
            names.append(" ".join(current) if not employer else "")
            current, employer = [], False
            continue
        if employer:
            if re.match(rf"[{UPPER}]", token) or folded in {"the", "el", "la"}:
                continue
            break
        if folded in {"from", "of", "de", "del"} and (current or names):
            names.append(" ".join(current))
            current, employer = [], True
            continue
        if (
            re.fullmatch(r"(?:la|en|el|na|l)$", folded)
            and not current
            and (catalan or folded != "en")
        ):
            continue
        if token in {".", "!", "?", ":", "-", "—", "–"} or folded in ends:
            break
        if re.match(r"[lL]['’]", token):
            token, folded = token[2:], folded[2:]
        if re.search(r"['’]s$", token):  # "Ferran Adrià's assistant": not Ferran Adrià
            current = []
            continue
        if folded in relation_words or folded in possessive:
            names.append(" ".join(current))
            current = []
            continue
        capital = bool(re.match(rf"[{UPPER}]", token))
        if (
            (current and re.fullmatch(PARTICLE, folded))
            or (capital and folded not in stop)
            or (
                lowercase_ok
                and not capital
                and folded not in stop
                and re.fullmatch(r"[a-z'-]+", folded)
            )
        ):
            current.append(token)
        else:
            break
    names.append(" ".join(current))
    cleaned = (clean_name(n) for n in names if n.strip())
    return [n for n in cleaned if n and len(n.split()) <= 4]


@cache
def _ends() -> tuple[str, ...]:
    """Words that end the list of people after "with"."""
    paths = [
        "dates.today", "dates.yesterday", "dates.two_days_ago", "dates.last", "dates.on",
        "place.at", "place.in", "meeting.verbs", "dates.parts_of_day", "exchange.lists.other",
    ]  # fmt: skip
    found = {w for path in paths for entry in words(path) for w in entry.split()}
    found |= {"from", "about", "to", "for", "who", "which", "that", "this", "over", "after",
              "before", "de", "desde", "sobre", "que", "del", "per", "quan", "when", "since",
              "around", "via", "by", "d", "is", "was", "went", "were"}  # fmt: skip
    return tuple(found)


def _with_segments(sentence: str) -> list[str]:
    """What follows each "with"/"con"/"amb" (and "Met ...") in a sentence."""
    markers = [*words("meeting.with"), *words("meeting.name_after")]
    pattern = re.compile(rf"(?<![\w/])(?:{alternation(markers)})(?![\w/])\s*")
    folded = fold(sentence)
    return [sentence[m.end() :] for m in pattern.finditer(folded)]


AND_I = re.compile(rf"^\s*(?P<name>{NAME})\s+(?:and|y|i)\s+(?:I|yo|jo)\b")
"""The meeting told from both sides: "Tom and I had lunch", "Marta y yo comimos"."""


def attendee_names(sentence: str, lang: str | None = None) -> list[str]:
    """The names of the people a meeting sentence says the user met; names in lower case
    only in a sentence written all in lower case ("drinks w/ marc ferrer last night")."""
    lowercase_ok = sentence[:1].islower() or sentence == sentence.lower()
    found: list[str] = []
    both = AND_I.match(sentence)
    if both and clean_name(both["name"]):
        found.append(clean_name(both["name"]) or "")
    for segment in _with_segments(sentence):
        names = _segment_names(segment, lowercase_ok, lang in (None, "ca"))
        found += [n for n in names if n not in found]
    return found


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
) -> Cast:
    """Everyone the recap names; ``present`` for those at the meeting.

    ``meeting`` is where the body tells of the meeting (a sentence's span), if it does.
    """
    cast = Cast()
    sentence = body[meeting[0] : meeting[1]] if meeting else ""
    names = [*attendee_names(sentence, lang), *attendee_names(subject, lang)]
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
