"""Dates in recaps: when we met (the past) and when to follow up (the future).

dateparser reads the words, relative to the message's Date in the user's zone. A few phrases it
misses are first rewritten into ones it knows ("el mes que viene" -> "next month", Catalan units
into Spanish ones), and parts of the day become an hour, because a recap says "this morning",
not "09:00".
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateparser

LANGUAGES = ["en", "es", "ca"]
REWRITES = (
    (r"\bel\s+mes\s+que\s+viene\b", "next month"),
    (r"\bla\s+semana\s+que\s+viene\b", "next week"),
    (r"\bla\s+setmana\s+que\s+ve\b", "next week"),
    (r"\bel\s+mes\s+que\s+ve\b", "next month"),
    (r"\bsetmanes\b", "semanas"),
    (r"\bsetmana\b", "semana"),
    (r"\bmesos\b", "meses"),
    (r"\bdies\b", "días"),
    (r"\bdintre de\b|\bdins de\b|\bdentro de\b", "en"),
)
PARTS_OF_DAY = (
    (r"\b(?:this morning|esta mañana|aquest matí|breakfast|desayuno|esmorzar)\b", time(9)),
    (r"\b(?:lunch|almuerzo|comida|mediodía|dinar)\b", time(13)),
    (r"\b(?:this afternoon|esta tarde|aquesta tarda)\b", time(15)),
    (r"\b(?:tonight|this evening|esta noche|aquesta nit|dinner|cena|sopar|drinks)\b", time(20)),
)
MET_PHRASES = re.compile(
    r"\b(?:today|this morning|this afternoon|this evening|tonight|yesterday|"
    r"the day before yesterday|hoy|ayer|anteayer|anoche|esta mañana|esta tarde|esta noche|"
    r"avui|ahir|abans-d'ahir|aquest matí|aquesta tarda|"
    r"(?:last|on|el|la|this|past)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|"
    r"dilluns|dimarts|dimecres|dijous|divendres|dissabte|diumenge)|"
    r"(?:on\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[a-z]{3,9}\.?(?:\s+\d{4})?|"
    r"(?:el\s+)?\d{1,2}\s+de\s+[a-z]{3,10}(?:\s+de\s+\d{4})?|"
    r"(?:on\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?|"
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?)\b",
    re.IGNORECASE,
)
TODAY_PARTS = re.compile(
    r"(?i)this (?:morning|afternoon|evening)|tonight|esta (?:mañana|tarde|noche)|"
    r"aquest matí|aquesta (?:tarda|nit)"
)
CLOCK = re.compile(r"\b(?:at|a las|a les|@)\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm|h)?\b", re.I)
FOLLOW_UP = re.compile(
    r"\b(?:follow[\s-]?up|check[\s-]?in|ping|seguimiento|hacer seguimiento|volver a "
    r"(?:escribir|hablar|quedar)|seguiment|tornar a (?:escriure|parlar))\b"
    r"[^.\n#]*?(?P<when>\b(?:in|en|on|el|la|next|the|dentro de|d'aquí a|a|tomorrow|mañana|demà)"
    r"\b[^.\n#]*)",
    re.IGNORECASE,
)
NOON = time(12)


def _rewrite(phrase: str) -> str:
    phrase = phrase.strip().lower()
    for pattern, replacement in REWRITES:
        phrase = re.sub(pattern, replacement, phrase)
    return re.sub(r"^(?:on|el|la|the)\s+", "", phrase).strip(" ,.;:")


def _parse(phrase: str, base: datetime, prefer: str) -> datetime | None:
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "DATE_ORDER": "DMY"}
    try:
        return dateparser.parse(_rewrite(phrase), languages=LANGUAGES, settings=settings)
    except Exception:  # dateparser raises on some odd inputs; a phrase we cannot read is none
        return None


def met_on(sentence: str, *, sent_at: datetime, zone: ZoneInfo) -> datetime | None:
    """When a meeting happened, from the words of its sentence; None when they say nothing."""
    match = MET_PHRASES.search(sentence)
    if not match:
        return None
    base = sent_at.astimezone(zone).replace(tzinfo=None)
    phrase = match.group(0)
    if TODAY_PARTS.fullmatch(phrase):
        phrase = "today"
    elif phrase.lower() == "anoche":  # last night
        phrase = "ayer"
    if re.fullmatch(r"(?i)(?:last|past|this|el|la|on)\s+\w+day|(?:el|la)\s+\w+", phrase.strip()):
        phrase = phrase.split(None, 1)[1]  # "last tuesday" is the most recent past one
    parsed = _parse(phrase, base, "past")
    if parsed is None:
        return None
    day = parsed.date()
    if day > base.date():  # a recap tells of the past: "on 3 Dec" written on 2 Dec is last year
        day = day.replace(year=day.year - 1)
    if day == base.date() and re.search(r"(?i)\b(?:last|el|la)\s", match.group(0)):
        day -= timedelta(days=7)
    at = _time_of_day(sentence)
    moment = datetime.combine(day, at, zone)
    return min(moment, sent_at.astimezone(zone)) if day == base.date() else moment


def _time_of_day(sentence: str) -> time:
    clock = CLOCK.search(sentence)
    if clock:
        hour, minute = int(clock.group(1)), int(clock.group(2) or 0)
        if (clock.group(3) or "").lower() == "pm" and hour < 12:
            hour += 12
        if hour < 24 and minute < 60:
            return time(hour, minute)
    for pattern, at in PARTS_OF_DAY:
        if re.search(pattern, sentence, re.IGNORECASE):
            return at
    return NOON


def future_date(words: str, *, sent_at: datetime, zone: ZoneInfo) -> date | None:
    """The first day after ``sent_at`` that "2 weeks", "in 3 days", "next month" or
    "el mes que viene" points to, in the user's zone; None when the words name none."""
    words = re.sub(r"(?i)^\s*(?:until|till|for|hasta|durante|fins)\s+", "", words.strip())
    bare = re.sub(r"(?i)^(?:in|en)\s+", "", words)
    base = sent_at.astimezone(zone).replace(tzinfo=None)
    for candidate in dict.fromkeys((words, bare, f"in {bare}", f"en {bare}")):
        parsed = _parse(candidate, base, "future")
        if parsed and parsed.date() > base.date():
            return parsed.date()
    return None


def follow_up_on(text: str, *, sent_at: datetime, zone: ZoneInfo) -> date | None:
    """The date a "follow up in 2 weeks" / "seguimiento en 3 semanas" asks for."""
    match = FOLLOW_UP.search(text)
    return future_date(match.group("when"), sent_at=sent_at, zone=zone) if match else None
