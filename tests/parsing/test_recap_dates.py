"""When the meeting happened, from the words of the recap, as an aware UTC instant.

Relative words ("this morning", "ayer", "last Tuesday", "el martes") are read against the
message's Date in the user's zone; parts of the day become an hour; dates never land after
the recap was written.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.parsing.recaps import (
    CATALAN,
    EXAMPLE,
    MADRID,
    SPANISH,
    madrid,
    read,
)


def test_this_morning_is_nine_on_the_day_it_was_sent():
    met_on = read(EXAMPLE).met_on
    assert met_on == madrid(2026, 11, 25, 9)
    assert met_on.utcoffset() == timedelta(0)


def test_spanish_yesterday_coffee_is_noon_the_day_before():
    assert read(SPANISH).met_on == madrid(2026, 11, 24, 12)


def test_catalan_yesterday_lunch_is_one_pm_the_day_before():
    assert read(CATALAN).met_on == madrid(2026, 11, 24, 13)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Coffee with Anna last Tuesday.", 24),
        ("Coffee with Anna on Monday.", 23),
        ("El martes café con Anna.", 24),
        ("Café con Anna el lunes.", 23),
        ("Vaig dinar amb Jordi el dilluns.", 23),
        ("Coffee with Anna the day before yesterday.", 23),
        ("Anteayer café con Anna.", 23),
        ("Coffee with Anna on 20 Nov.", 20),
        ("Café con Anna el 20 de noviembre.", 20),
    ],
)
def test_weekdays_and_dates_are_the_most_recent_past_ones(text: str, day: int):
    assert read(text).met_on.astimezone(MADRID).date().isoformat() == f"2026-11-{day:02d}"


def test_last_weekday_on_that_same_weekday_is_a_week_before():
    assert read("Coffee with Anna last Wednesday.").met_on.astimezone(MADRID).day == 18


def test_a_date_after_the_recap_is_last_year():
    december_2 = datetime(2026, 12, 2, 10, 0, tzinfo=MADRID)
    assert read("Coffee with Anna on 3 Dec", sent_at=december_2).met_on == madrid(2025, 12, 3, 12)
    assert read("Coffee with Anna on 2 Dec", sent_at=december_2).met_on == madrid(
        2026, 12, 2, 10
    )  # the same day: noon has not come yet, so no later than the recap


@pytest.mark.parametrize(
    ("text", "hour", "minute"),
    [
        ("Coffee with Anna yesterday at 10:30", 10, 30),
        ("Coffee with Anna yesterday at 4pm", 16, 0),
        ("Café con Anna ayer a las 18:15", 18, 15),
        ("Breakfast with Anna yesterday", 9, 0),
        ("Lunch with Anna yesterday", 13, 0),
        ("Dinner with Anna yesterday", 20, 0),
        ("Coffee with Anna yesterday", 12, 0),
    ],
)
def test_the_hour_comes_from_the_clock_or_the_part_of_day(text: str, hour: int, minute: int):
    assert read(text).met_on == madrid(2026, 11, 24, hour, minute)


def test_today_never_lands_after_the_recap():
    sent = datetime(2026, 11, 25, 17, 0, tzinfo=MADRID)
    assert read("Drinks with Anna tonight", sent_at=sent).met_on == sent


def test_no_date_words_no_date():
    assert read("Lovely chat about cycling and the city.").met_on is None


def test_the_date_is_read_in_the_users_zone_not_in_utc():
    late = datetime(2026, 11, 25, 23, 30, tzinfo=MADRID)  # 22:30Z: still the 25th in Madrid
    assert read("Coffee with Anna yesterday", sent_at=late).met_on == madrid(2026, 11, 24, 12)
    after_midnight = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert read("Coffee with Anna yesterday", sent_at=after_midnight).met_on == madrid(
        2026, 11, 25, 12
    )  # 23:30Z is 00:30 on the 26th in Madrid


def test_across_the_spring_dst_change():
    monday = datetime(2026, 3, 30, 9, 0, tzinfo=MADRID)  # CEST since Sunday 29 March, 02:00
    friday = read("Coffee with Anna last Friday at 9am", sent_at=monday).met_on
    assert friday == madrid(2026, 3, 27, 9) and friday.hour == 8  # CET: 08:00Z
    sunday = read("Coffee with Anna yesterday at 10:30", sent_at=monday).met_on
    assert sunday == madrid(2026, 3, 29, 10, 30) and sunday.hour == 8  # CEST: 08:30Z


def test_across_the_autumn_dst_change():
    sunday = datetime(2026, 10, 25, 19, 0, tzinfo=MADRID)  # CET since 03:00 that morning
    morning = read("Breakfast with Anna this morning", sent_at=sunday).met_on
    assert morning == madrid(2026, 10, 25, 9) and morning.hour == 8  # CET: 08:00Z
    saturday = read("Drinks with Anna yesterday", sent_at=sunday).met_on
    assert saturday == madrid(2026, 10, 24, 20) and saturday.hour == 18  # CEST: 18:00Z


def test_catalan_weekday_followed_by_passat():
    assert read("Sopar amb Jordi dijous passat.").met_on == madrid(2026, 11, 19, 20)


# Issue 13: meeting dates from these words were not placed.
@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Drinks with Anna last night.", 24),
        ("Drinks with Anna on Friday evening.", 20),
        ("Ayer café con Anna.", 24),
        ("Ahir al vespre vaig sopar amb l'Anna.", 24),
        ("Anoche cené con Anna.", 24),
        ("Llamada con Anna hace dos días.", 23),
        ("Coffee with Anna on the 3rd.", 3),
    ],
)
def test_meeting_days_people_write(text: str, day: int):
    assert read(text).met_on.astimezone(MADRID).date().isoformat() == f"2026-11-{day:02d}"


def test_a_day_about_something_else_is_not_the_meetings():
    recap = read("Lunch with Anna. We'd planned it for the 3rd but she was ill. Great chat.")
    assert recap.met_on is None or recap.met_on.astimezone(MADRID).day != 3
    assert read("Lunch with Kim.").met_on is None
