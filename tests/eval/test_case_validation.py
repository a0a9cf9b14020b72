"""The loader refuses a case it cannot score as written, and says what to fix."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eval.cases import CaseError, Task, load_cases
from tests.eval.builders import VALID_CASE, case_file


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    assert old in VALID_CASE
    return case_file(tmp_path, VALID_CASE.replace(old, new))


def test_a_right_case_loads_with_its_dates(tmp_path: Path):
    (loaded,) = load_cases(case_file(tmp_path))
    assert loaded.id == "en-001"
    assert loaded.expect.meeting_date == date(2026, 12, 1)
    assert loaded.expect.my_tasks == (Task("send her the deck", date(2026, 12, 7)),)
    assert loaded.expect.follow_up == date(2026, 12, 16)
    assert loaded.reader_text.startswith("Coffee with Anna Ruiz")


def test_the_subject_comes_first_in_what_the_reader_sees(tmp_path: Path):
    path = _broken(tmp_path, 'subject = ""', 'subject = "coffee w/ Anna"')
    assert load_cases(path)[0].reader_text.startswith("coffee w/ Anna\n\nCoffee with Anna Ruiz")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('meeting_date = "2026-12-01"', 'meeting_date = "2026-12-02"', "its rule '-1d' gives"),
        ('due = "2026-12-07"', 'due = "2026-12-08"', "'next:mon' gives 2026-12-07"),
        ('follow_up = "+2w"', 'follow_up = "+15d"', "gives 2026-12-17"),
        ('meeting_date = "-1d"\n', "", "has no rule"),
        ('follow_up = "+2w"', 'follow_up = "in two weeks"', "unknown date rule"),
        ('meeting_date = "2026-12-01"', 'meeting_date = "2026-13-01"', "month must be"),
        ('anna@example.com>"]', 'ana@example.com>"]', "address ana@example.com is not in the text"),
        ('people = ["Anna Ruiz', 'people = ["Ana Ruiz', "name 'Ana Ruiz' is not in the text"),
        ('kind = "coffee"', 'kind = "brunch"', "kind 'brunch'"),
        ('place = "Nømad"', 'place = "Federal"', "place 'Federal' is not in the text"),
        ('got = ["a book"]', 'got = ["a novel"]', "words the text does not: ['novel']"),
        ('sent = "2026-12-02T21:14:00+01:00"', 'sent = "2026-12-02T21:14:00"', "needs its offset"),
        ('zone = "Europe/Madrid"', 'zone = "Europe/Atlantis"', "unknown zone"),
        ('id = "en-001"', 'id = "es-001"', "the id must start with it"),
        ('subject = ""', 'subject = ""\nmood = "happy"', "unknown keys ['mood']"),
        ("owed_to_me = []\n", "", "[case.expect] must have exactly"),
        ('people = ["Anna Ruiz <anna@example.com>"]', 'people = ["Anna <anna@>"]', "is not 'Name"),
    ],
)
def test_a_wrong_case_is_refused_with_the_reason(tmp_path: Path, old: str, new: str, message: str):
    with pytest.raises(CaseError, match=r"^cases\.toml: case \w\w-001: ") as refused:
        load_cases(_broken(tmp_path, old, new))
    assert message in str(refused.value)


def test_a_missing_key_is_named(tmp_path: Path):
    with pytest.raises(CaseError, match="the key 'zone' is missing"):
        load_cases(_broken(tmp_path, 'zone = "Europe/Madrid"\n', ""))


def test_two_cases_with_one_id_are_refused(tmp_path: Path):
    with pytest.raises(CaseError, match="used twice"):
        load_cases(case_file(tmp_path, VALID_CASE + VALID_CASE))


def test_a_file_that_is_not_toml_is_refused(tmp_path: Path):
    with pytest.raises(CaseError, match="not valid TOML"):
        load_cases(case_file(tmp_path, "[[case]\nid = "))


def test_a_file_without_cases_is_refused(tmp_path: Path):
    with pytest.raises(CaseError, match="no \\[\\[case\\]\\] tables"):
        load_cases(case_file(tmp_path, "# nothing yet\n"))
