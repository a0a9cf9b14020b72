"""The reader keeps, on each tuning file, the figures of eval/recaps/floors.toml: they only go up.

Issue 13's targets are written next to each floor; raise a floor when the reader passes it.
Each tuning file has floors of its own (``[fields]`` for tune.toml, ``[tune_2.fields]`` for
the second batch), so that adding cases never lowers a floor that was already held.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from eval.cases import RECAPS, TUNE, TUNE_2, load_cases
from eval.report import ROWS
from eval.score import Score, score_cases

with (RECAPS / "floors.toml").open("rb") as _file:
    FLOORS = tomllib.load(_file)
FILES = {TUNE.name: FLOORS, TUNE_2.name: FLOORS["tune_2"]}
"""The floors of each tuning file."""


@pytest.fixture(scope="module", params=[TUNE, TUNE_2], ids=lambda p: p.name)
def scored(request: pytest.FixtureRequest) -> tuple[Score, dict[str, Any]]:
    path: Path = request.param
    return score_cases(load_cases(path), path.name), FILES[path.name]


@pytest.mark.parametrize("floors", FILES.values(), ids=FILES.keys())
def test_every_row_of_the_table_has_a_floor(floors: dict[str, Any]):
    assert set(floors["fields"]) == set(ROWS)


def test_the_reader_reads_every_case(scored: tuple[Score, dict[str, Any]]):
    assert scored[0].errors == []


@pytest.mark.parametrize(
    ("field", "measure"),
    [(field, measure) for field in ROWS for measure in ("precision", "recall")],
)
def test_the_field_keeps_its_floor(scored: tuple[Score, dict[str, Any]], field: str, measure: str):
    score, floors = scored
    tally = score.tally(field)
    value = getattr(tally, measure) or 0.0
    floor = floors["fields"][field][measure]
    assert value >= floor, (
        f"{score.name}: {field} {measure} fell to {value:.3f} (floor {floor:.2f}; "
        f"{tally.correct} correct of {tally.predicted} predicted, {tally.expected} expected); "
        f"`python -m eval --file eval/recaps/{score.name} --misses` lists what changed"
    )


def test_no_more_is_invented_than_before(scored: tuple[Score, dict[str, Any]]):
    score, floors = scored
    ceiling = floors["invented"]["max"]
    assert score.invented <= ceiling, (
        f"{score.name}: {score.invented} things invented in none cases (at most {ceiling}); "
        f"`python -m eval --file eval/recaps/{score.name} --misses` shows them"
    )
