"""When to follow up, from "Follow up in 2 weeks" and its Spanish and Catalan forms.

The date counts from the day the recap was sent, in the user's zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.parsing.recaps import CATALAN, EXAMPLE, MADRID, SPANISH, read


def test_the_example_follows_up_two_weeks_after_the_day_it_was_sent():
    assert read(EXAMPLE).follow_up_on == date(2026, 12, 9)


def test_spanish_weeks():
    assert read(SPANISH).follow_up_on == date(2026, 12, 16)


def test_catalan_weeks():
    assert read(CATALAN).follow_up_on == date(2026, 12, 9)


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("Follow up next month.", date(2026, 12, 25)),
        ("follow-up in 10 days", date(2026, 12, 5)),
        ("Check in next week", date(2026, 12, 2)),
        ("Ping her in a month.", date(2026, 12, 25)),
        ("ping her next Tuesday", date(2026, 12, 1)),
        ("Follow up on 3 Dec.", date(2026, 12, 3)),
        ("Volver a escribir el mes que viene.", date(2026, 12, 25)),
        ("Hacer seguimiento la semana que viene.", date(2026, 12, 2)),
        ("Seguiment la setmana que ve.", date(2026, 12, 2)),
    ],
)
def test_follow_up_phrases(phrase: str, due: date):
    assert read(f"Coffee with Anna today. {phrase}").follow_up_on == due


def test_across_the_new_year():
    sent = datetime(2026, 12, 20, 10, 0, tzinfo=MADRID)
    assert read("Coffee with Anna. Follow up in 2 weeks.", sent_at=sent).follow_up_on == date(
        2027, 1, 3
    )


def test_counted_from_the_users_day_not_utcs():
    before_midnight = datetime(2026, 11, 25, 22, 30, tzinfo=UTC)  # 23:30 in Madrid: the 25th
    after_midnight = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)  # 00:30 in Madrid: the 26th
    text = "Coffee with Anna. Follow up in 2 weeks."
    assert read(text, sent_at=before_midnight).follow_up_on == date(2026, 12, 9)
    assert read(text, sent_at=after_midnight).follow_up_on == date(2026, 12, 10)


def test_no_follow_up_phrase_no_date():
    assert read("Coffee with Anna today. Lovely chat.").follow_up_on is None


def test_a_follow_up_in_the_past_is_no_date():
    assert read("Coffee with Anna. Follow up yesterday.").follow_up_on is None


def test_catalan_d_aqui_a():
    recap = read("Cafè amb Anna. Tornar a parlar d'aquí a 3 setmanes.")
    assert recap.follow_up_on == date(2026, 12, 16)


def test_follow_up_tomorrow():
    assert read("Coffee with Anna. Follow up tomorrow.").follow_up_on == date(2026, 11, 26)
