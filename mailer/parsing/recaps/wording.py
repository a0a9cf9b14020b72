"""How promises and gifts are worded: a list's items, two things in one ("the deck and the
notes", "rewrite the CV and send it"), a promise said again with its due ("will do it by
Friday"), what is sent for the user's own sake ("so she can pass it on"), thanks, which are
no gift, a line of the attendee's side ("Rocío: me pasa el contacto"), the words of each
introduction of one phrase, and the same thing said twice.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from mailer.parsing.recaps.dates import future_mentions
from mailer.parsing.recaps.dues import without_due
from mailer.parsing.recaps.names import _tokens
from mailer.parsing.recaps.people import Cast
from mailer.parsing.recaps.text import sentences
from mailer.parsing.recaps.words import alternation, fold, words
from mailer.parsing.types import Person

SO_THEY_CAN = re.compile(
    r"\bso\s+(?:that\s+)?(?:she|he|they|@x*)\s+(?:can|could)\s+"
    r"(?:pass|forward|share|send|introduce|help|present|circulate|put|recommend|refer)\b"
    r"|\bpara\s+que\s+(?:me\s+|se\s+|nos\s+)?(?:\w+\s+)?(?:pase|presente|reenvie|ayude|recomiende|mande)\b"
    r"|\bperque\s+(?:em\s+|m'|ens\s+)?(?:\w+\s+)?(?:passi|presenti|reenvii|ajudi|recomani)\b"
)
"""What the user sends so that the other can pass it on is for the user's own sake."""
NEXT_ITEM = re.compile(
    r",?\s+(?:and|y|i)\s+(?=(?:the|a|an|my|our|his|her|their|el|la|los|las|un|una|mi|nuestro|"
    r"nuestra|su|els|les|el meu|la meva|el nostre|la nostra|some|a few|two|three|unos|unas)\s)"
)
"""", and the name of ...": a second thing given or received in the same clause."""


MINE = re.compile(r"^(?:me|yo|jo|i|mine)\s*[-–:]\s*", re.IGNORECASE)
"""Whose an item of a to-do list is: "Action items: me - send contract draft; me - order"."""


def label_items(text: str, *, todo: bool = False) -> list[str]:
    """The items of a label line: "a; b", "a | b", and for a to-do list "a, b, and c"."""
    separators = r"\s*;\s*|\s+\|\s+"
    if todo:
        separators += r"|\s*,\s*(?:and\s+|y\s+|i\s+)?"
    else:
        separators += r"|\s*,\s*and\s+(?=i\b|i'|she\b|he\b|they\b)"
    parts = [
        MINE.sub("", p.strip(" .")) if todo else p.strip(" .")
        for sentence in (sentences(text) if todo else [text])
        for p in re.split(separators, sentence, flags=re.IGNORECASE)
    ]
    kept: list[str] = []
    for part in (p for p in parts if p):
        if kept and due_alone(part):  # "review his job post, by Wednesday": one item
            kept[-1] = f"{kept[-1]}, {part}"
        else:
            kept.append(part)
    return kept


def due_alone(part: str) -> bool:
    """Only the words of a due date: "by Wednesday", "antes del 15", "abans de dijous"."""
    before = alternation(words("dates.due_before"))
    folded = fold(part).strip(" .")
    if re.fullmatch(rf"(?:{before})\s+\S+(?:\s+\S+){{0,2}}", folded):
        return True
    mentions = future_mentions(folded, date(2000, 1, 1))
    return len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end == len(folded)


def thanks(phrase: str) -> bool:
    """Thanks, or paying: no gift ("Le di las gracias por lo del mes pasado")."""
    thanks = alternation(words("exchange.words.thanks"))
    return bool(re.match(rf"^(?:[\w']+\s+)?(?:{thanks})(?![\w])", fold(phrase).strip()))


def split_things(phrase: str) -> list[str]:
    """ "the contacts of three printers, and the name of the person ...": two things."""
    if re.search(r"[\"“”«»]", phrase):  # a title: "Canto jo i la muntanya balla"
        quoted = re.sub(r"[\"“«][^\"”»]*[\"”»]", lambda m: "_" * len(m[0]), phrase)
        cuts = [m.span() for m in NEXT_ITEM.finditer(quoted)]
    else:
        cuts = [m.span() for m in NEXT_ITEM.finditer(phrase)]
    parts, start = [], 0
    for begin, end in cuts:
        parts.append(phrase[start:begin])
        start = end
    parts.append(phrase[start:])
    return [p.strip() for p in parts if p.strip()]


def two_tasks(phrase: str, lang: str) -> list[str]:
    """A promise of two things joined by "and" and a verb: "rewrite the CV and send it"."""
    parts = _second_task(lang).split(phrase)
    return [p.strip() for p in parts if p.strip()] or [phrase]


@cache
def _second_task(lang: str) -> re.Pattern[str]:
    verbs = alternation(words("exchange.words.task_verbs", [lang]))
    return re.compile(rf"\s+(?:and|y|i)\s+(?=(?:{verbs})\b)", re.IGNORECASE)


def is_do_it(text: str) -> bool:
    """ "will do it by Friday", "Must do that before Friday", "Se lo mando antes del viernes",
    "Eso lo hago antes del 15": the promise before, again, with its due."""
    rest = fold(without_due(text.strip(" .!"), date(2000, 1, 1))).strip(" .!,")
    rest = LEADING_DO.sub("", rest)
    match = DO_IT.match(rest)
    return match is not None and len(rest[match.end() :].split()) <= 2


LEADING_DO = re.compile(
    r"^(?:(?:i|i'll|i will|will|must|need to|have to|should|i'?ll try to|i must|i need to|"
    r"i have to|i should|eso|esto|aixo)\s+)+"
)
DO_IT = re.compile(
    r"^(?:(?:do|hare|fare|faig|hago)\s+(?:it|that|this|lo|ho|aixo|eso)\b|"
    r"(?:se\s+lo|lo|li\s+ho|ho)\s+(?:hago|hare|mando|envio|enviare|mandare|faig|fare|envio)\b|"
    r"(?:write|send)\s+(?:those|these|the)\s+(?:emails|intros|introductions|mails)\b)"
)


def said_by_attendee(cast: Cast, text: str) -> bool:
    """ "Rocío: me pasa el contacto de un tasador": a line of the attendee's side."""
    match = re.match(r"^\s*([^\W\d_][\w'’-]*)\s*:\s*(?![^\s]*@)\S+\s+\S", text)
    return match is not None and any(
        p.name and fold(p.name).split()[0] == fold(match[1]) for p in cast.present()
    )


def without_doer(cast: Cast, item: str) -> str:
    """ "Omar will send me two contacts" -> "send me two contacts"; "Marcos me presenta al
    gerente" -> "presenta al gerente"."""
    folded = fold(item)
    for person in cast.people:
        for name in filter(None, [person.name, (person.name or "").split(" ")[0]]):
            if folded.startswith(fold(name) + " "):
                item, folded = item[len(name) + 1 :], folded[len(name) + 1 :]
                break
    doer = re.match(
        r"^(?:(?:he|she|they|ella|el|ell|ells|elles)\s+)?(?:(?:will|'ll|is going to|are going to|"
        r"va a|van a|me va a|nos va a)\s+)?(?:(?:me|nos|em|ens)\s+)?",
        folded,
    )
    return item[doer.end() :] if doer else item


def per_pair(text: str, pairs: list[tuple[Person, Person]]) -> list[str]:
    """The words of each introduction of one phrase, so that each is given once: "put her in
    touch with Maya Goldberg" and "with Tomás Aguirre"."""
    if len({other for _, other in pairs}) == 1:  # two attendees to one person: said once
        return [text] * len(pairs)

    def at(person: Person) -> int:
        return max(text.find(person.name or person.email or "\0"), 0)

    starts = [  # "Farida to Mahsa and Gaspard to Hugo": the second starts at Gaspard
        at(who) if i and who != pairs[i - 1][0] and at(who) else at(other)
        for i, (who, other) in enumerate(pairs)
    ]
    order = sorted(range(len(pairs)), key=lambda i: starts[i])
    parts = [""] * len(pairs)
    for rank, index in enumerate(order):
        begin = 0 if rank == 0 else starts[index]
        end = starts[order[rank + 1]] if rank + 1 < len(order) else len(text)
        parts[index] = re.sub(  # "... to Mahsa Tehrani (our translator) and": without "and"
            r"(?:[\s,;]+(?:and|y|i|to|with|a|amb|con)\b)*[\s,;]*$", "", text[begin:end]
        )
    return [p or text for p in parts]


def distinct(items: list[str]) -> list[str]:
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
    tokens = _tokens(text)
    return {t for t in tokens if len(t) > 3} or set(tokens)
