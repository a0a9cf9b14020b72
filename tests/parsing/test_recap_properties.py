"""Property-based (hypothesis): whatever a recap says, the reader keeps its contracts.

It never raises; it never returns a person, address or name, that is not in the text; and it
returns the same answer for the same text, whatever it read before.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from mailer.parsing.recap import parse_recap
from mailer.parsing.recaps.words import fold

ZONES = [ZoneInfo(z) for z in ("Europe/Madrid", "America/New_York", "Asia/Tokyo", "UTC")]
PIECES = [
    "Coffee with", "Lunch w/", "Met", "Café con", "Cafè amb la", "Sopar amb en", "Ayer", "ahir",
    "Anna Ruiz", "anna", "Pau", "Jordi Vila", "Núria", "l'Oriol", "Ken'ichi", "Jean-Luc",
    "<anna@example.com>", "(pau@example.org)", "jordi@x.org", "(a@x.io, b@y.io)", "- c@z.es -",
    "Her email: d@w.org", "at Can Culleretes", "en La Pepita", "a la Fàbrica", "in Ebisu",
    "Gave:", "Got:", "Di:", "Recibí:", "Vaig donar:", "TODO:", "- [ ]", "- [x]", "* ", "1.",
    "She recommended a book", "I'll intro her to", "He offered to send me his slides",
    "she'll introduce me to her manager", "me pasó el contacto", "em va passar", "le ofrecí",
    "li presentaré en", "I owe her the link", "by Monday", "before the 15th", "antes del viernes",
    "abans de dijous", "Follow up in", "2 weeks", "a fortnight", "touch base on Feb 3",
    "remind me the 20th", "Next contact:", "d'aquí a tres setmanes", "after the holidays",
    "soon", "más adelante", "No follow-up needed", "on Friday evening", "last night",
    "the 31st", "29 Feb", "on 3 Dec 2026", "tomorrow", "(", ")", ",", ".", ":", ";", " - ",
    "\n", "\n\n", "> quoted", "On Mon, wrote:", "--", "Sent from my iPhone", "#tag", "&nbsp;",
    "<div>", "</div>", '<a href="mailto:e@v.com">Eva</a>', "!!", "🙏", "'", '"',
]  # fmt: skip
recaps = st.lists(st.sampled_from(PIECES), max_size=24).map(" ".join) | st.text(max_size=300)
subjects = st.sampled_from(["", "Re: How was Coffee with Priya?", "breakfast w/ Oriol", "Fwd: hi"])
moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)


def _read(text: str, subject: str, sent: datetime, zone: ZoneInfo):
    return parse_recap(text, subject=subject, sent_at=sent, zone=zone, known_names={})


@settings(max_examples=300, deadline=None)
@given(recaps, subjects, moments, st.sampled_from(ZONES))
def test_never_raises_and_never_dates_after_the_message(text, subject, sent, zone):
    recap = _read(text, subject, sent, zone)
    if recap.met_on is not None:
        assert recap.met_on <= sent + timedelta(seconds=1)
    if recap.follow_up_on is not None:
        assert recap.follow_up_on > sent.astimezone(zone).date() and not recap.follow_up_vague


@settings(max_examples=300, deadline=None)
@given(recaps, subjects, moments)
def test_never_returns_a_person_who_is_not_in_the_text(text, subject, sent):
    recap = _read(text, subject, sent, ZONES[0])
    written = fold(f"{subject}\n{text}").replace("&lt;", "<")
    words = set(re.findall(r"[^\W_]+", written))
    for person in recap.people:
        assert person.email in written
        assert person.name is None or set(re.findall(r"[^\W_]+", fold(person.name))) <= words
    for name in recap.names_without_address:
        assert set(re.findall(r"[^\W_]+", fold(name))) <= words
    for item in recap.action_items:
        for person in item.people:
            assert not person.email or person.email in written


@settings(max_examples=150, deadline=None)
@given(recaps, recaps, subjects, moments)
def test_the_same_text_gives_the_same_answer(text, other, subject, sent):
    first = _read(text, subject, sent, ZONES[0])
    _read(other, subject, sent, ZONES[1])
    assert _read(text, subject, sent, ZONES[0]) == first
