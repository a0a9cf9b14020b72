"""When to contact the person again, in every way people ask for it.

"Follow up in 2 weeks", "touch base on Feb 3", "remind me the 20th", "Next contact: 2 weeks",
"vuelvo a escribirle en un mes", "fer-li seguiment d'aquí a tres setmanes", "we agreed to
record on June 12". Precision first: a time that is no date ("after the holidays", "soon",
"in March", "més endavant") gives no date but says a follow-up was asked for (``vague``), and
a date in a sentence that asks for nothing ("her talk is on 3 March") is not a follow-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from mailer.parsing.recaps.dates import Mention, future_mentions
from mailer.parsing.recaps.words import alternation, fold, words


@dataclass(frozen=True)
class FollowUp:
    day: date | None = None
    phrase: str = ""
    vague: bool = False


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    def bounded(path: str) -> str:
        return rf"(?<![\w-]){alternation(words(path))}(?![\w-])"

    not_before = alternation(words("follow_up.not_before"))
    return {
        "trigger": re.compile(
            rf"(?:{bounded('follow_up.triggers')}|{bounded('follow_up.meeting_again')})"
            rf"(?!\s+(?:{not_before})\b)"
        ),
        "remind_to": re.compile(
            bounded("follow_up.remind_to")
            + r"\s+(?!(?:on|in|the|el|en)\b)"
            + rf"(?!{alternation(words('follow_up.triggers'))}(?![\w-]))[a-z]"
        ),
        "negation": re.compile(bounded("follow_up.negations")),
    }


def _choose(mentions: list[Mention], trigger: re.Match[str]) -> Mention | None:
    """The date words after the trigger ("follow up in 2 weeks"), else the nearest before
    ("I'll send it in 2 weeks and we'll do another session then")."""
    dated = [m for m in mentions if m.day is not None]
    after = [m for m in dated if m.start >= trigger.start()]
    if after:
        return after[0]
    before = [m for m in dated if m.end <= trigger.start()]
    if before and before[0].start <= 1:  # "Pasado mañana le escribo", "Next week, ping him"
        return before[0]
    return before[-1] if before and trigger.re is not None and _looks_back(trigger) else None


def _looks_back(trigger: re.Match[str]) -> bool:
    return bool(re.search(alternation(words("follow_up.meeting_again")), trigger[0]))


def reminds_to_do(folded: str) -> bool:
    """ "remind me to send the deck on Monday" (a task), not "remind me to check in" (the
    follow-up)."""
    return bool(_patterns()["remind_to"].search(folded))


def follow_up(sentences: Iterable[str], sent: date) -> FollowUp:
    """The follow-up the sentences ask for (the first with a date, else a vague one)."""
    patterns = _patterns()
    vague: FollowUp | None = None
    for sentence in sentences:
        folded = fold(sentence)
        if patterns["negation"].search(folded):
            return FollowUp()
        trigger = patterns["trigger"].search(folded)
        if trigger is None or patterns["remind_to"].search(folded):
            continue
        mentions = future_mentions(folded, sent)
        chosen = _choose(mentions, trigger)
        if chosen is not None and chosen.day is not None and chosen.day > sent:
            return FollowUp(chosen.day, sentence[chosen.start : chosen.end].strip(" .,;"))
        unclear = [m for m in mentions if m.day is None]  # "Después de Semana Santa la llamo"
        if unclear and vague is None:
            vague = FollowUp(None, sentence[unclear[0].start : unclear[0].end].strip(), True)
    return vague or FollowUp()
