"""How the emails speak of meetings and days, in the language a message is written in.

A meeting is named the way a person would ("our breakfast", "lunch with Anna", "How was your
coffee with Anna?"), never by pasting its calendar title where a noun belongs. Each role is a
whole phrase per kind, so that a translation can agree in gender and contract its articles
("pel cafè", "per l'esmorzar") instead of gluing words. Days are written with Babel's CLDR
names in the same language; the patterns are in the catalogue too.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from babel.units import format_unit

from mailer.said import MOMENT_KEY, SAID_KEY


def N_(message: str) -> str:
    """Marks a message for the catalogue; it is translated where it is used."""
    return message


KINDS = ("coffee", "lunch", "breakfast", "dinner", "drinks", "call", "video", "meeting")
"""What a meeting can be (``meetings.kind``); None or anything else reads as "meeting"."""

PHRASES: dict[str, dict[str, str]] = {
    "noun": {
        "coffee": N_("coffee"),
        "lunch": N_("lunch"),
        "breakfast": N_("breakfast"),
        "dinner": N_("dinner"),
        "drinks": N_("drinks"),
        "call": N_("call"),
        "video": N_("video call"),
        "meeting": N_("meeting"),
    },
    "with": {
        "coffee": N_("coffee with %(name)s"),
        "lunch": N_("lunch with %(name)s"),
        "breakfast": N_("breakfast with %(name)s"),
        "dinner": N_("dinner with %(name)s"),
        "drinks": N_("drinks with %(name)s"),
        "call": N_("call with %(name)s"),
        "video": N_("video call with %(name)s"),
        "meeting": N_("meeting with %(name)s"),
    },
    "your": {
        "coffee": N_("your coffee"),
        "lunch": N_("your lunch"),
        "breakfast": N_("your breakfast"),
        "dinner": N_("your dinner"),
        "drinks": N_("your drinks"),
        "call": N_("your call"),
        "video": N_("your video call"),
        "meeting": N_("your meeting"),
    },
    "your_with": {
        "coffee": N_("your coffee with %(name)s"),
        "lunch": N_("your lunch with %(name)s"),
        "breakfast": N_("your breakfast with %(name)s"),
        "dinner": N_("your dinner with %(name)s"),
        "drinks": N_("your drinks with %(name)s"),
        "call": N_("your call with %(name)s"),
        "video": N_("your video call with %(name)s"),
        "meeting": N_("your meeting with %(name)s"),
    },
    "our": {
        "coffee": N_("our coffee"),
        "lunch": N_("our lunch"),
        "breakfast": N_("our breakfast"),
        "dinner": N_("our dinner"),
        "drinks": N_("our drinks"),
        "call": N_("our call"),
        "video": N_("our video call"),
        "meeting": N_("our meeting"),
    },
    "how_was": {
        "coffee": N_("How was your coffee with %(name)s?"),
        "lunch": N_("How was lunch with %(name)s?"),
        "breakfast": N_("How was breakfast with %(name)s?"),
        "dinner": N_("How was dinner with %(name)s?"),
        "drinks": N_("How were the drinks with %(name)s?"),
        "call": N_("How did the call with %(name)s go?"),
        "video": N_("How did the video call with %(name)s go?"),
        "meeting": N_("How did your meeting with %(name)s go?"),
    },
    "thanks": {
        "coffee": N_("Thank you for the coffee %(when)s!"),
        "lunch": N_("Thank you for lunch %(when)s!"),
        "breakfast": N_("Thank you for breakfast %(when)s!"),
        "dinner": N_("Thank you for dinner %(when)s!"),
        "drinks": N_("Thank you for the drinks %(when)s!"),
        "call": N_("Thank you for the call %(when)s."),
        "video": N_("Thank you for the video call %(when)s."),
        "meeting": N_("Thank you for meeting up %(when)s."),
    },
    "it_was": {
        "coffee": N_("It was a coffee."),
        "lunch": N_("It was lunch."),
        "breakfast": N_("It was breakfast."),
        "dinner": N_("It was dinner."),
        "drinks": N_("It was drinks."),
        "call": N_("It was a call."),
        "video": N_("It was a video call."),
        "meeting": N_("It was a meeting."),
    },
    "language": {
        "en": N_("English"),
        "es": N_("Spanish"),
        "ca": N_("Catalan"),
    },
}
"""Every way a template speaks of a meeting, by role and kind (and the languages' names)."""

CORRECTION_FORMS = (
    N_("follow up: 15 January"),
    N_("follow up in 3 weeks"),
    N_("no follow-up"),
    N_("not Jordi"),
    N_("add Marc <marc@example.org>"),
    N_("gave: my notes on the project"),
    N_("got: two introductions"),
    N_("place: Café Federal"),
    N_("name: Marta Soler-Puig"),
    N_("kind: lunch"),
    N_("language: ca"),
    N_("caption: Coffee with Marta, and what I learnt"),
    N_("undo"),
)
"""The lines a reply to a confirmation may correct it with (mailer/parsing/corrections.py),
as examples in the reader's language; the first five are the confirmation's own."""

WHEN = {
    "today": N_("today"),
    "yesterday": N_("yesterday"),
    "weekday": N_("on %(weekday)s"),
}
"""The day of a meeting after "Thank you for the coffee ..." (es "de ayer", ca "d'ahir")."""

DAY = N_("EEEE d MMMM")
DAY_WITH_YEAR = N_("EEEE d MMMM y")
SHORT_DAY = N_("EEE d MMM")
MONTH_YEAR = N_("MMMM y")
MONTH = N_("LLLL")
IN_MONTH = N_("'in' LLLL")
SHORT_MONTH_YEAR = N_("LLL y")
SHORT_DAY_YEAR = N_("d MMM y")
RANGE_FIRST = {"year": N_("d MMMM y"), "month": N_("d MMMM"), "day": "d"}
RANGE_LAST = N_("d MMMM y")
"""CLDR date patterns, translated like any message (es "EEEE d 'de' MMMM"; ca "'al mes' MMMM"
is "al mes de desembre", Catalan's month name with its preposition). A range of days
("14–20 December 2026") writes its first day with as little as differs from the last."""

EVERY = {
    "day": N_("every day"),
    "week": N_("every week"),
    "month": N_("every month"),
    "year": N_("every year"),
}
EVERY_SPAN = N_("every %(span)s")
AGO = N_("%(span)s ago")
"""A rhythm ("every month", "every 45 days") and a time ago ("3 weeks ago"): the number and
its unit are CLDR's (Babel's ``format_unit``), the words around them the catalogue's."""
UNIT_DAYS = (("year", 365), ("month", 30), ("week", 7))


def exact_unit(days: int) -> tuple[int, str]:
    """A rhythm in the unit it was most likely chosen in: 60 days are 2 months, 45 are 45 days."""
    for unit, size in UNIT_DAYS:
        if days >= size and days % size == 0:
            return days // size, unit
    return days, "day"


def rounded_unit(days: int) -> tuple[int, str]:
    """A length of time in the unit a person would use: 9 days, 3 weeks, 4 months, 2 years."""
    if days < 14:
        return days, "day"
    if days < 61:
        return days // 7, "week"
    if days < 730:
        return round(days / 30.44), "month"
    return days // 365, "year"


CONTRACTIONS = {
    "es": {"a el": "al", "de el": "del"},
    "ca": {"a el": "al", "a els": "als", "de el": "del", "de els": "dels", "per el": "pel",
           "per els": "pels"},
}  # fmt: skip
"""Spanish and Catalan contract a preposition and the article after it ("de el" is "del");
a phrase put into a sentence ("a %(what)s", what = "el dinar amb Anna") is contracted after.
Only the lower-case article: "de El Prat" is a name and stays."""
CONTRACTING = {
    language: re.compile(rf"\b(?:{'|'.join(sorted(pairs, key=len, reverse=True))})\b")
    for language, pairs in CONTRACTIONS.items()
}
"""One pattern per language, so a long message (the digest) is read once, not once a pair."""


def contract(language: str, text: str) -> str:
    pattern = CONTRACTING.get(language)
    if pattern is None:
        return text
    pairs = CONTRACTIONS[language]
    return pattern.sub(lambda found: pairs[found.group(0)], text)


def kind_of(kind: str | None) -> str:
    return kind if kind in KINDS else "meeting"


FILTERS = (
    *("day", "short_day", "clock", "month_year", "month", "in_month", "short_month_year"),
    "said",
    *("short_day_year", "day_range", "span", "interval", "ago", "every"),
)
"""The :class:`Wording` methods templates use as filters (``start | day(zone)``)."""


class Wording:
    """The phrases and date formats of one language, as Jinja2 globals and filters."""

    def __init__(self, language: str, translations: gettext.NullTranslations) -> None:
        self.language = language
        self.locale = Locale.parse(language)  # parsed once, not at every date written
        self.gettext = translations.gettext
        self.pgettext = translations.pgettext

    def say(self, role: str, kind: str | None = None, **names: Any) -> str:
        """``say("with", "lunch", name="Anna")`` -> "lunch with Anna" (or "comida con Anna")."""
        table = PHRASES[role]
        phrase = self.gettext(table.get(kind or "") or table[kind_of(kind)])
        return phrase % names if names else phrase

    def correction_forms(self) -> list[str]:
        return [self.gettext(form) for form in CORRECTION_FORMS]

    def when_word(self, meeting_day: str, sent_day: str) -> str:
        """ "yesterday", "today" or "on Wednesday": the meeting's day as seen on ``sent_day``."""
        met, sent = date.fromisoformat(meeting_day[:10]), date.fromisoformat(sent_day[:10])
        if met == sent:
            return self.gettext(WHEN["today"])
        if (sent - met).days == 1:
            return self.gettext(WHEN["yesterday"])
        weekday = format_date(met, "EEEE", locale=self.locale)
        return self.gettext(WHEN["weekday"]) % {"weekday": weekday}

    def said(self, words: object) -> str:
        """Words decided before rendering (:mod:`mailer.said`) in this language, a time in
        them in the zone it was given in; plain text (a row queued before the words were kept
        apart) as it is."""
        if isinstance(words, Mapping) and MOMENT_KEY in words:
            moment = str(words[MOMENT_KEY])
            return self.gettext(N_("%(day)s at %(time)s")) % {
                "day": self.day(moment),
                "time": self.clock(moment),
            }
        if isinstance(words, Mapping) and SAID_KEY in words:
            values = {k: self.said(v) for k, v in dict(words.get("values") or {}).items()}
            text = self.gettext(str(words[SAID_KEY]))
            return text % values if values else text
        return "" if words is None else str(words)

    def _local(self, value: str | date | datetime, zone: str | None) -> date | datetime:
        if isinstance(value, str):
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        if isinstance(value, datetime) and zone:
            value = value.astimezone(ZoneInfo(zone))
        return value

    def day(self, value: str | date | datetime, zone: str | None = None, year: bool = False) -> str:
        """ "Wednesday 2 December" ("miércoles 2 de diciembre", "dimecres 2 de desembre")."""
        pattern = self.gettext(DAY_WITH_YEAR if year else DAY)
        return format_date(self._local(value, zone), pattern, locale=self.locale)

    def short_day(self, value: str | date | datetime, zone: str | None = None) -> str:
        """ "Wed 2 Dec" ("mié 2 dic", "dc. 2 de des.")."""
        return format_date(self._local(value, zone), self.gettext(SHORT_DAY), locale=self.locale)

    def clock(self, value: str | datetime, zone: str | None = None) -> str:
        """ "09:30", in the reader's zone."""
        moment = self._local(value, zone)
        if not isinstance(moment, datetime):
            raise TypeError(f"a time of day needs a datetime, not {value!r}")
        return format_time(moment, "HH:mm", locale=self.locale)

    def month_year(self, value: str | date | datetime, zone: str | None = None) -> str:
        return self._pattern(MONTH_YEAR, value, zone)

    def month(self, value: str | date | datetime, zone: str | None = None) -> str:
        """ "December" ("diciembre", "desembre"), as a heading says it."""
        return self._pattern(MONTH, value, zone)

    def in_month(self, value: str | date | datetime, zone: str | None = None) -> str:
        """ "in December" ("en diciembre", "al mes de desembre")."""
        return self._pattern(IN_MONTH, value, zone)

    def short_month_year(self, value: str | date | datetime, zone: str | None = None) -> str:
        """ "Dec 2026" ("dic 2026", "des. 2026"): a row of the year at a glance."""
        return self._pattern(SHORT_MONTH_YEAR, value, zone)

    def short_day_year(self, value: str | date | datetime, zone: str | None = None) -> str:
        """ "14 Dec 2026" ("14 dic 2026", "14 de des. 2026"): the week a square stands for."""
        return self._pattern(SHORT_DAY_YEAR, value, zone)

    def day_range(self, first: str | date, last: str | date) -> str:
        """ "14–20 December 2026", "30 November – 6 December 2026", across a year both whole."""
        start, end = self._local(first, None), self._local(last, None)
        differs = "year" if start.year != end.year else "month" if start.month != end.month else ""
        first_text = self._pattern(RANGE_FIRST[differs or "day"], start, None)
        return first_text + (" – " if differs else "–") + self._pattern(RANGE_LAST, end, None)

    def span(self, days: int) -> str:
        """ "9 days", "3 weeks", "4 months" ("3 setmanes")."""
        count, unit = rounded_unit(days)
        return self._units(count, unit)

    def interval(self, days: int) -> str:
        """A length in its exact unit when it has one ("3 months"), else rounded ("6 weeks",
        not "45 days")."""
        count, unit = exact_unit(days)
        return self.span(days) if unit == "day" and days >= 14 else self._units(count, unit)

    def ago(self, days: int) -> str:
        """ "today", "yesterday", "9 days ago", "10 months ago" ("hace 10 meses", "fa 10 mesos")."""
        if days <= 0:
            return self.pgettext("how long ago", "today")  # not WHEN's "de hoy"
        if days == 1:
            return self.pgettext("how long ago", "yesterday")
        return self.gettext(AGO) % {"span": self.span(days)}

    def every(self, days: int) -> str:
        """ "every month", "every 2 months", "every 45 days" ("cada 2 meses")."""
        count, unit = exact_unit(days)
        if count == 1:
            return self.gettext(EVERY[unit])
        return self.gettext(EVERY_SPAN) % {"span": self._units(count, unit)}

    def _units(self, count: int, unit: str) -> str:
        return format_unit(count, f"duration-{unit}", length="long", locale=self.locale)

    def _pattern(self, pattern: str, value: str | date | datetime, zone: str | None) -> str:
        return format_date(self._local(value, zone), self.gettext(pattern), locale=self.locale)

    def install(self, environment: Any) -> None:
        environment.globals["say"] = self.say
        environment.globals["when_word"] = self.when_word
        environment.globals["correction_forms"] = self.correction_forms
        environment.globals["language"] = self.language
        for name in FILTERS:
            environment.filters[name] = getattr(self, name)
