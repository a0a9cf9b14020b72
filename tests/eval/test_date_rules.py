"""The annotation's date rules: the arithmetic every date of the case files is checked against."""

from __future__ import annotations

from datetime import date

import pytest

from eval.date_rules import UnknownDateRule, add_months, resolve

WEDNESDAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("today", date(2026, 12, 2)),
        ("-1d", date(2026, 12, 1)),
        ("+10d", date(2026, 12, 12)),
        ("+2w", date(2026, 12, 16)),
        ("+1m", date(2027, 1, 2)),
        ("past:wed", date(2026, 12, 2)),
        ("past:fri", date(2026, 11, 27)),
        ("next:wed", date(2026, 12, 9)),
        ("next:mon", date(2026, 12, 7)),
        ("next:02-03", date(2027, 2, 3)),
        ("next:12-14", date(2026, 12, 14)),
        ("past:12-02", date(2026, 12, 2)),
        ("past:12-28", date(2025, 12, 28)),
        ("nth:2", date(2027, 1, 2)),
        ("nth:20", date(2026, 12, 20)),
        ("2026-12-28", date(2026, 12, 28)),
    ],
)
def test_rules_count_from_the_send_date(rule: str, expected: date):
    assert resolve(rule, WEDNESDAY) == expected


def test_a_weekday_in_the_past_may_be_the_send_date_and_in_the_future_never():
    assert resolve("past:wed", WEDNESDAY) == WEDNESDAY
    assert resolve("next:wed", WEDNESDAY) == date(2026, 12, 9)


def test_months_keep_the_day_or_take_the_last_one():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 31), 1) == date(2027, 1, 31)
    assert add_months(date(2026, 3, 31), 1) == date(2026, 4, 30)


def test_an_ordinal_skips_months_that_lack_the_day():
    assert resolve("nth:31", date(2026, 4, 10)) == date(2026, 5, 31)
    assert resolve("nth:30", date(2027, 1, 31)) == date(2027, 3, 30)


def test_29_february_waits_for_a_leap_year():
    assert resolve("next:02-29", date(2026, 3, 1)) == date(2028, 2, 29)


@pytest.mark.parametrize("rule", ["yesterday", "+1y", "next:friday", "nth:x", ""])
def test_an_unknown_rule_says_which_forms_exist(rule: str):
    with pytest.raises(UnknownDateRule, match="write one of"):
        resolve(rule, WEDNESDAY)
