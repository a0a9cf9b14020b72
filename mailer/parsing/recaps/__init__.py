"""Read a recap the way people write them, in English, Spanish or Catalan.

    Breakfast w/ Oriol Puig <oriol@example.cat> at Can Culleretes this morning.
    He recommended a book and offered to send me his slides. I'll intro him to Jordi
    (jordi@x.org) by Friday. Touch base on Feb 3.

becomes the people met (with their addresses, or names still without one), the day, kind and
place of the meeting, what was given and received, the user's promises (tasks and
introductions, with due dates), what the other person promised (``owed``) and the follow-up
date, or the fact that one was asked for without a date. One module per job:

- :mod:`.text`: the user's own words (no HTML, quotes, signatures), lines and labels;
- :mod:`.people`: names and addresses, and who was at the meeting;
- :mod:`.meeting`: the meeting's sentence, kind, place and day;
- :mod:`.dates`, :mod:`.numbers`: date words and counts in three languages;
- :mod:`.clauses`, :mod:`.exchanges`: who gave, got or promised what;
- :mod:`.follow_up`: when to follow up; :mod:`.language`: which language it is written in;
- :mod:`.words`: the word lists of ``words/*.toml``.

Precision over recall: nothing is returned that the text does not say.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from mailer.parsing.recaps.exchanges import read_exchanges
from mailer.parsing.recaps.fields import fields_of
from mailer.parsing.recaps.follow_up import follow_up
from mailer.parsing.recaps.language import language_of
from mailer.parsing.recaps.meeting import (
    Sentence,
    first_told,
    is_meeting_sentence,
    kind_of,
    meeting_sentence,
    met_at,
    met_day,
    place_of,
    place_told,
    tells_where,
)
from mailer.parsing.recaps.people import cast_of
from mailer.parsing.recaps.text import BULLET, MARKDOWN, Written, lines_of, sentences, user_words
from mailer.parsing.types import Person, Recap

TAG = re.compile(r"(?<![\w&/])#(?P<tag>[^\W_][\w-]*)")
UTC = ZoneInfo("UTC")
ONLINE = frozenset({"call", "video"})
"""Kinds of meeting that happen nowhere: "he's in Mexico City" is not where a call was."""

__all__ = ["parse_recap"]


def parse_recap(
    text: str,
    *,
    sent_at: datetime,
    zone: ZoneInfo,
    known_names: Mapping[str, str] | None = None,
    subject: str = "",
) -> Recap:
    """Everything a recap says, relative to ``sent_at`` (the message's Date) in ``zone``.

    ``known_names`` maps lower-cased names in the user's address book to addresses, for
    people the recap names without one. ``subject`` is the message's subject: people put
    "Coffee w/ Oriol" there, and a reply to our prompt keeps "Re: How was Lunch with Kim?".
    """
    known = {k.lower(): v.lower() for k, v in (known_names or {}).items()}
    written = user_words(text or "", subject)
    body = written.body
    lines = lines_of(body)
    free = [line for line in lines if line.label is None]
    told = _sentences(body, [line.text for line in free])
    meeting = meeting_sentence(told)
    sent_day = sent_at.astimezone(zone).date()
    language = language_of(body) or (
        language_of(written.subject) if not written.prompt_reply else None
    )
    cast = cast_of(
        body,
        (meeting.start, meeting.end) if meeting else None,
        written.subject,
        written.forwarded,
        known,
        language,
        reply=written.prompt_reply,
    )
    present = cast.present()
    sentence = _told_of_meeting(told, meeting, reply=written.prompt_reply)
    names = [p.name for p in present if p.name]
    told_place = place_told([s.text for s in told], names)
    noted = fields_of(body)
    first = first_told(told)
    kind = kind_of(sentence, "", language) or kind_of(first, "", language)
    kind = kind or (told_place[1] if told_place else None)
    kind = kind or kind_of(noted.kind, written.subject, language)
    day = met_day(sentence, "" if written.prompt_reply else written.subject, sent_day)
    day = day or met_day(noted.when, "", sent_day) or met_day(first, "", sent_day)
    if day is None and written.prompt_reply:  # "Bien, al final fue esta tarde"
        # "Really good, thanks! We went to Via Carota today.": the answer's first sentences
        about = [s for s in told[1:3] if is_meeting_sentence(s.text) or tells_where(s.text)]
        told_of = [*told[:1], *about]
        day = next(filter(None, (met_day(s.text, "", sent_day) for s in told_of)), None)
    exchanged = read_exchanges(lines, cast, sent_day, language or "en", known)
    asked = follow_up(_all_sentences(body), sent_day)
    return Recap(
        met_on=met_at(day, sentence, sent_at, zone).astimezone(UTC) if day else None,
        kind=kind,
        people=tuple(Person(p.email, p.name) for p in present if p.email),
        names_without_address=tuple(p.name for p in present if not p.email and p.name),
        place=None
        if kind in ONLINE
        else place_of(sentence, names, language)
        or noted.place
        or place_of(first, names, language)
        or (told_place[0] if told_place else None)
        or (None if written.prompt_reply else place_of(written.subject, names, language)),
        gave=tuple(exchanged.gave),
        got=tuple(exchanged.got),
        notes=_notes(written, lines),
        action_items=tuple(dict.fromkeys(exchanged.items)),
        follow_up_on=asked.day,
        follow_up_phrase=asked.phrase,
        follow_up_vague=asked.vague,
        tags=tuple(dict.fromkeys(m["tag"].lower() for m in TAG.finditer(body))),
        language=language,
    )


def _told_of_meeting(told: list[Sentence], meeting: Sentence | None, *, reply: bool) -> str:
    """The words that tell of the meeting: its sentence, with a short one after it ("Cafe con
    Yolanda en Café Integral, Nolita. Hoy."); in a reply to our prompt with none, the first
    sentence ("Good, we met this morning at Cloudworks.")."""
    if meeting is None:
        return told[0].text if reply and told else ""
    after = [s for s in told if s.start >= meeting.end][:1]
    if after and len(after[0].text.split()) <= 3:
        return f"{meeting.text} {after[0].text}"
    return meeting.text


def _sentences(body: str, texts: list[str]) -> list[Sentence]:
    """The sentences of ``texts`` with their place in the body."""
    found: list[Sentence] = []
    cursor = 0
    for text in texts:
        for sentence in sentences(text):
            start = body.find(sentence, cursor)
            if start < 0:
                start = max(body.find(sentence), 0)
            found.append(Sentence(sentence, start, start + len(sentence)))
            cursor = max(cursor, start)
    return found


def _all_sentences(body: str) -> list[str]:
    """Every sentence of the body, labels included ("Next contact: 3 weeks")."""
    found: list[str] = []
    for line in body.splitlines():
        line = BULLET.sub("", MARKDOWN.sub("", line).strip(), count=1)
        found += sentences(line)
    return found


def _notes(written: Written, lines: list) -> str:
    """What the user wrote besides the labelled lines (all of it when nothing is labelled)."""
    if not any(line.label in ("gave", "got") for line in lines):
        return written.body.strip()
    kept = [
        line.text
        for line in lines
        if line.label is None
        and not re.search(r"(?i)follow[\s-]?up|seguimiento|seguiment", line.text)
    ]
    return "\n".join(kept).strip()
