"""The meeting itself: which sentence tells of it, its kind, its place and its day.

"Breakfast with Oriol at Can Culleretes this morning" is one sentence that says everything
about the meeting; the rest of a recap says what happened there. That sentence is the first
one with a kind of meeting or a "with"/"Met"; when the body has none (a reply to our prompt:
"Great, she gave me...") the subject stands for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo

from mailer.parsing.recaps.dates import past_mentions
from mailer.parsing.recaps.people import NAME_TOKEN, UPPER
from mailer.parsing.recaps.words import LANGUAGES, alternation, bounded, fold, table, words

KINDS = ("video", "coffee", "lunch", "breakfast", "dinner", "drinks", "call", "meeting")
HOURS = {"morning": time(9), "midday": time(13), "afternoon": time(15), "evening": time(20)}
KIND_HOURS = {"breakfast": time(9), "lunch": time(13), "dinner": time(20), "drinks": time(20)}
NOON = time(12)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


@cache
def _kind_pattern() -> re.Pattern[str]:
    groups = "|".join(f"(?P<{kind}>{alternation(words(f'kinds.{kind}'))})" for kind in KINDS)
    return re.compile(rf"(?<![\w-])(?:{groups})(?![\w-])")


def kind_in(text: str) -> tuple[str, int] | None:
    """The first kind of meeting the words name (the longest words at a place win)."""
    best: tuple[str, int, int] | None = None
    folded = fold(text)
    for match in _kind_pattern().finditer(folded):
        kind = next(k for k in KINDS if match[k])
        if best is None or match.start() < best[1]:
            best = (kind, match.start(), match.end())
    return (best[0], best[1]) if best else None


@cache
def _markers() -> re.Pattern[str]:
    return bounded([*words("meeting.with"), *words("meeting.name_after"), *words("meeting.verbs")])


def is_meeting_sentence(text: str) -> bool:
    """Whether a sentence tells of the meeting ("Lunch with Kim", "Met Priya at ...")."""
    folded = fold(text)
    if bounded(words("follow_up.triggers")).search(folded) and not kind_in(text):
        return False
    if re.match(rf"\s*(?:{alternation(words('exchange.lists.i'))})\b", folded) and re.search(
        alternation(words("exchange.lists.future_me")), folded
    ):
        return False
    return bool(kind_in(text) or _markers().search(folded))


def meeting_sentence(sentences: list[Sentence]) -> Sentence | None:
    for sentence in sentences:
        if is_meeting_sentence(sentence.text):
            return sentence
    return None


def kind_of(meeting: str, subject: str) -> str | None:
    """The kind the meeting's sentence names, else the subject's (the body wins)."""
    for text in (meeting, subject):
        found = kind_in(text)
        if found:
            return found[0]
    return None


def met_day(meeting: str, subject: str, sent: date) -> date | None:
    """The day the meeting's sentence names (or the subject's), never after the send date."""
    for text in (re.sub(r"\([^)]*\)", lambda m: " " * len(m[0]), meeting), subject):
        mentions = [m for m in past_mentions(fold(text), sent) if m.day and m.day <= sent]
        if mentions:
            return mentions[0].day
    return None


def met_at(day: date, meeting: str, sent_at: datetime, zone: ZoneInfo) -> datetime:
    """The meeting's moment: its clock time, else the part of day or kind, else noon; never
    later than the message on the day it was sent."""
    at = _time_of_day(meeting)
    moment = datetime.combine(day, at, zone)
    local_sent = sent_at.astimezone(zone)
    return min(moment, local_sent) if day == local_sent.date() else moment


def _time_of_day(text: str) -> time:
    folded = fold(text)
    clock = re.search(
        rf"(?<!\w)(?:{alternation(words('hours.clock'))})\s*(\d{{1,2}})(?::(\d{{2}}))?\s*(am|pm|h)?\b",
        folded,
    )
    if clock:
        hour, minute = int(clock[1]), int(clock[2] or 0)
        if (clock[3] or "") == "pm" and hour < 12:
            hour += 12
        if hour < 24 and minute < 60 and (clock[3] or clock[2] or hour >= 7):
            return time(hour, minute)
    for part in ("morning", "afternoon", "evening", "midday"):
        if bounded(words(f"hours.{part}")).search(folded):
            return HOURS[part]
    found = kind_in(text)
    return KIND_HOURS.get(found[0], NOON) if found else NOON


@cache
def _place_pattern() -> re.Pattern[str]:
    articles = r"(?:(?:the|el|la|les|els|los|las)\s+)?"
    token = rf"(?:No\.|St\.|{NAME_TOKEN}|\d+@)"
    joiner = r"(?:\s*(?:&|de la|de les|de los|del|de|d['’]|of|the|y|i|,)\s*|\s+)"
    street = alternation(words("place.street"))
    return re.compile(
        rf"(?P<place>(?:{street}\s+)?{articles}{token}(?:{joiner}{token})*(?:\s+\d{{1,4}}\b)?)"
    )


@cache
def _prepositions(kind: str, lang: str | None) -> re.Pattern[str]:
    entries = words(f"place.{kind}", [lang] if lang else LANGUAGES)
    return re.compile(rf"(?<![\w'])(?:{alternation(entries)})(?:\s+|(?<=['’]))")


@cache
def _not_places() -> frozenset[str]:
    """Capitalised words after "at"/"on" that name no place: days and months."""
    found = {fold(n) for group in table("dates.weekdays") for n in group}
    found |= {fold(n) for group in table("dates.months") for n in group}
    found |= set(words("place.not_places"))
    return frozenset(found)


def place_of(meeting: str, people: list[str], lang: str | None = None) -> str | None:
    """Where the meeting was: the named place after "at"/"en"/"a", else after "in" (the
    prepositions of the recap's language: Catalan "a" is no English word)."""
    for kind in ("at", "in", "after_unnamed"):
        for match in _prepositions(kind, lang).finditer(fold(meeting)):
            place = _place_at(meeting, match.end(), people)
            if place:
                return place
    return _listed_place(meeting, people)


def _place_at(text: str, at: int, people: list[str]) -> str | None:
    match = _place_pattern().match(text, at)
    if not match:
        return None
    place = match["place"].strip(" ,.")
    parts = [p.strip() for p in place.split(",")]
    while len(parts) > 1 and (fold(parts[-1]).split() or [""])[0] in _not_places():
        parts.pop()
    place = ", ".join(parts)
    words_ = [w for w in re.split(r"\s+", fold(place)) if w]
    if not words_ or words_[0] in _not_places() or re.fullmatch(r"\d{1,2}(?::\d\d)?", words_[0]):
        return None
    if re.fullmatch(r"\d{1,2}(?::\d{2})?\s*(?:am|pm|h)?", fold(place)):
        return None
    if any(fold(place) == fold(p) for p in people):
        return None
    if not re.search(rf"[{UPPER}\d]", place):
        return None
    return place


def _listed_place(meeting: str, people: list[str]) -> str | None:
    """ "Lunch w/ Marta (m@x.es) — Mercat de Sant Antoni, today": a place between commas or
    dashes after the people, before the day."""
    match = re.search(
        rf"[>)]\s*(?:[,—–-])\s*(?P<place>{NAME_TOKEN}(?:\s+(?:de|del|d['’])?\s*{NAME_TOKEN})*"
        rf"(?:['’]s)?)\s*,\s*(?P<day>\w+)",
        meeting,
    )
    if not match or not past_mentions(fold(match["day"]), date(2000, 1, 1)):
        return None
    place = match["place"]
    return None if any(fold(place) == fold(p) for p in people) else place
