"""A future day from a few words ("2 weeks", "until Monday", "posponer 3 días").

The words are read by the recap reader's date patterns (:mod:`mailer.parsing.recaps.dates`),
so that a snooze and a recap's follow-up understand the same phrases in the same three
languages.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from mailer.parsing.recaps.dates import future_mentions
from mailer.parsing.recaps.words import fold


def future_date(words: str, *, sent_at: datetime, zone: ZoneInfo) -> date | None:
    """The first day after ``sent_at`` (in the user's zone) that the words point to."""
    sent = sent_at.astimezone(zone).date()
    for mention in future_mentions(fold(words or ""), sent):
        if mention.day is not None and mention.day > sent:
            return mention.day
    return None
