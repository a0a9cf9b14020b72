"""Cases and answers built in a line for the scorer's tests: the real data types, no doubles."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from eval.cases import Case, Expectation
from eval.predict import Prediction
from eval.score import CaseScore, score_case

MADRID = ZoneInfo("Europe/Madrid")
WEDNESDAY_NIGHT = datetime(2026, 12, 2, 21, 14, tzinfo=MADRID)
"""Wednesday 2 December 2026, 21:14 in Madrid."""

VALID_CASE = '''
[[case]]
id = "en-001"
lang = "en"
sent = "2026-12-02T21:14:00+01:00"
zone = "Europe/Madrid"
subject = ""
text = """
Coffee with Anna Ruiz <anna@example.com> yesterday at Nømad. She recommended a book.
I'll send her the deck by Monday. Follow up in 2 weeks.
"""
[case.expect]
people = ["Anna Ruiz <anna@example.com>"]
meeting_date = "2026-12-01"
kind = "coffee"
place = "Nømad"
gave = ["the deck"]
got = ["a book"]
my_tasks = [{ text = "send her the deck", due = "2026-12-07", due_rule = "next:mon" }]
my_intros = []
owed_to_me = []
follow_up = "2026-12-16"
[case.rules]
meeting_date = "-1d"
follow_up = "+2w"
'''
"""One case as a file holds it, right in every detail; tests break it one detail at a time."""


def case(text: str = "Coffee with Anna.", lang: str = "en", **expect: Any) -> Case:
    return Case(
        id=f"{lang}-001",
        lang=lang,
        sent=WEDNESDAY_NIGHT,
        zone=MADRID,
        subject="",
        text=text,
        expect=Expectation(**expect),
    )


def scored(expected: Case, **predicted: Any) -> CaseScore:
    return score_case(expected, Prediction(**predicted))


def case_file(tmp_path: Path, text: str = VALID_CASE, name: str = "cases.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


ROOT = Path(__file__).resolve().parents[2]
"""The repository: where `python -m eval` runs."""
