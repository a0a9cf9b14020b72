"""The evaluation set itself: the files load and check, and a tenth is held back.

Only counts and identities are read from the held-back and check files here; their cases are
never printed.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from eval.cases import (
    CHECK,
    EVERYTHING,
    HELD_BACK,
    LANGUAGES,
    TUNE,
    TUNE_2,
    TUNING,
    Case,
    load_cases,
)


@pytest.fixture(scope="module")
def files() -> dict[Path, list[Case]]:
    return {path: load_cases(path) for path in EVERYTHING}


@pytest.fixture(scope="module")
def tuning(files: dict[Path, list[Case]]) -> list[Case]:
    return [case for path in TUNING for case in files[path]]


@pytest.fixture(scope="module")
def held_back(files: dict[Path, list[Case]]) -> list[Case]:
    return [case for path in HELD_BACK for case in files[path]]


def test_there_are_enough_cases(tuning: list[Case], held_back: list[Case]):
    assert len(tuning) + len(held_back) >= 220
    assert len(held_back) >= 22


def test_a_tenth_is_held_back(tuning: list[Case], held_back: list[Case]):
    assert 0.08 <= len(held_back) / (len(tuning) + len(held_back)) <= 0.12


@pytest.mark.parametrize("path", HELD_BACK)
def test_each_held_back_batch_is_big_enough_to_say_something(
    files: dict[Path, list[Case]], path: Path
):
    assert len(files[path]) >= 22


def test_no_case_is_in_two_files(files: dict[Path, list[Case]]):
    for one, other in combinations(files, 2):
        assert not {c.id for c in files[one]} & {c.id for c in files[other]}, (one, other)
        assert not {c.text for c in files[one]} & {c.text for c in files[other]}, (one, other)


def test_the_check_set_is_whole_and_mixed(files: dict[Path, list[Case]]):
    check = files[CHECK]
    assert len(check) >= 160
    counts = Counter(c.lang for c in check)
    assert set(counts) == set(LANGUAGES)
    assert abs(counts["en"] / len(check) - 0.60) <= 0.05


@pytest.mark.parametrize(("lang", "share"), [("en", 0.60), ("es", 0.25), ("ca", 0.15)])
def test_the_languages_are_mixed_as_people_write(
    files: dict[Path, list[Case]],
    tuning: list[Case],
    held_back: list[Case],
    lang: str,
    share: float,
):
    for cases in (tuning + held_back, tuning, held_back, *(files[p] for p in TUNING + HELD_BACK)):
        counts = Counter(c.lang for c in cases)
        assert set(counts) == set(LANGUAGES)
        assert abs(counts[lang] / len(cases) - share) <= 0.05


def test_the_user_zones_and_years_vary(files: dict[Path, list[Case]]):
    for path in (TUNE, TUNE_2, *HELD_BACK):  # the batches written whole (an early held-back
        # batch, drawn from tune.toml's first cases, is smaller than its variety)
        cases = files[path]
        assert len({c.zone.key for c in cases}) >= 4
        assert {c.sent_day.year for c in cases} == {2026, 2027}
        assert len({c.sent_day.weekday() for c in cases}) == 7


def test_some_cases_say_nothing_of_anything_but_the_meeting(
    files: dict[Path, list[Case]], held_back: list[Case]
):
    def bare(case: Case) -> bool:
        e = case.expect
        promised = e.gave or e.got or e.my_tasks or e.my_intros or e.owed_to_me
        return not promised and e.follow_up is None and not e.follow_up_vague

    assert sum(bare(c) for c in files[TUNE] + held_back) >= 20
    assert sum(bare(c) for c in held_back) >= 6
