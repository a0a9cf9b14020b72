"""Who did what in each clause: the frames of ``[exchange]`` applied to a recap's sentences.

"She recommended a book and offered to review my deck; I'll send her our notes" is three
clauses, and each says who acts and in which direction: she gave (a book), she will do
something for the user (owed), the user will do something for her (a promise). A clause
without a subject takes the one before it ("... and offered to ..."), and in Spanish and
Catalan the pronoun before the verb says the direction ("me dio", "le di", "em va passar",
"li enviaré"). Names of people are masked first so that one frame serves every name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from mailer.parsing.recaps.people import UPPER, _not_names
from mailer.parsing.recaps.words import Frame, alternation, bounded, fold, frames, words

CATALAN_AND = r"i(?=\s+(?:li|em|m'|me|els|l'|hi|ho|en|la|el|jo|ell|ella|@|ens|vaig|va)\b)"
SPLIT = re.compile(
    rf"\s*;\s*|\s*,\s*(?:(?:and|but|so|y|{CATALAN_AND}|pero|and then)\s+)?"
    rf"|\s+(?:and|but|so|y|{CATALAN_AND}|pero|while|and then|then)\s+|\s+[-–—]+\s+|\s*:\s+(?=\S)"
)
LEADING = re.compile(
    rf"^(?:(?:and|but|so|then|also|plus|y|e|{CATALAN_AND}|pero|tambien|tambe|ok so|ok|"
    r"in return|first|and then|and also|anyway|oh|btw)\b[,\s]*)+"
)
PARENTHESIS = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Clause:
    """A clause as written, and what the frame that matched it says."""

    text: str
    """The clause as written."""
    sentence: str
    role: str | None = None
    actor: str | None = None
    phrase: str = ""
    """Where the thing given or promised starts, to the end of the clause."""
    prefix: str = ""
    """The folded words before the phrase ("i'll", "le voy a"): to whom, and how."""


@cache
def _subjects() -> tuple[re.Pattern[str], re.Pattern[str]]:
    me = alternation(words("exchange.lists.i"))
    other = alternation([e for e in words("exchange.lists.other") if e != "re:@x*"])
    return (
        re.compile(rf"^(?:{me})(?![\w])"),
        re.compile(rf"^(?:@x*|(?:{other})(?![\w]))"),
    )


@cache
def _frame_words() -> frozenset[str]:
    """Every word a frame uses: a capitalised one at the start is not a name ("Offered")."""
    found: set[str] = set(_not_names())
    for lang in ("en", "es", "ca"):
        for key in ("lists",):
            from mailer.parsing.recaps.words import lexicon

            for entries in lexicon(lang).get("exchange", {}).get(key, {}).values():
                for entry in entries:
                    found.update(re.findall(r"[\w']+", fold(entry)))
    return frozenset(found)


def mask(text: str, folded: str, names: Iterable[str]) -> str:
    """``folded`` with every name of ``names`` (and a capitalised name starting a clause)
    replaced by ``@xx``, one character for one, with its Catalan article."""
    chars = list(folded)
    article = r"(?:(?:la|en|el|na)\s+|l')?"
    for name in sorted({fold(n) for n in names if n and n.strip()}, key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w@']){article}{re.escape(name)}(?![\w])(?:'s)?")
        for match in pattern.finditer("".join(chars)):
            start, end = match.span()
            if end > start and chars[start] != "@":
                chars[start:end] = ["@", *"x" * (end - start - 1)]
    return "".join(chars)


def _mask_leading_name(text: str, folded: str) -> str:
    """A capitalised word starting a clause that is no frame word is a name ("Jess is ...")."""
    match = re.match(rf"(?:(?:La|En|El|Na)\s+|[lL]['’])?[{UPPER}][\w'’-]*(?:\s+[{UPPER}][\w'’-]*)?", text)
    if not match or folded.startswith("@"):
        return folded
    words_ = re.findall(r"[^\W\d_]+", fold(match[0]))
    if not words_ or words_[0] in _frame_words():
        return folded
    end = match.end()
    return "@" + "x" * (end - 1) + folded[end:]


def _frames_for(actor: str | None, inherited: str | None, lang: str) -> list[Frame]:
    ordered = sorted(frames(), key=lambda f: f.lang != lang)
    if actor is not None:
        return [f for f in ordered if f.actor == actor]
    if inherited is not None:
        return [f for f in ordered if f.actor == inherited] + [
            f for f in ordered if f.actor != inherited
        ]
    return ordered


def _match(folded: str, actor: str | None, inherited: str | None, lang: str):
    for frame in _frames_for(actor, inherited, lang):
        match = frame.pattern.match(folded)
        if match and (frame.needs is None or frame.needs.search(match["rest"])):
            return frame, match
    return None


def _subject(folded: str) -> str | None:
    me, other = _subjects()
    if me.match(folded):
        return "me"
    if other.match(folded):
        return "other"
    return None


def _starts_clause(folded: str, lang: str) -> bool:
    rest = LEADING.sub("", folded)
    if not rest:
        return False
    if _subject(rest) is not None and re.match(r"^[\w@']+\s*(?:'\w+|\s\w)", rest):
        return True
    return _match(rest, None, None, lang) is not None


def split(sentence: str, folded: str, lang: str) -> list[tuple[int, int]]:
    """The spans of a sentence's clauses: cut at "," "and" ";" " - " where a new clause
    starts (a subject, or a frame), not inside "a list of X and Y"."""
    cuts = [0]
    ends = []
    depth_free = PARENTHESIS.sub(lambda m: "(" + " " * (len(m[0]) - 2) + ")", folded)
    for match in SPLIT.finditer(depth_free):
        if match.start() <= cuts[-1]:
            continue
        if _starts_clause(folded[match.end() :], lang):
            ends.append(match.start())
            cuts.append(match.end())
    ends.append(len(sentence))
    return [(s, e) for s, e in zip(cuts, ends, strict=True) if sentence[s:e].strip()]


def read_clauses(
    sentence: str, names: Sequence[str], lang: str, *, inherited: str | None = None
) -> list[Clause]:
    """Every clause of a sentence (and of its parentheses) with the frame it matches."""
    folded = mask(sentence, fold(sentence), names)
    found: list[Clause] = []
    actor = inherited
    spans = split(sentence, folded, lang)
    for inner in PARENTHESIS.finditer(sentence):
        if _starts_clause(folded[inner.start(1) : inner.end(1)].strip(), lang):
            spans.append((inner.start(1), inner.end(1)))
    for start, end in spans:
        clause = read_clause(sentence, folded, start, end, lang, actor)
        found.append(clause)
        actor = clause.actor or actor
    return found


def read_clause(
    sentence: str, folded: str, start: int, end: int, lang: str, inherited: str | None
) -> Clause:
    text, part = sentence[start:end], folded[start:end]
    lead = LEADING.match(part)
    offset = lead.end() if lead else 0
    part = _mask_leading_name(text[offset:], part[offset:])
    subject = _subject(part)
    matched = _match(part, subject, inherited, lang)
    if matched is None:
        return Clause(text.strip(), sentence, actor=subject)
    frame, match = matched
    begin = match.start("phrase") if match.groupdict().get("phrase") else match.start("rest")
    phrase = cut_phrase(text[offset + begin :])
    return Clause(
        text.strip(), sentence, frame.role, frame.actor, phrase, part[:begin]
    )


@cache
def _ends() -> re.Pattern[str]:
    return re.compile(alternation(words("exchange.words.phrase_ends")))


def cut_phrase(phrase: str) -> str:
    """A phrase without the comment after it (" - he'd be perfect", " (too long!)")."""
    folded = fold(phrase)
    match = _ends().search(folded)
    if match and match.start() > 0:
        phrase = phrase[: match.start()]
    return phrase.strip(" \t,.;:!?¡¿")


def has_any(path: str, text: str) -> bool:
    return bool(bounded(words(path)).search(fold(text)))
