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


# Issue 13: follow-up phrasings other than "follow up in N weeks" were dropped.
@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Coffee with Anna. Let's touch base on Feb 3.", date(2027, 2, 3)),
        ("Coffee with Anna. Remind me the 20th.", date(2026, 12, 20)),
        ("Coffee with Anna. Follow up in a month.", date(2026, 12, 25)),
        ("Coffee with Anna.\nNext contact: 2 weeks", date(2026, 12, 9)),
        ("Coffee with Anna. Check in with her in 10 days.", date(2026, 12, 5)),
        ("Café con Anna. Vuelvo a escribirle en un mes.", date(2026, 12, 25)),
        ("Cafè amb l'Anna. Fer-li seguiment d'aquí a tres setmanes.", date(2026, 12, 16)),
        ("Coffee with Anna. f/u 2wks", date(2026, 12, 9)),
        ("Coffee with Anna. Follow up in a couple of weeks.", date(2026, 12, 9)),
        ("Coffee with Anna. Check back in a fortnight.", date(2026, 12, 9)),
        ("Café con Anna. Seguimiento en quince días.", date(2026, 12, 10)),
        ("Coffee with Anna. We agreed to record on June 12.", date(2027, 6, 12)),
    ],
)
def test_follow_up_phrasings_people_write(text: str, due: date):
    recap = read(text)
    assert recap.follow_up_on == due
    assert recap.follow_up_phrase and not recap.follow_up_vague


@pytest.mark.parametrize(
    "phrase",
    [
        "Follow up after the holidays.", "Follow up soon.", "Follow up at some point.",
        "Let's follow up in March.", "Seguimiento más adelante.", "Seguiment més endavant.",
        "Catch up again in the new year.", "Seguimiento en unas semanas.",
    ],
)  # fmt: skip
def test_a_vague_time_is_no_date_but_a_follow_up_asked_for(phrase: str):
    recap = read(f"Coffee with Anna today. {phrase}")
    assert recap.follow_up_on is None
    assert recap.follow_up_vague


def test_a_date_about_something_else_is_not_the_follow_up():
    recap = read("Coffee with Anna today. Her talk is on 3 March, I'll go if I can.")
    assert recap.follow_up_on is None and not recap.follow_up_vague


@pytest.mark.parametrize(
    "phrase", ["No follow-up needed.", "No need to follow up.", "No cal fer-ne seguiment."]
)
def test_no_follow_up_said_is_none(phrase: str):
    recap = read(f"Coffee with Anna today. {phrase}")
    assert recap.follow_up_on is None and not recap.follow_up_vague


def test_remind_me_to_do_something_is_a_task_not_the_follow_up():
    recap = read("Coffee with Anna today. Remind me to send her the deck on Monday.")
    assert recap.follow_up_on is None
    assert [(i.kind, i.due) for i in recap.action_items] == [("task", date(2026, 11, 30))]
