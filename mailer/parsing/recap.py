"""Read a free-text recap the way people write them, in English, Spanish or Catalan.

    Had coffee with Anna Ruiz <anna@example.com> this morning at Satan's Coffee Corner.
    Gave: shared my notes; offered to e-introduce her to Pau (pau@example.org)
    Got: two contacts for the project
    Follow up in 2 weeks. #slownetworking

The first sentence that says whom the user met gives the people, the place and the date; marked
lines give what was given and received; promises (send, TODO, checkboxes, introductions) become
action items; a follow-up phrase gives a date. Anything unmarked is kept as notes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from mailer.parsing.quoting import strip_quotes_and_signature
from mailer.parsing.recap_dates import FOLLOW_UP, follow_up_on, met_on
from mailer.parsing.types import ActionItem, Person, Recap

ADDRESS = r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"
NAME = r"[A-ZÀ-ÖØ-Þ][\w'’-]*(?:\s+(?:de\s+|del\s+|la\s+|van\s+)?[A-ZÀ-ÖØ-Þ][\w'’-]*){0,3}"
NAMED_ADDRESS = re.compile(
    rf"(?P<name>{NAME})?\s*[<(\[]\s*(?:mailto:)?(?P<email>{ADDRESS})\s*[>)\]]"
)
BARE_ADDRESS = re.compile(rf"(?<![\w<(\[:.+-])(?P<email>{ADDRESS})")
WITH = re.compile(rf"\b(?:with|con|amb|w/)\s+(?P<names>{NAME}(?:\s*(?:,|and|y|i|&)\s*{NAME})*)")
MEETING = re.compile(
    r"\b(?:met|meet|meeting|coffee|café|cafè|lunch|dinner|drinks|breakfast|call|chat|tapas|"
    r"quedé|quedamos|tomé|comí|comimos|cenamos|reunión|reunió|vaig quedar|vam|dinar|sopar)\b",
    re.IGNORECASE,
)
PLACE = re.compile(r"\b(?:at|en|a|al)\s+(?P<place>(?:[A-Z0-9][\w'’&-]*)(?:\s+[A-Z0-9][\w'’&-]*)*)")
GAVE = re.compile(
    r"^\s*[-*•]?\s*(?:i\s+gave|gave|given|offered|di|dí|ofrecí|vaig\s+donar|donat|he\s+donat)"
    r"\s*[:\-–—]\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
GOT = re.compile(
    r"^\s*[-*•]?\s*(?:i\s+got|got|received|they\s+gave\s+me|recibí|me\s+dio|me\s+dieron|"
    r"vaig\s+rebre|rebut|he\s+rebut)\s*[:\-–—]\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
INLINE_MARKER = re.compile(
    r"([.!?])[ \t]+(?=(?:i\s+gave|gave|given|got|received|di|dí|recibí|vaig\s+donar|"
    r"vaig\s+rebre)\s*:)",
    re.IGNORECASE,
)
CHECKBOX = re.compile(r"^\s*(?:[-*•]\s*)?\[(?P<mark>[ xX])\]\s*(?P<text>.+)$")
TODO = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:todo|to do|to-do|pendiente|pendent|action)\s*[:\-–]\s*(?P<text>.+)$",
    re.IGNORECASE,
)
SEND = re.compile(
    r"\b(?:send|email|share|forward|enviar|envío|enviarle|mandar|mandarle|le\s+mando|"
    r"compartir|enviaré|enviar-li|passar-li)\b",
    re.IGNORECASE,
)
INTRO = re.compile(
    r"\b(?:e-?introduce|introduce|intro|introducing|connect\s+(?:her|him|them)\s+with|"
    r"presentarle|presentar|presentaré|introducir|intro\s+a|presentar-li)\b",
    re.IGNORECASE,
)
RECEIVING = re.compile(r"(?i)\b(?:sent me|me envió|me mandó|will send me|me enviará)\b")
TAG = re.compile(r"(?<![\w&/])#(?P<tag>[^\W_][\w-]*)")
BULLET = re.compile(r"^\s*[-*•]\s+(?P<text>.+)$")


def parse_recap(
    text: str,
    *,
    sent_at: datetime,
    zone: ZoneInfo,
    known_names: Mapping[str, str] | None = None,
) -> Recap:
    """Everything a recap says; never raises (an unreadable recap is all notes)."""
    known = {k.lower(): v.lower() for k, v in (known_names or {}).items()}
    body = INLINE_MARKER.sub("\\1\n", strip_quotes_and_signature(text or ""))
    lines = [line.rstrip() for line in body.splitlines()]
    gave, got, items, free = _sections(lines)
    meeting_sentence = _meeting_sentence(free) or _meeting_sentence(lines) or ""
    intro_clauses = [c for c in _clauses(body) if INTRO.search(c)]
    intro_emails = {p.email for c in intro_clauses for p in addresses_in(c)}
    met, unresolved = _people_met(meeting_sentence, body, intro_emails, known)
    items += _intros(intro_clauses, met, known)
    items += _sends(body, got)
    tags = list(dict.fromkeys(m["tag"].lower() for m in TAG.finditer(body)))
    notes_lines = [line for line in free if line.strip() and not FOLLOW_UP.search(line)]
    return Recap(
        met_on=_utc(met_on(meeting_sentence or body, sent_at=sent_at, zone=zone)),
        people=tuple(met),
        names_without_address=tuple(unresolved),
        place=_place(meeting_sentence),
        gave=tuple(gave),
        got=tuple(got),
        notes=body.strip() if not gave and not got else "\n".join(notes_lines).strip(),
        action_items=tuple(dict.fromkeys(items)),
        follow_up_on=follow_up_on(body, sent_at=sent_at, zone=zone),
        tags=tuple(tags),
    )


def _utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(ZoneInfo("UTC")) if moment else None


def _split_items(rest: str) -> list[str]:
    return [item.strip(" .") for item in re.split(r";|\s\|\s", rest) if item.strip(" .")]


def _sections(lines: list[str]) -> tuple[list[str], list[str], list[ActionItem], list[str]]:
    """Gave and got items (with bullets under a marker line), tasks, and the other lines."""
    gave: list[str] = []
    got: list[str] = []
    items: list[ActionItem] = []
    free: list[str] = []
    current: list[str] | None = None
    for line in lines:
        if match := GAVE.match(line):
            current = gave
            gave.extend(_split_items(match["rest"]))
        elif match := GOT.match(line):
            current = got
            got.extend(_split_items(match["rest"]))
        elif match := CHECKBOX.match(line):
            if match["mark"] == " ":
                items.append(ActionItem(kind="task", text=match["text"].strip()))
        elif match := TODO.match(line):
            items.append(ActionItem(kind="task", text=match["text"].strip()))
        elif current is not None and (bullet := BULLET.match(line)):
            current.extend(_split_items(bullet["text"]))
        else:
            current = None if not line.strip() else current
            if not BULLET.match(line) or current is None:
                free.append(line)
    return gave, got, items, free


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[;\n]|(?<=[.!?])\s+(?=[A-ZÀ-Þ])", text) if c.strip()]


def _meeting_sentence(lines: list[str]) -> str | None:
    for clause in _clauses("\n".join(lines)):
        if (MEETING.search(clause) or WITH.search(clause)) and not FOLLOW_UP.search(clause):
            return clause
    return None


def addresses_in(text: str) -> list[Person]:
    """Every address in free text, with the capitalised name written just before it."""
    found: dict[str, Person] = {}
    for match in NAMED_ADDRESS.finditer(text):
        name = (match["name"] or "").strip() or None
        found.setdefault(match["email"].lower(), Person(match["email"].lower(), name))
    for match in BARE_ADDRESS.finditer(text):
        found.setdefault(match["email"].lower(), Person(match["email"].lower()))
    return list(found.values())


def _people_met(
    sentence: str, body: str, intro_emails: set[str], known: Mapping[str, str]
) -> tuple[list[Person], list[str]]:
    met = {p.email: p for p in addresses_in(sentence)}
    if not met:
        met = {p.email: p for p in addresses_in(body) if p.email not in intro_emails}
    unresolved: list[str] = []
    with_match = WITH.search(sentence)
    if with_match:
        for name in re.split(r"\s*(?:,|\band\b|\by\b|\bi\b|&)\s*", with_match["names"]):
            name = name.strip()
            if not name or any(p.name and name in p.name for p in met.values()):
                continue
            email = known.get(name.lower()) or known.get(name.split()[0].lower())
            if email and email not in met:
                met[email] = Person(email, name)
            elif not email:
                unresolved.append(name)
    return list(met.values()), unresolved


def _intros(clauses: list[str], met: list[Person], known: Mapping[str, str]) -> list[ActionItem]:
    items = []
    met_emails = {p.email for p in met}
    for clause in clauses:
        others = [p for p in addresses_in(clause) if p.email not in met_emails]
        if not others:
            for name in re.findall(rf"\b(?:to|a|with|con|amb)\s+({NAME})", clause):
                email = known.get(name.lower()) or known.get(name.split()[0].lower())
                if email and email not in met_emails:
                    others.append(Person(email, name))
        items.append(ActionItem(kind="intro", text=clause.strip(" ."), people=(*met, *others)))
    return items


def _sends(body: str, got: list[str]) -> list[ActionItem]:
    """Promises to send something: sentences with a sending verb that are not received items."""
    received = " ".join(got).lower()
    items = []
    for clause in _clauses(body):
        if CHECKBOX.match(clause) or TODO.match(clause):
            continue  # read as tasks (or as done) already
        text = re.sub(r"^\s*(?:[-*•]\s*)?(?:gave|di|dí)\s*[:\-–]\s*", "", clause, flags=re.I)
        promise = SEND.search(text) and not INTRO.search(text) and not RECEIVING.search(text)
        if promise and text.lower() not in received:
            items.append(ActionItem(kind="task", text=text.strip(" .")))
    return items


def _place(sentence: str) -> str | None:
    for match in PLACE.finditer(sentence):
        place = match["place"].strip(" .,")
        if not re.fullmatch(r"\d{1,2}(?::\d{2})?(?:\s*[ap]m)?", place, re.I):
            return place
    return None
