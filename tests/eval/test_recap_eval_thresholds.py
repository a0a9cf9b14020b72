"""The reader keeps, on tune.toml, the figures of eval/recaps/floors.toml: they only go up.

Issue 13's targets are written next to each floor; raise a floor when the reader passes it.
"""

from __future__ import annotations

import tomllib

import pytest

from eval.cases import RECAPS, TUNE, load_cases
from eval.report import ROWS
from eval.score import Score, score_cases

with (RECAPS / "floors.toml").open("rb") as _file:
    FLOORS = tomllib.load(_file)


@pytest.fixture(scope="module")
def score() -> Score:
    return score_cases(load_cases(TUNE), TUNE.name)


def test_every_row_of_the_table_has_a_floor():
    assert set(FLOORS["fields"]) == set(ROWS)


def test_the_reader_reads_every_case(score: Score):
    assert score.errors == []


@pytest.mark.parametrize(
    ("field", "measure"),
    [(field, measure) for field in ROWS for measure in ("precision", "recall")],
)
def test_the_field_keeps_its_floor(score: Score, field: str, measure: str):
    tally = score.tally(field)
    value = getattr(tally, measure) or 0.0
    floor = FLOORS["fields"][field][measure]
    assert value >= floor, (
        f"{field} {measure} fell to {value:.3f} (floor {floor:.2f}; "
        f"{tally.correct} correct of {tally.predicted} predicted, {tally.expected} expected); "
        "`python -m eval --misses` lists what changed"
    )


def test_no_more_is_invented_than_before(score: Score):
    ceiling = FLOORS["invented"]["max"]
    assert score.invented <= ceiling, (
        f"{score.invented} things invented in none cases (at most {ceiling}); "
        "`python -m eval --misses` shows them"
    )
