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

from mailer.parsing.recaps.names import UPPER, _not_names
from mailer.parsing.recaps.words import Frame, alternation, bounded, fold, frames, words

CATALAN_AND = r"i(?=\s+(?:li|em|m'|me|els|l'|hi|ho|en|la|el|jo|ell|ella|@|ens|vaig|va|es|s'|que)\b)"
SO = r"so(?!\s+(?:that\s+)?(?:i|she|he|they|we|@x*)\s+(?:can|could)\b)"
"""A new clause after "so", but not "so she can pass it on": the purpose of the one before."""
SPLIT = re.compile(
    rf"\s*;\s*|\s*,\s*(?:(?:and|but|{SO}|y|{CATALAN_AND}|pero|and then)\s+)?"
    rf"|\s+(?:and|but|{SO}|y|{CATALAN_AND}|pero|while|and then|then)\s+|\s+[-–—]+\s+|\s*:\s+(?=\S)"
)
LEADING = re.compile(
    rf"^(?:(?:and|but|so|then|also|plus|y|e|{CATALAN_AND}|pero|tambien|tambe|ok so|ok|"
    r"in return|first|and then|and also|anyway|oh|btw|separately|unrelated|asi que|aixi que|"
    r"per tant|tonight|today|tomorrow|this week|"
    r"next week|later today|hoy|manana|esta noche|avui|dema|aquesta nit|luego|"
    r"que(?=\s+(?:me|m'|em|nos|ens|@x*)\b))\b[,\s]*)+"
)
PARENTHESIS = re.compile(r"\(([^()]*)\)")
ADDRESS_GROUP = re.compile(r"[(<\[]\s*(?:mailto:)?[\w.+'-]+@[^)>\]]*[)>\]]")


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
def _subjects(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The subjects of the recap's language ("he" is Catalan for "I have")."""
    me = alternation(words("exchange.lists.i", [lang]))
    other = alternation([e for e in words("exchange.lists.other", [lang]) if e != "re:@x*"])
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
                    found.update(re.findall(r"[^\W\d_]+", fold(entry)))
    return frozenset(found)


def mask(text: str, folded: str, names: Iterable[str]) -> str:
    """``folded`` with every name of ``names`` (and a capitalised name starting a clause)
    replaced by ``@xx``, one character for one, with its Catalan article."""
    chars = list(folded)
    article = r"(?:(?:la|en|el|na)\s+|l')?"
    for name in sorted({fold(n) for n in names if n and n.strip()}, key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w@'.]){article}{re.escape(name)}(?![\w@]|\.\w)")
        for match in pattern.finditer("".join(chars)):
            start, end = match.span()
            surname = SURNAME.match(text, end) if len(text) == len(chars) else None
            if surname and fold(surname[0]).split()[0] not in _frame_words():
                end = surname.end()  # "Inés Garmendia me dio": the whole name
            if end > start and chars[start] != "@":
                chars[start:end] = ["@", *"x" * (end - start - 1)]
    return "".join(chars)


SURNAME = re.compile(rf"(?:\s+[{UPPER}][\w'’-]*){{1,2}}")
"""The rest of a name the cast knows by its first part."""


def _mask_leading_name(text: str, folded: str) -> str:
    """A capitalised word starting a clause that is no frame word is a name ("Jess is ...")."""
    match = re.match(
        rf"(?:(?:La|En|El|Na)\s+|[lL]['’])?[{UPPER}][\w'’-]*(?:\s+[{UPPER}][\w'’-]*)?", text
    )
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


VIRTUAL = {"other": "@x ", "me": "i "}
"""A subject lent to a clause that has none: "He showed me X and [he] recommended Y"."""
MODAL = {"en": "will ", "es": "va a ", "ca": "ha de "}
FUTURE = ("owed", "promise")
"""The future lent with it after a promise: "She'll show me X and [she'll] put me in touch"."""


def _match(
    folded: str,
    actor: str | None,
    inherited: str | None,
    lang: str,
    lent: bool = False,
    future: bool = False,
) -> tuple[Frame, re.Match[str], int] | None:
    """The first frame that matches, and how many characters of lent subject it has."""
    if lent:
        if inherited is None:
            return None
        prefix = VIRTUAL[inherited] if inherited == "other" else _virtual_me(lang)
        prefixes = [prefix, prefix + MODAL.get(lang, "will ")] if future else [prefix]
        for lent_prefix in prefixes:
            for frame in _frames_for(inherited, None, lang):
                match = frame.pattern.match(lent_prefix + folded)
                if match and match.start("rest") >= len(lent_prefix) and _needs(frame, match):
                    return frame, match, len(lent_prefix)
        return None
    for frame in _frames_for(actor, inherited, lang):
        match = frame.pattern.match(folded)
        if match and _needs(frame, match):
            return frame, match, 0
    return None


def _needs(frame: Frame, match: re.Match[str]) -> bool:
    return frame.needs is None or bool(frame.needs.search(match["rest"]))


def _virtual_me(lang: str) -> str:
    return {"es": "yo ", "ca": "jo "}.get(lang, "i ")


def _subject(folded: str, lang: str) -> str | None:
    me, other = _subjects(lang)
    if me.match(folded):
        return "me"
    if other.match(folded):
        return "other"
    return None


def _starts_clause(folded: str, lang: str) -> bool:
    rest = LEADING.sub("", folded)
    if not rest:
        return False
    if _subject(rest, lang) is not None and re.match(r"^[\w@']+\s*(?:'\w+|\s\w)", rest):
        return True
    return (
        _match(rest, None, None, lang) is not None
        or _match(rest, None, "other", lang, True) is not None
    )


BEFORE_A_NAME = re.compile(
    r"\s+(?=@x*(?:'ll\b|\s+(?:me|m'|em|nos|ens|le|li|les|els|said|told|will|would|offered|"
    r"promised|recommended|gave|sent|va|van)\b)|(?:yo|jo)\s)"
)
"""Where a sentence without punctuation may have a clause start: before a name and the
pronoun or verb of what the person does ("... at the bar nacho me va a presentar a ...",
"... and rachel said she'd ..."), or before "yo"/"jo", when what follows is a whole frame."""


def split(sentence: str, folded: str, lang: str) -> list[tuple[int, int]]:
    """The spans of a sentence's clauses: cut at "," "and" ";" " - " where a new clause
    starts (a subject, or a frame), not inside "a list of X and Y"; and before a name that
    starts a frame of its own, as a sentence dictated without punctuation has them."""
    cuts = [0]
    ends = []
    depth_free = PARENTHESIS.sub(lambda m: "(" + " " * (len(m[0]) - 2) + ")", folded)
    marks = [(m, False) for m in SPLIT.finditer(depth_free)]
    marks += [(m, True) for m in BEFORE_A_NAME.finditer(depth_free)]
    for match, named in sorted(marks, key=lambda mark: mark[0].start()):
        if match.start() <= cuts[-1]:
            continue
        rest = folded[match.end() :]
        actor = "me" if re.match(r"(?:yo|jo)\s", rest) else "other"
        if _starts_clause(rest, lang) if not named else _match(rest, actor, None, lang):
            ends.append(match.start())
            cuts.append(match.end())
    ends.append(len(sentence))
    return [(s, e) for s, e in zip(cuts, ends, strict=True) if sentence[s:e].strip()]


def read_clauses(
    sentence: str, names: Sequence[str], lang: str, *, inherited: str | None = None
) -> list[Clause]:
    """Every clause of a sentence (and of its parentheses) with the frame it matches."""
    folded = ADDRESS_GROUP.sub(lambda m: " " * len(m[0]), fold(sentence))
    folded = mask(sentence, folded, names)
    found: list[Clause] = []
    actor = inherited
    role: str | None = None
    asides: list[str] = []
    for inner in PARENTHESIS.finditer(sentence):
        content = inner[1]
        if any(
            _starts_clause(mask(content, fold(content), names)[s:], lang) for s in _starts(content)
        ):
            asides.append(content)
            folded = folded[: inner.start()] + " " * len(inner[0]) + folded[inner.end() :]
    for start, end in split(sentence, folded, lang):
        clause = read_clause(sentence, folded, start, end, lang, actor, role)
        found.append(clause)
        actor = clause.actor or actor
        role = clause.role
    for aside in asides:
        found += read_clauses(aside, names, lang)
    return found


def _starts(text: str) -> list[int]:
    """Where clauses may start in a short text: its start and after each comma."""
    return [0, *(m.end() for m in re.finditer(r",\s*", text))]


def read_clause(
    sentence: str,
    folded: str,
    start: int,
    end: int,
    lang: str,
    inherited: str | None,
    before: str | None = None,
) -> Clause:
    text, part = sentence[start:end], folded[start:end]
    lead = LEADING.match(part)
    offset = lead.end() if lead else 0
    part = _mask_leading_name(text[offset:], part[offset:])
    subject = _subject(part, lang)
    matched = None
    if subject is None and inherited is not None:
        matched = _match(part, None, inherited, lang, lent=True, future=before in FUTURE)
    matched = matched or _match(part, subject, inherited, lang)
    if matched is None:
        return Clause(text.strip(), sentence, actor=subject)
    frame, match, lent = matched
    begin = match.start("phrase") if match.groupdict().get("phrase") else match.start("rest")
    begin -= lent
    phrase = cut_phrase(text[offset + begin :])
    return Clause(text.strip(), sentence, frame.role, frame.actor, phrase, part[: max(begin, 0)])


@cache
def _ends() -> re.Pattern[str]:
    """Where a comment starts: the entries keep their spaces (" - " is not "one-pager")."""
    entries = sorted(words("exchange.words.phrase_ends"), key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(e) for e in entries) + r")(?![\"“'A-ZÀ-Þ])")


def cut_phrase(phrase: str) -> str:
    """A phrase without the comment after it (" - he'd be perfect"); a title after a dash
    stays ("a book - "Braiding Sweetgrass"")."""
    match = _ends().search(_case_kept(phrase))
    if match and match.start() > 0:
        phrase = phrase[: match.start()]
    return phrase.strip(" \t,.;:!?¡¿")


def _case_kept(phrase: str) -> str:
    """``phrase`` folded but with its capitals, so that a comment's end can see a title."""
    return "".join(c if c.isupper() else f for c, f in zip(phrase, fold(phrase), strict=True))


def has_any(path: str, text: str) -> bool:
    return bool(bounded(words(path)).search(fold(text)))
