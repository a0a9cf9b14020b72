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
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time


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
"""CLDR date patterns, translated like any message (es "EEEE d 'de' MMMM")."""


CONTRACTIONS = {
    "es": ((re.compile(r"\ba el\b"), "al"), (re.compile(r"\bde el\b"), "del")),
    "ca": tuple(
        (re.compile(rf"\b{preposition} {article}\b"), contracted)
        for preposition, article, contracted in (
            ("a", "el", "al"), ("a", "els", "als"), ("de", "el", "del"), ("de", "els", "dels"),
            ("per", "el", "pel"), ("per", "els", "pels"),
        )
    ),
}  # fmt: skip
"""Spanish and Catalan contract a preposition and the article after it ("de el" is "del");
a phrase put into a sentence ("a %(what)s", what = "el dinar amb Anna") is contracted after.
Only the lower-case article: "de El Prat" is a name and stays."""


def contract(language: str, text: str) -> str:
    for pattern, contracted in CONTRACTIONS.get(language, ()):
        text = pattern.sub(contracted, text)
    return text


def kind_of(kind: str | None) -> str:
    return kind if kind in KINDS else "meeting"


class Wording:
    """The phrases and date formats of one language, as Jinja2 globals and filters."""

    def __init__(self, language: str, translations: gettext.NullTranslations) -> None:
        self.language = language
        self.gettext = translations.gettext

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
        weekday = format_date(met, "EEEE", locale=self.language)
        return self.gettext(WHEN["weekday"]) % {"weekday": weekday}

    def _local(self, value: str | date | datetime, zone: str | None) -> date | datetime:
        if isinstance(value, str):
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        if isinstance(value, datetime) and zone:
            value = value.astimezone(ZoneInfo(zone))
        return value

    def day(self, value: str | date | datetime, zone: str | None = None, year: bool = False) -> str:
        """ "Wednesday 2 December" ("miércoles 2 de diciembre", "dimecres 2 de desembre")."""
        pattern = self.gettext(DAY_WITH_YEAR if year else DAY)
        return format_date(self._local(value, zone), pattern, locale=self.language)

    def short_day(self, value: str | date | datetime, zone: str | None = None) -> str:
        """ "Wed 2 Dec" ("mié 2 dic", "dc. 2 de des.")."""
        return format_date(self._local(value, zone), self.gettext(SHORT_DAY), locale=self.language)

    def clock(self, value: str | datetime, zone: str | None = None) -> str:
        """ "09:30", in the reader's zone."""
        moment = self._local(value, zone)
        if not isinstance(moment, datetime):
            raise TypeError(f"a time of day needs a datetime, not {value!r}")
        return format_time(moment, "HH:mm", locale=self.language)

    def month_year(self, value: str | date | datetime, zone: str | None = None) -> str:
        return format_date(self._local(value, zone), self.gettext(MONTH_YEAR), locale=self.language)

    def install(self, environment: Any) -> None:
        environment.globals["say"] = self.say
        environment.globals["when_word"] = self.when_word
        environment.globals["correction_forms"] = self.correction_forms
        environment.globals["language"] = self.language
        for name in ("day", "short_day", "clock", "month_year"):
            environment.filters[name] = getattr(self, name)
