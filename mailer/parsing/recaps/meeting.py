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
from mailer.parsing.recaps.names import NAME_TOKEN, UPPER
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
def _kind_pattern(lang: str | None = None) -> re.Pattern[str]:
    def langs(kind: str) -> tuple[str, ...]:
        return ("en",) if lang == "en" and kind == "coffee" else LANGUAGES

    groups = "|".join(
        f"(?P<{kind}>{alternation(words(f'kinds.{kind}', langs(kind)))})" for kind in KINDS
    )
    return re.compile(rf"(?<![\w-])(?:{groups})(?![\w-])")


def kind_in(text: str, lang: str | None = None) -> tuple[str, int] | None:
    """The first kind of meeting the words name (the longest words at a place win); in an
    English recap a "café" is a place ("the British Library cafe"), unless it is had with
    someone ("cafe w/ tom")."""
    best: tuple[str, int, int] | None = None
    folded = fold(text)
    for match in _kind_pattern(lang).finditer(folded):
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
    """The first sentence that tells of the meeting; when it names nobody ("First coffee of
    the challenge done!"), the next one of the first few that does ("Met my old colleague,
    Ravi Menon, at Café Comercial this morning.")."""
    first = next((s for s in sentences if is_meeting_sentence(s.text)), None)
    if first is None or _names_someone(first.text):
        return first
    later = [s for s in sentences[:4] if s.start > first.start and is_meeting_sentence(s.text)]
    return next((s for s in later if _names_someone(s.text)), first)


def first_told(sentences: list[Sentence]) -> str:
    """The first sentence about the meeting, even one that names nobody ("Lunch at Padella,
    Borough Market" above an "Attendees:" line): what it says of the kind, day and place
    stands when the sentence with the people does not say it."""
    first = next((s for s in sentences if is_meeting_sentence(s.text)), None)
    return first.text if first else ""


def _names_someone(text: str) -> bool:
    """Whether someone is named after a "with"/"Met" of the sentence."""
    markers = bounded([*words("meeting.with"), *words("meeting.name_after")])
    return any(
        re.search(rf"(?<![\w'’])[{UPPER}]", text[match.end() : match.end() + 60])
        for match in markers.finditer(fold(text))
    )


def kind_of(meeting: str, subject: str, lang: str | None = None) -> str | None:
    """The kind the meeting's sentence names, else the subject's (the body wins)."""
    for text in (meeting, subject):
        found = kind_in(text, lang)
        if found:
            return found[0]
    return None


@cache
def _due_words() -> re.Pattern[str]:
    """The words before a due date, at the end of what precedes a mention ("by 11/16")."""
    return re.compile(rf"(?:{alternation(words('dates.due_before'))})\s*$")


def met_day(meeting: str, subject: str, sent: date) -> date | None:
    """The day the meeting's sentence names (or the subject's), never after the send date."""
    due = _due_words()
    for text in (re.sub(r"\([^)]*\)", lambda m: " " * len(m[0]), meeting), subject):
        folded = fold(text)
        mentions = [
            m
            for m in past_mentions(folded, sent)
            if m.day
            and m.day <= sent
            and not due.search(folded[: m.start])
            and not THEY_DO.search(folded[: m.start])
        ]  # "Must get Folasade the list by 11/16 — we met this morning": a due is no meeting;
        # "Breakfast with Ottilie, she's back from Oslo on the 3rd": her day, not the meeting's
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
    # a name of capitals and digits ("4YFN"), a house number before a street ("89-11 Merrick")
    token = (
        rf"(?:No\.|St\.|Dr\.|{NAME_TOKEN}|\d+@|\d+[{UPPER}][{UPPER}\d]+\b"
        rf"|\d+(?:-\d+)?(?=\s+{NAME_TOKEN}))"
    )
    joiner = (
        r"(?:[ \t]*(?:&|de la|de les|de los|de l['’]|del|de|d['’]|of|the|and|y|i|,)[ \t]*"
        r"|[ \t]+l['’]|[ \t]+)"
    )
    street = alternation(words("place.street"))
    tails = alternation(words("place.tails"))
    return re.compile(
        rf"(?P<place>(?:{articles}?{street}\s+)?{articles}{token}(?:{joiner}{token})*(?:\s+\d{{1,4}}\b)?"
        rf"(?:\s+(?:{tails})\b)?)"
    )


@cache
def _prepositions(kind: str, lang: str | None) -> re.Pattern[str]:
    entries = words(f"place.{kind}", [lang] if lang else LANGUAGES)
    after = r"\s*[,(]\s*|" if kind == "after_unnamed" else ""  # "their office (Diagonal 191)"
    return re.compile(rf"(?<![\w'])(?:{alternation(entries)})(?:{after}\s+|(?<=['’]))")


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
            if kind == "in" and _after_unnamed_place(fold(meeting)[: match.start()]):
                continue  # "at her place, she's back in Barcelona": where she is, not the place
            if kind == "at" and _after_job(fold(meeting)[: match.start()]):
                continue  # "the new principal at Escola Pia Balmes": where she works
            if kind == "in" and _after_job(fold(meeting)[: match.start()], window=3):
                continue
            if kind == "in" and SOMEONE_DOES.search(fold(meeting)[: match.start()]):
                continue  # "her studio ... she'll send me the contact of her printer in Leeds"
            place = _place_at(meeting, match.end(), people)
            if place:
                return place
    return _listed_place(meeting, people) or _headed_place(meeting, people)


@cache
def _place_heads() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(words('place.heads'))})\s")


def _headed_place(meeting: str, people: list[str]) -> str | None:
    """ "Fri: dinner with Aurélie & her husband Paul, Casa Leopoldo.": a place's name after a
    comma or dash, known by its first word (Casa, Bar, Can, Café...)."""
    heads = _place_heads()
    for match in re.finditer(r"(?:,|\s[-–—])\s*", meeting):
        if heads.match(fold(meeting[match.end() :])):
            place = _place_at(meeting, match.end(), people)
            if place:
                return place
    return None


def _place_at(text: str, at: int, people: list[str]) -> str | None:
    match = _place_pattern().match(text, at)
    if not match:
        return None
    place = match["place"].strip(" ,.")
    place = place.split(",")[0].strip()  # "Toma Café, Malasaña": the most specific one
    place = _without_district(place)
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


@cache
def _went_to() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'])(?:{alternation(words('place.went_to'))})\s*")


def tells_where(sentence: str) -> bool:
    """Whether a sentence says where the user went ("We went to Via Carota today")."""
    return bool(_went_to().search(fold(sentence)))


def place_told(sentences: list[str], people: list[str]) -> tuple[str, str | None] | None:
    """Where the meeting was when a sentence of its own says it ("We went to Hidden Coffee
    Roasters", "then had lunch at Quimet & Quimet"): the place, and the kind named there."""
    for sentence in sentences:
        for match in _went_to().finditer(fold(sentence)):
            place = _place_at(sentence, match.end(), people)
            if place:
                found = kind_in(sentence[match.start() : match.end()])
                return place, found[0] if found else None
    return None


THEY_DO = re.compile(r"\b(?:she|they|she's|he's|they're|he is|he will|he'll)\s+\w")
"""A clause about the other person after the meeting's words."""
SOMEONE_DOES = re.compile(r"\b(?:she|he|they|she's|he's|they're|i'll|i'm|i|we)\s+\w")
"""A clause about someone after the meeting's words: an "in" there is not where it was."""


def _after_job(before: str, window: int = 0) -> bool:
    """ "the new principal at ...", "works at Gehl in Copenhagen": where someone works."""
    return bool(_jobs_before(window).search(before))


@cache
def _jobs_before(window: int) -> re.Pattern[str]:
    jobs = alternation(words("place.jobs_before"))
    return re.compile(rf"\b(?:{jobs})(?:\s+\S+){{0,{window}}}\s*$")


def _after_unnamed_place(before: str) -> bool:
    """ "at her place, she's ...": an unnamed place, then a comment about someone."""
    return bool(
        re.search(r"\b(?:at|en|a)\s+(?:her|his|their|my|our|su|seu|seva)\s+\w+\s*,", before)
    )


def _without_district(place: str) -> str:
    """ "Federal Café de Sant Antoni" is Federal Café (in Sant Antoni); "Cafè de l'Òpera",
    "Mercat de Sant Antoni" and "El Quim de la Boqueria" are one name each."""
    match = re.search(r"\s+(?:de la|de les|de los|del|de|d['’])\s*(?=[A-ZÀ-Þ])", place)
    if not match:
        return place
    if re.search(r"\b(?:street|st|road|avenue|calle|carrer)\.?$", fold(place)):
        return place[: match.start()]  # "Barrafina de Dean Street": Barrafina
    head = re.sub(r"^(?:the|el|la|les|els|los|las)\s+", "", place[: match.start()], flags=re.I)
    return place[: match.start()] if len(head.split()) >= 2 else place


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
