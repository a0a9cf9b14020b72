"""The evaluation set itself: the files load and check, and the split is a tenth held back.

Only counts and identities are read from heldout.toml and check.toml here; their cases are
never printed.
"""

from __future__ import annotations

from collections import Counter

import pytest

from eval.cases import CHECK, HELDOUT, LANGUAGES, TUNE, Case, load_cases


@pytest.fixture(scope="module")
def tune() -> list[Case]:
    return load_cases(TUNE)


@pytest.fixture(scope="module")
def heldout() -> list[Case]:
    return load_cases(HELDOUT)


@pytest.fixture(scope="module")
def check() -> list[Case]:
    return load_cases(CHECK)


def test_there_are_enough_cases(tune: list[Case], heldout: list[Case]):
    assert len(tune) + len(heldout) >= 220
    assert len(heldout) >= 22


def test_a_tenth_is_held_back(tune: list[Case], heldout: list[Case]):
    assert 0.08 <= len(heldout) / (len(tune) + len(heldout)) <= 0.12


def test_no_case_is_in_two_files(tune: list[Case], heldout: list[Case], check: list[Case]):
    for one, other in ((tune, heldout), (tune, check), (heldout, check)):
        assert not {c.id for c in one} & {c.id for c in other}
        assert not {c.text for c in one} & {c.text for c in other}


def test_the_check_set_is_whole_and_mixed(check: list[Case]):
    assert len(check) >= 160
    counts = Counter(c.lang for c in check)
    assert set(counts) == set(LANGUAGES)
    assert abs(counts["en"] / len(check) - 0.60) <= 0.05


@pytest.mark.parametrize(("lang", "share"), [("en", 0.60), ("es", 0.25), ("ca", 0.15)])
def test_the_languages_are_mixed_as_people_write(
    tune: list[Case], heldout: list[Case], lang: str, share: float
):
    for cases in (tune + heldout, tune, heldout):
        counts = Counter(c.lang for c in cases)
        assert set(counts) == set(LANGUAGES)
        assert abs(counts[lang] / len(cases) - share) <= 0.05


def test_the_user_zones_and_years_vary(tune: list[Case]):
    assert len({c.zone.key for c in tune}) >= 4
    assert {c.sent_day.year for c in tune} == {2026, 2027}
    assert len({c.sent_day.weekday() for c in tune}) == 7


def test_some_cases_say_nothing_of_anything_but_the_meeting(tune: list[Case], heldout: list[Case]):
    def bare(case: Case) -> bool:
        e = case.expect
        promised = e.gave or e.got or e.my_tasks or e.my_intros or e.owed_to_me
        return not promised and e.follow_up is None and not e.follow_up_vague

    assert sum(bare(c) for c in tune + heldout) >= 20
