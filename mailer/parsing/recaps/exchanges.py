"""What was given and received, and what was promised, with its direction and due date.

The clauses read by :mod:`clauses` become the recap's items: given and received things
(``gave``/``got``), the user's own promises (``task``, or ``intro`` between two named people,
with a ``due`` when one is said), and what the other person will do for the user (``owed``,
also received). A promise to the attendee is also given ("I'll send her the deck": the deck);
the user's material for the other's help (my CV for her introduction) is not, nor is a reply
("I'll let him know by the 20th"). "I'll do it before the 10th" promises what was asked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from mailer.parsing.recaps.clauses import Clause, cut_phrase, has_any, read_clauses
from mailer.parsing.recaps.dates import Mention, future_mentions
from mailer.parsing.recaps.people import Cast, Someone, _tokens, clean_name
from mailer.parsing.recaps.text import ADDRESS, Line, sentences
from mailer.parsing.recaps.words import alternation, bounded, fold, words
from mailer.parsing.types import ActionItem, Person

SUBORDINATE = re.compile(r"\b(?:if|who|which|that|so|because|si|que|perque|quan|when|once)\b")
TARGET_NAME = re.compile(
    r"(?:(?:la|en|el|na)\s+|[lL]['’])?(?P<name>[A-ZÀ-ÖØ-Þ][\w'’-]*(?:\s+(?:de\s+)?[A-ZÀ-ÖØ-Þ][\w'’-]*){0,2})"
)


@dataclass
class Exchanges:
    gave: list[str] = field(default_factory=list)
    got: list[str] = field(default_factory=list)
    items: list[ActionItem] = field(default_factory=list)


@dataclass
class _Reader:
    cast: Cast
    sent: date
    lang: str
    known: Mapping[str, str]
    out: Exchanges = field(default_factory=Exchanges)
    request: tuple[str, str] | None = None
    reviewing: bool = False

    @property
    def names(self) -> list[str]:
        found: list[str] = []
        for person in self.cast.people:
            if person.name:
                found += [person.name, person.name.split()[0]]
        return found


def _words_re(path: str) -> re.Pattern[str]:
    return bounded(words(path))


def _nothing(phrase: str) -> bool:
    folded = fold(phrase).strip(" .!")
    return not folded or bool(re.match(rf"^(?:{alternation(words('exchange.words.nothing'))})\b", folded)) or bool(
        re.match(r"^(?:him|her|them|le|li|les|els)\s+(?:nothing|nada|res)\b", folded)
    )


def read_exchanges(
    lines: Sequence[Line], cast: Cast, sent: date, lang: str, known: Mapping[str, str]
) -> Exchanges:
    """Everything given, received and promised in the body's lines."""
    reader = _Reader(cast, sent, lang, known)
    all_text = " ".join(line.text for line in lines)
    reader.reviewing = bool(
        re.search(
            rf"\b(?:{alternation(words('exchange.words.review'))})\b", fold(all_text)
        )
    )
    for line in lines:
        if line.done or line.label in ("follow_up", "ignored"):
            continue
        if line.label in ("gave", "got"):
            for item in _label_items(line.text):
                _labelled(reader, item, line.label)
            continue
        items = _label_items(line.text, todo=True) if line.label == "todo" else [line.text]
        for item in items:
            for sentence in sentences(item):
                _sentence(reader, sentence, todo=line.label == "todo")
    reader.out.gave = _distinct(reader.out.gave)
    reader.out.got = _distinct(reader.out.got)
    return reader.out


def _label_items(text: str, *, todo: bool = False) -> list[str]:
    """The items of a label line: "a; b", "a | b", and for a to-do list "a, b, and c"."""
    separators = r"\s*;\s*|\s+\|\s+"
    if todo:
        separators += r"|\s*,\s*(?:and\s+|y\s+|i\s+)?"
    else:
        separators += r"|\s*,\s*and\s+(?=i\b|i'|she|he|they)"
    parts = [p.strip(" .") for p in re.split(separators, text)]
    return [p for p in parts if p]


def _labelled(reader: _Reader, item: str, label: str) -> None:
    if _nothing(item):
        return
    (reader.out.gave if label == "gave" else reader.out.got).append(cut_phrase(item) or item)
    if label != "gave":
        return
    for clause in read_clauses(item, reader.names, reader.lang):
        if _is_intro(clause.phrase or clause.text) and not has_any("exchange.words.done", item):
            _promise(reader, clause, clause.phrase or item, gift=False, text=item)


def _sentence(reader: _Reader, sentence: str, *, todo: bool) -> None:
    if _is_follow_up(sentence) and not _remind_to(sentence):
        return
    for clause in read_clauses(sentence, reader.names, reader.lang):
        _clause(reader, clause, todo=todo)


def _is_follow_up(sentence: str) -> bool:
    folded = fold(sentence)
    return bool(_words_re("follow_up.triggers").search(folded)) and not re.search(
        r"follow[- ]up (?:call|meeting|email)", folded
    )


def _remind_to(sentence: str) -> bool:
    return bool(_words_re("follow_up.remind_to").search(fold(sentence)))


def _clause(reader: _Reader, clause: Clause, *, todo: bool) -> None:
    role, phrase = clause.role, clause.phrase
    remind = re.search(alternation(words("follow_up.remind_to")) + r"\s+", fold(clause.text))
    if role is None and (todo or remind):
        start = remind.end() if remind else 0
        phrase = cut_phrase(clause.text[start:])
        if phrase and not _is_follow_up(phrase):
            _promise(reader, clause, phrase, gift=None)
        return
    if role is None or not phrase or _nothing(phrase):
        return
    if role == "got":
        if not has_any("exchange.words.topics", phrase):
            reader.out.got.append(_trim_due(phrase, reader.sent))
    elif role == "owed":
        _owed(reader, clause, phrase)
    elif role == "gave":
        if not re.match(r"^(?:it|lo|ho)\b", fold(phrase)):
            reader.out.gave.append(_trim_due(phrase, reader.sent))
    elif role == "request":
        _requested(reader, clause, phrase)
    elif role == "promise":
        _promise(reader, clause, phrase, gift=None)


def _owed(reader: _Reader, clause: Clause, phrase: str) -> None:
    folded = fold(phrase)
    if has_any("exchange.words.not_owed", phrase) and not re.search(r"\bsend me\b", folded):
        return
    if re.match(r"^(?:send|mandar|enviar|passar)\s+(?:it|lo|ho)\b", folded):
        return
    if reader.reviewing and has_any("exchange.words.for_review", phrase) and not re.search(
        r"\b(?:capitulo|chapter|capitol)\b", folded
    ):
        return
    text = _trim_due(phrase, reader.sent)
    reader.out.got.append(text)
    reader.out.items.append(ActionItem(kind="owed", text=text))


def _requested(reader: _Reader, clause: Clause, phrase: str) -> None:
    if re.match(r"^(?:if|whether|si)\b", fold(phrase)):
        return
    if has_any("exchange.words.opportunities", phrase):
        reader.out.got.append(_trim_due(phrase, reader.sent))
        return
    reader.out.gave.append(_trim_due(phrase, reader.sent))
    reader.request = (phrase, clause.text)
    due = _due(clause.text, reader.sent)
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
    text: str | None = None,
) -> None:
    folded = fold(phrase)
    if _words_re("exchange.words.debts").search(fold(clause.text)):
        return
    due = due if due is not None else _due(clause.text, reader.sent)
    if due is None and not _is_intro(phrase):
        due = _event_day(clause, reader.sent)
    if re.match(rf"^(?:{alternation(words('exchange.words.do_it'))})\b", folded) or re.fullmatch(
        r"(?:do|hare|fare)\s+(?:it|lo|ho)", folded
    ):
        if reader.request is not None:
            asked, _ = reader.request
            reader.request = None
            _promise(reader, clause, asked, gift=False, due=due)
        return
    task = _trim_due(phrase, reader.sent)
    if not task:
        return
    made = _intros(reader, text or task, due) if _is_intro(phrase) else None
    if made is not None:
        if gift is None and made:
            reader.out.gave.append(task)
        return
    reader.out.items.append(ActionItem(kind="task", text=task, due=due))
    if gift is None and _for_them(reader, clause, phrase):
        reader.out.gave.append(task)


def _is_intro(phrase: str) -> bool:
    return bool(_words_re("exchange.words.intro").search(fold(phrase)))


def _for_them(reader: _Reader, clause: Clause, phrase: str) -> bool:
    """A promise made to the attendee (also given), not the user's own to-do."""
    folded = fold(phrase)
    if has_any("exchange.words.replies", phrase):
        return False
    own = alternation(words("exchange.words.own"))
    material = alternation(words("exchange.words.own_material"))
    if re.search(rf"\b(?:{own})\s+(?:\w+\s+){{0,2}}(?:{material})\b", folded) or has_any(
        "exchange.words.revisions", phrase
    ):
        return False
    head = SUBORDINATE.split(folded, maxsplit=1)[0]
    if bounded(words("exchange.words.to_them")).search(head) or bounded(
        words("exchange.words.to_them")
    ).search(clause.prefix):
        return True
    if any(
        p.name and re.search(rf"\b{re.escape(fold(p.name.split()[0]))}\b", head)
        for p in reader.cast.present()
    ):
        return True
    if bounded(words("exchange.words.promised_to_them")).search(clause.prefix):
        return True
    return has_any("exchange.words.helping", phrase)


def _intros(reader: _Reader, text: str, due: date | None) -> bool | None:
    """Introductions between two named people: None when nobody is named (a task then),
    else whether one of the two was at the meeting (then it is also given)."""
    present = reader.cast.present()
    named = _named_people(reader, text)
    attendees = [p for p in named if p in present]
    others = [p for p in named if p not in present]
    if not others:
        return None
    if attendees:
        who = attendees[0]
    elif len(others) >= 2:
        who, others = others[0], others[1:]
    elif present:
        who = present[0]
        attendees = [who]
    else:
        return None
    for other in others:
        people = (_person(reader, who), _person(reader, other))
        reader.out.items.append(ActionItem(kind="intro", text=text, people=people, due=due))
    return bool(attendees)


def _person(reader: _Reader, someone: Someone) -> Person:
    email = someone.email
    if not email and someone.name:
        email = reader.known.get(fold(someone.name)) or reader.known.get(
            _tokens(someone.name)[0], ""
        )
    return Person(email or "", someone.name)


def _named_people(reader: _Reader, text: str) -> list[Someone]:
    """The people an introduction names, in order: by address, then by name."""
    found: list[Someone] = []
    for match in re.finditer(ADDRESS, text):
        person = reader.cast.with_email(match[0].lower())
        if person is not None and person not in found:
            found.append(person)
    for match in TARGET_NAME.finditer(text):
        name = clean_name(match["name"])
        if not name or fold(name.split()[0]) in {"i", "slow", "gave", "got"}:
            continue
        person = reader.cast.named(name) or reader.cast.add(name, None, present=False)
        if person not in found:
            found.append(person)
    return found


def _due(text: str, sent: date) -> date | None:
    """The due date of a promise: "by Monday", "before the 15th", "tomorrow", not "this week"."""
    folded = fold(text)
    no_due = re.compile(rf"(?:{alternation(words('dates.no_due'))})\s*$")
    for mention in future_mentions(folded, sent):
        if mention.day is None or mention.form == "next":
            continue
        if no_due.search(folded[: mention.start].rstrip() + " ") or no_due.search(
            folded[: mention.end]
        ):
            continue
        if mention.form == "relative" and mention.day == sent and not re.search(
            alternation(words("dates.tonight")), folded[mention.start : mention.end]
        ):
            continue
        return mention.day
    return None


def _event_day(clause: Clause, sent: date) -> date | None:
    """ "Her launch is on April 9 - I promised to come": the day of the event promised for."""
    for mention in future_mentions(fold(clause.sentence), sent):
        if mention.form == "date" and mention.day is not None:
            return mention.day
    return None


def _trim_due(phrase: str, sent: date) -> str:
    """A phrase without its due words ("send her the deck by Monday" -> "send her the deck")."""
    folded = fold(phrase)
    before = alternation(words("dates.due_before"))
    for mention in future_mentions(folded, sent):
        start = mention.start
        lead = re.search(rf"(?:{before})\s*$", folded[:start])
        if lead:
            start = lead.start()
        if folded[mention.end :].strip(" .,!") == "" and start > 0:
            return phrase[:start].rstrip(" ,.;:-")
    return phrase


def _distinct(items: list[str]) -> list[str]:
    """Items once each: the same thing said twice (a label and a sentence) is one."""
    kept: list[str] = []
    for item in items:
        mine = _content(item)
        if not mine:
            continue
        if any(mine <= _content(k) or _content(k) <= mine for k in kept):
            continue
        kept.append(item)
    return kept


def _content(text: str) -> set[str]:
    return {t for t in _tokens(text) if len(t) > 3}
