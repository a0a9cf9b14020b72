"""Contacts from vCard files (3.0 from Apple and Google, 4.0, Outlook's 2.1), read card by card
with vobject.

The file is cut into ``BEGIN:VCARD`` ... ``END:VCARD`` blocks by line before vobject sees it,
so one broken card is reported by its line number and the others are still read (vobject's
own iterator stops at the first error). Folded lines, photos and Apple's ``item1.EMAIL``
groups are vobject's business.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import vobject

from mailer.parsing.contact_rows import ContactRecord, RowError, make_record, one_line

PROGRESS_EVERY = 200
_LINES = re.compile(r"\r\n|\r|\n")
_BEGIN = re.compile(r"(?i)^(?:[\w-]+\.)?BEGIN\s*:\s*VCARD\s*$")
_END = re.compile(r"(?i)^(?:[\w-]+\.)?END\s*:\s*VCARD\s*$")


def looks_like_vcard(text: str) -> bool:
    first = next((line for line in _LINES.split(text) if line.strip()), "")
    return _BEGIN.match(first.strip()) is not None


def _blocks(text: str) -> Iterator[tuple[int, str | None, str]]:
    """(first line, card text or None, problem) for each card and each stretch of stray text."""
    card: list[str] = []
    start = 0
    stray = 0
    for number, line in enumerate(_LINES.split(text), start=1):
        if not card:
            if _BEGIN.match(line.strip()):
                if stray:
                    yield stray, None, "text outside BEGIN:VCARD ... END:VCARD"
                    stray = 0
                card, start = [line.strip()], number
            elif line.strip() and not stray:
                stray = number
            continue
        if _BEGIN.match(line.strip()):  # a card that never ended: report it, start anew
            yield start, None, "this vCard has no END:VCARD"
            card, start = [line.strip()], number
        elif _END.match(line.strip()):
            card.append(line.strip())
            yield start, "\r\n".join(card) + "\r\n", ""
            card = []
        else:
            card.append(line)
    if card:
        yield start, None, "this vCard has no END:VCARD"
    elif stray:
        yield stray, None, "text outside BEGIN:VCARD ... END:VCARD"


def _values(card: Any, name: str) -> list[Any]:
    return list(card.contents.get(name, []))


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return one_line(" ".join(_text(v) for v in value))
    return one_line(value)


def _emails(card: Any) -> list[str]:
    """The card's addresses, the preferred one first (``PREF`` in 2.1, TYPE=pref in 3.0,
    PREF=1 in 4.0)."""

    def preferred(prop: Any) -> bool:
        types = [str(t).lower() for t in prop.params.get("TYPE", [])]
        types += [str(t).lower() for t in prop.singletonparams]
        return "pref" in types or "1" in [str(p) for p in prop.params.get("PREF", [])]

    props = _values(card, "email")
    ordered = [p for p in props if preferred(p)] + [p for p in props if not preferred(p)]
    return [str(p.value) for p in ordered if str(p.value).strip()]


def _card(line: int, text: str) -> ContactRecord | RowError:
    try:
        card = vobject.readOne(text)
    except Exception as exc:  # vobject raises many kinds: ParseError, ValueError, binascii...
        # ParseError's own line number counts in its own way: the card's first line is ours
        detail = one_line(getattr(exc, "msg", None) or exc)[:120]
        return RowError(line, f"cannot read this vCard ({detail})")
    given = middle = family = ""
    for n in _values(card, "n")[:1]:
        value = n.value
        given = _text(getattr(value, "given", ""))
        middle = _text(getattr(value, "additional", ""))
        family = _text(getattr(value, "family", ""))
        if isinstance(value, str):  # vobject leaves N a string when it cannot split it
            family = _text(value.split(";")[0])
    name = next((_text(fn.value) for fn in _values(card, "fn")), "")
    org = next((o.value for o in _values(card, "org")), "")
    company = _text(org[0] if isinstance(org, list | tuple) and org else org)
    if name and name == company and not (given or middle or family):
        name = ""  # a company's own card: its FN is the company (Apple's X-ABShowAs:COMPANY)
    return make_record(
        line,
        emails=_emails(card),
        name=name,
        given=given,
        middle=middle,
        family=family,
        company=company,
        position=next((_text(t.value) for t in _values(card, "title")), ""),
        notes="\n".join(str(n.value) for n in _values(card, "note")),
        links=[
            str(u.value)
            for u in _values(card, "url") + _values(card, "x-socialprofile")
            if "linkedin.com/" in str(u.value)
        ],
    )


def read_vcards(
    text: str, progress: Callable[[int, int], None] | None = None
) -> tuple[list[ContactRecord], list[RowError]]:
    """Every card as a record or an error; ``progress(done, total)`` now and then, because
    vobject takes a while (about 0.4 ms a card)."""
    records: list[ContactRecord] = []
    errors: list[RowError] = []
    blocks = list(_blocks(text))
    for done, (line, card, problem) in enumerate(blocks, start=1):
        result = _card(line, card) if card is not None else RowError(line, problem)
        if isinstance(result, RowError):
            errors.append(result)
        else:
            records.append(result)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(blocks)):
            progress(done, len(blocks))
    return records, errors
