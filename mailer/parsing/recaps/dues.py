"""When a promise is due: "by Monday", "before the 15th", "antes del viernes", "tomorrow".

A due is the first date the promise's own words give; "this week", "next week" and "over the
next two weeks" give none, nor does the other person's plan in parentheses ("(he'll send it
to me Thursday)"). A promise made for an event is due on its day ("her launch is on April 9,
I promised to come").
"""

from __future__ import annotations

import re
from datetime import date

from mailer.parsing.recaps.dates import future_mentions
from mailer.parsing.recaps.words import alternation, fold, words

ASIDE = re.compile(r"\((?:[^()]*?\b(?:he|she|they|él|ella|ell)\b[^()]*)\)", re.IGNORECASE)


def due_of(text: str, sent: date) -> date | None:
    """The due date the words of a promise give, if any."""
    folded = ASIDE.sub(lambda m: " " * len(m[0]), fold(text))
    no_due = re.compile(rf"(?:{alternation(words('dates.no_due'))})\s*$")
    tonight = re.compile(alternation(words("dates.tonight")))
    for mention in future_mentions(folded, sent):
        if mention.day is None or mention.form == "next":
            continue
        if no_due.search(folded[: mention.start].rstrip() + " ") or no_due.search(
            folded[: mention.end]
        ):
            continue
        if re.search(r"\b(?:from|of)\s*$", folded[: mention.start]):
            continue  # "the photos from tonight": which photos, not when
        if (
            mention.form == "relative"
            and mention.day == sent
            and not tonight.search(folded[mention.start : mention.end])
        ):
            continue
        return mention.day
    return None


def event_day(sentence: str, sent: date) -> date | None:
    """The day and month a sentence names: the event a promise in it is for."""
    for mention in future_mentions(fold(sentence), sent):
        if mention.form == "date" and mention.day is not None:
            return mention.day
    return None


def without_due(phrase: str, sent: date) -> str:
    """A phrase without its due words ("send her the deck by Monday" -> "send her the deck")."""
    folded = fold(phrase)
    before = alternation(words("dates.due_before"))
    for mention in future_mentions(folded, sent):
        start = mention.start
        lead = re.search(rf"\(?\s*(?:{before})\s*$", folded[:start])
        if lead:
            start = lead.start()
        elif folded[:start].rstrip().endswith("("):
            start = folded[:start].rstrip().rfind("(")
        if folded[mention.end :].strip(" .,!)") == "" and start > 0:
            return phrase[:start].rstrip(" ,.;:-(")
    return phrase
