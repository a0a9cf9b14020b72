"""What was given and received, and what was promised, with its direction and due date.

The clauses read by :mod:`.clauses` become the recap's items: given and received things
(``gave``/``got``), the user's own promises (``task``, or ``intro`` between two named people,
with a ``due`` when one is said), and what the other person will do for the user (``owed``,
also received). A promise to the attendee is also given ("I'll send her the deck"); the
user's material for the other's help is not (my CV for her introduction), nor is a reply
("I'll let him know by the 20th"). "I'll do it before the 10th" promises what was asked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from mailer.parsing.recaps.clauses import Clause, cut_phrase, has_any, read_clauses
from mailer.parsing.recaps.dues import due_of, event_day, without_due
from mailer.parsing.recaps.follow_up import reminds_to_do
from mailer.parsing.recaps.intros import introductions, involves_attendee
from mailer.parsing.recaps.names import _tokens
from mailer.parsing.recaps.people import Cast
from mailer.parsing.recaps.text import Line, sentences
from mailer.parsing.recaps.wording import (
    SO_THEY_CAN,
    distinct,
    is_do_it,
    label_items,
    per_pair,
    said_by_attendee,
    split_things,
    thanks,
    two_tasks,
    without_doer,
)
from mailer.parsing.recaps.words import alternation, bounded, fold, words
from mailer.parsing.types import ActionItem

SUBORDINATE = re.compile(r"\b(?:if|who|which|that|so|because|si|que|perque|quan|when|once)\b")


@dataclass
class Exchanges:
    gave: list[str] = field(default_factory=list)
    got: list[str] = field(default_factory=list)
    items: list[ActionItem] = field(default_factory=list)


@dataclass
class _Gift:
    """Something promised to the attendee: given, unless it is for the attendee's help."""

    text: str
    for_help: bool


@dataclass
class _Reader:
    cast: Cast
    sent: date
    lang: str
    known: Mapping[str, str]
    out: Exchanges = field(default_factory=Exchanges)
    gifts: list[_Gift] = field(default_factory=list)
    request: tuple[str, str] | None = None
    reviewing: bool = False
    sentence: str = ""
    """The sentence being read."""
    introducing_me: str = ""
    """The sentence in which they promised to introduce the user: the user's own work sent to
    them there is for that introduction ("em presentarà al director ... jo li enviaré el meu
    curt"), not a gift."""
    read: str = ""
    """What was read before the sentence at hand: whom "her" means ("Adaeze is ... I'll
    introduce her to Marisa")."""

    @property
    def names(self) -> list[str]:
        found: list[str] = []
        for person in self.cast.people:
            if person.name:
                found += [person.name, person.name.split()[0]]
        return found


@cache
def _pattern(path: str) -> re.Pattern[str]:
    return bounded(words(path))


def _starts_with(path: str, text: str) -> bool:
    return bool(re.match(rf"^(?:{alternation(words(path))})(?![\w])", fold(text).strip()))


def _nothing(phrase: str) -> bool:
    folded = fold(phrase).strip(" .!")
    if not folded or _starts_with("exchange.words.nothing", folded):
        return True
    return bool(re.match(r"^(?:him|her|them|le|li|les|els)\s+(?:nothing|nada|res)\b", folded))


def read_exchanges(
    lines: Sequence[Line], cast: Cast, sent: date, lang: str, known: Mapping[str, str]
) -> Exchanges:
    """Everything given, received and promised in the body's lines."""
    reader = _Reader(cast, sent, lang, known)
    all_text = fold(" ".join(line.text for line in lines))
    reader.reviewing = bool(_pattern("exchange.words.review").search(all_text))
    listing: str | None = None
    for line in lines:
        if line.done:  # "[x] sent him the Notion link": given already, no longer a task
            for sentence in sentences(line.text):
                for clause in read_clauses(sentence, reader.names, reader.lang):
                    if clause.role in ("gave", "got"):
                        _clause(reader, clause, todo=False)
            listing = None
            continue
        if line.label in ("follow_up", "ignored"):
            listing = None
            continue
        if line.label in ("gave", "got"):
            for item in label_items(line.text):
                _labelled(reader, item, line.label)
            listing = None
            continue
        if line.label == "theirs" or said_by_attendee(reader.cast, line.text):
            _their_line(reader, line.text, labelled=line.label == "theirs")
            listing = None
            continue
        if listing is not None and line.bullet and line.label is None:
            if not _nothing(line.text):
                (reader.out.got if listing == "got" else reader.out.gave).append(line.text)
            continue
        todo = line.label == "todo"
        items = label_items(line.text, todo=True) if todo and line.labelled else [line.text]
        listing = None
        for item in items:
            for sentence in sentences(item):
                listing = _sentence(reader, sentence, todo=todo)
                if listing is not None:  # "She recommended 3 books:" then the books
                    target = reader.out.got if listing == "got" else reader.out.gave
                    if target:
                        target.pop()
    has_owed = any(item.kind == "owed" for item in reader.out.items)
    reader.out.gave += [g.text for g in reader.gifts if not (g.for_help and has_owed)]
    reader.out.gave = distinct(reader.out.gave)
    reader.out.got = distinct(reader.out.got)
    return reader.out


def _their_line(reader: _Reader, text: str, *, labelled: bool) -> None:
    """ "Theirs: Omar will send me ...": what they will do. "Pavel: gave me the name of his
    accountant" is read as the sentence it is; "Rocío: me pasa el contacto de un tasador",
    which no frame reads, is what she will do."""
    if not labelled:
        name = re.match(r"^\s*([^\W\d_][\w'’-]*)\s*:\s*", text)
        said = f"{name[1]} {text[name.end() :]}" if name else text
        before = (len(reader.out.gave), len(reader.out.got), len(reader.out.items))
        for sentence in sentences(said):
            _sentence(reader, sentence, todo=False)
        if before != (len(reader.out.gave), len(reader.out.got), len(reader.out.items)):
            return
        text = text[name.end() :] if name else text
    for item in label_items(text, todo=True):
        if not _nothing(item) and not re.match(r"(?:we|i|nosotros|jo)\b", fold(item)):
            _owed(reader, without_doer(reader.cast, item))


def _labelled(reader: _Reader, item: str, label: str) -> None:
    """An item under "Gave:"/"Got:" is given or received as written; an introduction given
    is also promised, unless it is said to be done."""
    if _nothing(item):
        return
    (reader.out.gave if label == "gave" else reader.out.got).append(cut_phrase(item) or item)
    if label == "gave" and _is_intro(item) and not has_any("exchange.words.done", item):
        _introduce(reader, item, item, due_of(item, reader.sent), gift=False)


def _sentence(reader: _Reader, sentence: str, *, todo: bool) -> str | None:
    """Read one sentence; the role of a list it opens ("She recommended 3 books:")."""
    reader.sentence = sentence
    clauses = read_clauses(sentence, reader.names, reader.lang)
    if _is_follow_up(sentence) and not reminds_to_do(fold(sentence)):
        # "..., she'll send me the prep doc and we should talk again in two weeks": the
        # follow-up's own clause says nothing given or promised; the others still do
        clauses = [kept for clause in clauses if (kept := _before_follow_up(clause))]
        if not clauses:
            return None
    for clause in clauses:
        _clause(reader, clause, todo=todo)
    reader.read += sentence + "\n"
    last = clauses[-1] if clauses else None
    if last is not None and sentence.rstrip().endswith(":") and last.role in ("got", "gave"):
        return last.role
    return None


def _before_follow_up(clause: Clause) -> Clause | None:
    """A clause of a sentence that asks for a follow-up, without the follow-up ("yo les voy a
    mandar la plantilla el miércoles hablamos en dos semanas": the promise, up to "hablamos");
    None when the clause is the follow-up itself."""
    if not _is_follow_up(clause.text):
        return clause
    folded, phrase = fold(clause.text), fold(clause.phrase)
    hit = _pattern("follow_up.triggers").search(phrase) if clause.role and phrase else None
    at = folded.find(phrase)
    if hit is None or at < 0 or len(phrase[: hit.start()].split()) < 3:
        return None  # "I'd like to see them again": the follow-up, not something promised
    before = TRAILING_AND.sub("", clause.phrase[: hit.start()])
    end = at + len(before)
    return replace(clause, text=clause.text[:end], phrase=cut_phrase(before))


TRAILING_AND = re.compile(r"(?:[,;]|\s(?:and|but|so|y|pero|i|però))(?:\s+\S+){0,2}\s*$", re.I)
"""What leads into the follow-up after a promise: "... next week probably and we should"."""


def _is_follow_up(sentence: str) -> bool:
    folded = fold(sentence)
    return bool(_pattern("follow_up.triggers").search(folded)) and not re.search(
        r"follow[- ]up (?:call|meeting|email)", folded
    )


def _clause(reader: _Reader, clause: Clause, *, todo: bool) -> None:
    role, phrase = clause.role, clause.phrase
    if _starts_with("exchange.words.do_it", clause.text) and reader.request is not None:
        _do_as_asked(reader, clause, due_of(clause.text, reader.sent))
        return
    if is_do_it(clause.text) and reader.request is None:
        _due_for_last(reader, due_of(clause.text, reader.sent))
        return
    if role is None:
        if todo and not _is_follow_up(clause.text):
            _promise(reader, clause, cut_phrase(clause.text), gift=None)
        return
    if not phrase or _nothing(phrase):
        return
    lone = len(phrase.split()) < 2 and bool(clause.prefix.strip())
    if lone and (
        role == "gave" or (role in ("got", "request") and not re.search(r"\w{4,}", phrase))
    ):
        return  # "l'hi vaig donar": the verb alone gives nothing ("me ofreció trabajo" does)
    if role == "got":
        if not _starts_with("exchange.words.topics", phrase):
            reader.out.got += [without_due(p, reader.sent) for p in split_things(phrase)]
    elif role == "owed":
        _owed(reader, phrase)
    elif role == "gave":
        if not re.match(r"^(?:it|lo|ho)\b", fold(phrase)) and not thanks(phrase):
            reader.out.gave += [without_due(p, reader.sent) for p in split_things(phrase)]
    elif role == "request":
        _requested(reader, clause, phrase)
    elif role in ("promise", "todo"):
        _promise(reader, clause, phrase, gift=None)


def _owed(reader: _Reader, phrase: str) -> None:
    folded = fold(phrase)
    if has_any("exchange.words.for_my_help", phrase):
        return
    if has_any("exchange.words.not_owed", phrase) and not re.search(r"\bsend me\b", folded):
        return
    if re.match(r"^(?:send|mandar|enviar|passar)\s+(?:it|lo|ho)\b", folded):
        return
    if reader.reviewing and has_any("exchange.words.for_review", phrase):
        return  # his draft, for the review the user offered: part of the user's task
    for part in two_tasks(phrase, reader.lang):  # "show me around and put me in touch with"
        text = without_due(part, reader.sent)
        if len(_tokens(text)) > 1:  # "me la va a reenviar": already received, named before
            reader.out.got.append(text)
        reader.out.items.append(ActionItem(kind="owed", text=text))
        if _is_intro(text) or INTRODUCING.search(fold(text)):
            reader.introducing_me = reader.sentence


INTRODUCING = re.compile(r"\b(?:presentar\w*|introduc\w*|intro|put me in touch)\b")
"""An introduction they will make ("em presentarà", "me presentará", "introduce me to")."""
MY_OWN = re.compile(r"\b(?:my|mi|mis|el meu|la meva|els meus|les meves)\s+\w")
"""The user's own work ("el meu curt", "my CV")."""
TO_SOMEONE = re.compile(r"\s(?:to|with|con|amb|a)\s+\S")
"""Where an introduction names whom to: "introduce marisol to ...", "poner en contacto con"."""


def _in_lower_case(sentence: str) -> bool:
    """Written without capitals (dictated, typed on a phone), but for the pronoun "I"."""
    without_i = re.sub(r"\bI\b", "i", sentence)
    return without_i == without_i.lower()


def _requested(reader: _Reader, clause: Clause, phrase: str) -> None:
    """What they asked of the user: an opportunity is received, a favour is given; it is
    promised when the user says they will do it, or when the ask has a due date."""
    if re.match(r"^(?:if|whether|si)\b", fold(phrase)):
        if has_any("exchange.words.opportunities", phrase):  # "asked if I'd write a piece"
            reader.out.got.append(
                without_due(re.sub(r"^\S+\s+(?:\S*'d|would|could)?\s*", "", phrase), reader.sent)
            )
        return
    if has_any("exchange.words.opportunities", phrase):
        reader.out.got.append(without_due(phrase, reader.sent))
        return
    reader.out.gave.append(without_due(phrase, reader.sent))
    reader.request = (phrase, clause.sentence)
    due = due_of(clause.text, reader.sent)
    if due is not None:
        _promise(reader, clause, phrase, gift=False, due=due)
        reader.request = None


def _promise(
    reader: _Reader,
    clause: Clause,
    phrase: str,
    *,
    gift: bool | None,
    due: date | None = None,
) -> None:
    """A promise of the user's: an introduction, else a task; given when made to them."""
    folded = fold(phrase)
    if _pattern("exchange.words.debts").search(fold(clause.text)):
        return
    if re.fullmatch(r"(?:do|hare|fare|faig|hago)\s+(?:it|lo|ho|that)\b.*", folded) or (
        _starts_with("exchange.words.do_it", phrase)
    ):
        if reader.request is not None:
            _do_as_asked(reader, clause, due or due_of(clause.text, reader.sent))
        return
    due = due if due is not None else due_of(clause.text, reader.sent)
    first, *more = two_tasks(phrase, reader.lang)
    for other in more:  # "rewrite the CV tonight and send it to him": two promises
        _promise(reader, clause, first, gift=gift, due=due)
        phrase, first = other, other
    phrase = first
    if _is_intro(phrase) and _introduce(reader, phrase, clause.sentence, due, gift=gift is None):
        return
    task = without_due(phrase, reader.sent)
    if not task or (fold(task) in words("exchange.words.not_tasks") and due is None):
        return
    if due is None:
        due = event_day(clause.sentence, reader.sent)
    if not (_is_intro(phrase) and _in_lower_case(clause.sentence) and TO_SOMEONE.search(folded)):
        # "introduce marisol to kenji tanaka": in lower case, whether it names anyone (an
        # introduction) or no one (a task) cannot be told; it is given either way
        reader.out.items.append(ActionItem(kind="task", text=task, due=due))
    if (
        gift is None
        and _for_them(reader, clause, phrase)
        and not has_any("exchange.words.no_gift", phrase)
        and not SO_THEY_CAN.search(fold(clause.sentence))
        and not (reader.introducing_me == clause.sentence and MY_OWN.search(folded))
    ):
        reader.gifts.append(_Gift(task, _for_help(phrase)))


def _due_for_last(reader: _Reader, due: date | None) -> None:
    """Set ``due`` on the last promise that has none (on each of its introductions)."""
    if due is None:
        return
    last: str | None = None
    for index in range(len(reader.out.items) - 1, -1, -1):
        item = reader.out.items[index]
        if item.kind not in ("task", "intro") or (last is not None and item.text != last):
            if last is not None:
                return
            continue
        last = item.text
        if item.due is None:
            reader.out.items[index] = replace(item, due=due)


def _do_as_asked(reader: _Reader, clause: Clause, due: date | None) -> None:
    """ "I'll do it before the 10th", "Lo haré esta semana": what was asked is promised."""
    assert reader.request is not None
    asked, sentence = reader.request
    reader.request = None
    _promise(reader, replace(clause, sentence=sentence), asked, gift=False, due=due)


def _introduce(reader: _Reader, text: str, sentence: str, due: date | None, *, gift: bool) -> bool:
    pairs = introductions(text, reader.cast, reader.known, reader.read + sentence)
    if pairs is None:
        return False
    intro_text = without_due(text, reader.sent)
    new = False
    for who, other in pairs:
        same = [
            i for i, item in enumerate(reader.out.items)
            if item.kind == "intro" and {p.email or p.name for p in item.people}
            == {who.email or who.name, other.email or other.name}
        ]  # fmt: skip
        if same:  # said twice ("I offered to put him in touch with Laia ... the intro to Laia
            # by Wednesday"): one introduction, with the due the second time gives
            old = reader.out.items[same[0]]
            if old.due is None and due is not None:
                reader.out.items[same[0]] = ActionItem("intro", old.text, old.people, due)
            continue
        new = True
        reader.out.items.append(ActionItem("intro", intro_text, (who, other), due))
    if gift and new:
        reader.gifts += [
            _Gift(part, False)
            for part, pair in zip(per_pair(intro_text, pairs), pairs, strict=True)
            if involves_attendee([pair], reader.cast)
        ]
    return True


def _is_intro(phrase: str) -> bool:
    return bool(_pattern("exchange.words.intro").search(fold(phrase)))


def _for_help(phrase: str) -> bool:
    return has_any("exchange.words.for_their_help", phrase)


@cache
def _review_theirs(lang: str) -> re.Pattern[str]:
    review = alternation(words("exchange.words.review", [lang]))
    theirs = alternation(words("exchange.words.theirs", [lang]))
    return re.compile(rf"(?:{review})(?:-(?:li|los|les))?\s+(?:{theirs})\b")


def _for_them(reader: _Reader, clause: Clause, phrase: str) -> bool:
    """A promise made to the attendee (also given), not the user's own to-do."""
    folded = fold(phrase)
    if has_any("exchange.words.replies", phrase) or re.search(r"\bmyself\b", folded):
        return False
    own = alternation(words("exchange.words.own"))
    material = alternation(words("exchange.words.own_material"))
    if re.search(rf"\b(?:{own})\s+(?:\w+\s+){{0,2}}(?:{material})\b", folded) or has_any(
        "exchange.words.revisions", phrase
    ):
        return False
    head = SUBORDINATE.split(folded, maxsplit=1)[0]
    if _review_theirs(reader.lang).match(head):
        return True  # "review his RFC", "revisar la seva proposta": for them
    to_them = bounded(words("exchange.words.to_them", [reader.lang]))
    if to_them.search(head) or to_them.search(clause.prefix):
        return True
    if any(
        p.name and re.search(rf"\b{re.escape(fold(p.name.split()[0]))}\b", head)
        for p in reader.cast.present()
    ):
        return True
    promised = _pattern("exchange.words.promised_to_them")
    if promised.search(clause.prefix) or promised.match(folded):
        return True
    return has_any("exchange.words.helping", phrase)
