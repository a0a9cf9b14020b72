"""Names as people write them in a sentence: "Met Priya", "with Anna and her colleague Roger
(roger@x.org) at ...", "Tom and I had lunch"; what is a name and what only looks like one.
"""

from __future__ import annotations

import re
from functools import cache

from mailer.parsing.recaps.text import ADDRESS
from mailer.parsing.recaps.words import alternation, fold, table, words

UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"
NAME_TOKEN = rf"[{UPPER}][\w'’-]*"
PARTICLE = r"(?:de|del|de la|de los|van|von|da|dos|di|du|le|la)"
NAME = rf"{NAME_TOKEN}(?:\s+(?:{PARTICLE}\s+)?{NAME_TOKEN}){{0,3}}"
ARTICLE = r"(?:(?:la|en|el|na)\s+|[lL]['’])"
SEPARATOR = r"\s*(?:,|/|;|\band\b|\by\b|\bi\b|&|\+)\s*"
TOKEN = re.compile(
    rf"<[^>]*>|\([^)]*\)|\[[^\]]*\]|{ADDRESS}|[\w'’@.+-]*\w[\w'’]*|[,&/;:.!?—–()+@\"“”«»-]"
)


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


def _segment_names(segment: str, lowercase_ok: bool, catalan: bool) -> list[str]:
    """The people in "with Anna and her colleague Roger (roger@x.org) at ...": a walk over
    the words after "with", skipping relations ("her colleague") and possessors ("Ferran's
    assistant"), up to the first word that ends the list (a date, "at", "from"...)."""
    stop = _not_names()
    ends = set(_ends())
    relation_words = {w for e in words("people.relations") for w in e.split()}
    possessive = {w for e in words("people.possessives") for w in e.split()}
    titles = set(words("people.titles"))
    place_heads = set(words("place.heads"))
    names: list[str] = []
    current: list[str] = []
    employer = False  # "Anna from Acme and her boss Tom": Acme is no one
    after_title = False
    for match in TOKEN.finditer(segment):
        token = match[0]
        folded = fold(token).strip("'’")
        if token == "@":
            break  # "@ Flax & Kale": the place
        if token[0] in "<([" or "@" in token:
            continue
        if token == "." and after_title:
            after_title = False
            continue
        after_title = folded in titles
        if after_title:
            continue
        if token in {'"', "“", "”", "«", "»", "@"} or (not current and folded in place_heads):
            break  # "something with "Seoul"", "@ Flax & Kale", ", Casa Leopoldo": no one
        if token in {",", "&", "/", ";", "+"} or folded in {"and", "y", "i", "con", "amb"}:
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
        if token in {":", "—", "–"} and not any(n.strip() for n in [*names, *current]):
            continue  # "with the Verdea team: Inés Prats (CEO), ..."
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
        if len(token) > 2 and token.isupper():
            break  # "hablar con ENISA": an acronym is an organisation
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
    pattern = re.compile(rf"(?<![\w/])(?:{alternation(markers)})(?![\w/])\s*:?\s*")
    folded = fold(sentence)
    return [
        sentence[m.end() :]
        for m in pattern.finditer(folded)
        if not NOT_MET_WITH.search(folded[: m.start()])
    ]


NOT_MET_WITH = re.compile(
    r"\b(?:connect|introduce|intro|touch|contact|talk|speak|hablar|conectar|presentar|parlar|"
    r"connectar|work|working|trabajar|treballar|loop \w+ in)\s+(?:\w+\s+){0,2}$"
)
"""A "with" that is not of the meeting: "I'll connect her with Pau", "hablar con ENISA"."""


AND_I = re.compile(rf"(?:^|\s)(?P<name>{NAME})\s+(?:and|y|i)\s+(?:I|yo|jo)\b")
"""The meeting told from both sides: "Tom and I had lunch", "Marta y yo comimos"."""


def attendee_names(sentence: str, lang: str | None = None) -> list[str]:
    """The names of the people a meeting sentence says the user met; names in lower case
    only in a sentence written all in lower case ("drinks w/ marc ferrer last night")."""
    lowercase_ok = sentence[:1].islower() or sentence == sentence.lower()
    found: list[str] = []
    both = AND_I.search(sentence)
    if both and clean_name(both["name"]):
        found.append(clean_name(both["name"]) or "")
    for segment in _with_segments(sentence):
        names = _segment_names(segment, lowercase_ok, lang in (None, "ca"))
        found += [n for n in names if n not in found]
    return found
