"""The figures as a table for people, a list of misses, and JSON for machines."""

from __future__ import annotations

from collections import Counter
from typing import Any

from eval.score import FIELDS, GROUPS, Score, Tally

ROWS = (*FIELDS, *GROUPS)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def table(score: Score) -> str:
    lines = [
        f"{score.name}: {score.cases} cases",
        f"{'field':<16} {'expected':>8} {'predicted':>9} {'correct':>7} {'precision':>9} "
        f"{'recall':>7} {'invented':>8}",
    ]
    for name in ROWS:
        t = score.tally(name)
        lines.append(
            f"{name:<16} {t.expected:>8} {t.predicted:>9} {t.correct:>7} "
            f"{_percent(t.precision):>9} {_percent(t.recall):>7} {t.invented:>8}"
        )
    by_field = ", ".join(f"{n} {t.invented}" for n, t in score.tallies.items() if t.invented)
    lines.append(
        f"invented in none cases: {score.invented}" + (f" ({by_field})" if by_field else "")
    )
    lines.append(f"reader errors: {len(score.errors)}")
    lines += [f"  {error.case}: {error.got}" for error in score.errors]
    return "\n".join(lines)


def misses(score: Score) -> str:
    counts = Counter(miss.field for miss in score.misses)
    lines = [f"{len(score.misses)} misses ({', '.join(f'{f} {n}' for f, n in counts.items())})"]
    lines += [
        f"{m.case:<8} {m.field:<16} expected: {m.expected}\n{'':<25}     got: {m.got}"
        for m in score.misses
    ]
    return "\n".join(lines)


def _figures(tally: Tally) -> dict[str, Any]:
    return {
        "expected": tally.expected,
        "predicted": tally.predicted,
        "correct": tally.correct,
        "precision": tally.precision,
        "recall": tally.recall,
        "invented": tally.invented,
    }


def as_json(score: Score) -> dict[str, Any]:
    return {
        "file": score.name,
        "cases": score.cases,
        "fields": {name: _figures(score.tally(name)) for name in ROWS},
        "invented": score.invented,
        "errors": [{"case": e.case, "error": e.got} for e in score.errors],
        "misses": [m.__dict__ for m in score.misses],
    }
