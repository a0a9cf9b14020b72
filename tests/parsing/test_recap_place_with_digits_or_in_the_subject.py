"""A place named with digits ("4YFN", "89-11 Merrick Blvd"), a place the subject alone gives,
and the day a reply to our prompt gives after its first sentence (issue 13)."""

from __future__ import annotations

from datetime import datetime

import pytest

from mailer.parsing.recap import parse_recap
from tests.parsing.recaps import MADRID, WEDNESDAY_EVENING, read


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Met Jan <jan@example.nl> at 4YFN this morning, we grabbed a coffee.", "4YFN"),
        ("Had a meeting with Teodora at 89-11 Merrick Blvd yesterday.", "89-11 Merrick Blvd"),
    ],
)
def test_a_place_with_digits(text: str, place: str):
    assert read(text, known={}).place == place


def test_a_clock_time_is_no_place():
    assert read("Coffee with Anna at 10 this morning.", known={}).place is None


def test_the_place_in_the_subject_alone():
    recap = parse_recap(
        "(nothing to add)",
        subject="Breakfast with Anneke Visser at Bakers & Roasters",
        sent_at=WEDNESDAY_EVENING,
        zone=MADRID,
    )
    assert (recap.kind, recap.place) == ("breakfast", "Bakers & Roasters")


def test_the_day_of_a_reply_in_its_first_sentences_about_the_meeting():
    text = (
        "Really good, thanks! We went to Via Carota today. She recommended a book.\n\n"
        "On Wed, Nov 25, 2026 at 6:00 PM Assistant <assistant@assistant.localhost> wrote:\n"
        "> How was your lunch with Adaeze?\n"
    )
    recap = parse_recap(
        text,
        subject="Re: How was your lunch with Adaeze?",
        sent_at=WEDNESDAY_EVENING,
        zone=MADRID,
    )
    assert recap.met_on is not None
    assert recap.met_on.astimezone(MADRID).date() == datetime(2026, 11, 25).date()
