"""`python -m eval`: the table, the misses, the JSON, and a clear refusal of a broken file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eval.__main__ import main
from eval.cases import load_cases
from eval.predict import Prediction
from eval.report import ROWS, table
from eval.score import score_cases
from tests.eval.builders import ROOT, VALID_CASE, case_file


def test_the_table_has_every_field_and_the_invented_line(tmp_path: Path, capsys):
    assert main(["--file", str(case_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("cases.toml: 1 cases\n")
    for row in ROWS:
        assert f"\n{row} " in out
    assert "\ninvented in none cases: " in out
    assert "\nreader errors: 0" in out


def test_misses_name_case_field_expected_and_got(tmp_path: Path, capsys):
    # An annotation no reader can meet (the coffee annotated as a lunch): one miss to list,
    # whatever the reader gets right.
    wrong = VALID_CASE.replace('kind = "coffee"', 'kind = "lunch"')
    main(["--file", str(case_file(tmp_path, wrong)), "--misses"])
    out = capsys.readouterr().out
    assert " misses (" in out
    assert "en-001" in out and "expected: " in out and "got: " in out


def test_json_to_a_file_and_to_standard_output(tmp_path: Path, capsys):
    cases = case_file(tmp_path)
    written = tmp_path / "figures.json"
    main(["--file", str(cases), "--json", str(written)])
    figures = json.loads(written.read_text(encoding="utf-8"))
    assert set(figures["fields"]) == set(ROWS)
    assert figures["cases"] == 1
    capsys.readouterr()
    main(["--file", str(cases), "--json"])
    assert json.loads(capsys.readouterr().out)["file"] == "cases.toml"


def test_a_broken_file_is_refused_with_the_reason(tmp_path: Path, capsys):
    assert main(["--file", str(case_file(tmp_path, "[[case]]\nid = 3\n"))]) == 2
    assert "cannot score" in capsys.readouterr().err


def test_a_reader_that_raises_is_counted_and_shown(tmp_path: Path):
    cases = load_cases(case_file(tmp_path))
    score = score_cases(cases, "x", read=lambda case: Prediction(error="ValueError: boom"))
    assert [e.case for e in score.errors] == ["en-001"]
    assert "reader errors: 1\n  en-001: ValueError: boom" in table(score)
    assert score.tally("people").correct == 0


@pytest.mark.parametrize("options", [[], ["--heldout"]])
def test_it_runs_as_a_module_on_the_real_files(options: list[str]):
    done = subprocess.run(
        [sys.executable, "-m", "eval", *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "invented in none cases:" in done.stdout
