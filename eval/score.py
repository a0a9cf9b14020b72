"""Precision and recall per field, over a whole case file.

Each field is scored on its own, so that a reader strong on dates and weak on promises shows
it. An expectation of "none", "vague" or [] turns anything the reader returned for it into a
false positive, and those are also counted apart as *invented*: the issue asks for precision
over recall, and an invented follow-up date is worse than a missing one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from eval.cases import Case, Intro, Task
from eval.matching import (
    PersonSpec,
    named_in,
    one_to_one,
    person_matches,
    phrase_matches,
    places_match,
    unique_first_names,
)
from eval.predict import PredictedIntro, Prediction, read_case

FIELDS = (
    "people", "meeting_date", "kind", "place", "gave", "got",
    "my_tasks", "due", "my_intros", "owed_to_me", "follow_up", "follow_up_vague",
)  # fmt: skip
GROUPS = {"promises": ("my_tasks", "my_intros", "owed_to_me")}
"""Rows that add up other rows: the issue's target for "promises" covers all three kinds."""
NOTHING = "—"

E = TypeVar("E")
P = TypeVar("P")
V = TypeVar("V")


@dataclass
class Tally:
    expected: int = 0
    predicted: int = 0
    correct: int = 0
    invented: int = 0

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.expected if self.expected else None

    def add(self, other: Tally) -> None:
        self.expected += other.expected
        self.predicted += other.predicted
        self.correct += other.correct
        self.invented += other.invented


@dataclass(frozen=True)
class Miss:
    """One thing the reader got wrong: missed (got is —) or returned wrongly (expected is —)."""

    case: str
    field: str
    expected: str
    got: str


@dataclass
class Score:
    name: str
    cases: int = 0
    tallies: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    misses: list[Miss] = field(default_factory=list)
    errors: list[Miss] = field(default_factory=list)

    def tally(self, name: str) -> Tally:
        if name not in GROUPS:
            return self.tallies[name]
        total = Tally()
        for part in GROUPS[name]:
            total.add(self.tallies[part])
        return total

    @property
    def invented(self) -> int:
        return sum(t.invented for t in self.tallies.values())


class CaseScore:
    """The tallies and misses of one case, field by field."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.tallies: dict[str, Tally] = {}
        self.misses: list[Miss] = []

    def miss(self, name: str, expected: object, got: object) -> None:
        self.misses.append(Miss(self.case.id, name, str(expected), str(got)))

    def value(
        self, name: str, expected: V | None, got: V | None, same: Callable[[V, V], bool]
    ) -> None:
        tally = Tally(expected=int(expected is not None), predicted=int(got is not None))
        if expected is not None and got is not None and same(expected, got):
            tally.correct = 1
        elif expected is not None or got is not None:
            shown = self._nothing(name) if expected is None else expected
            self.miss(name, shown, NOTHING if got is None else got)
        tally.invented = int(expected is None and got is not None)
        self.tallies[name] = tally

    def _nothing(self, name: str) -> str:
        return "vague" if name == "follow_up" and self.case.expect.follow_up_vague else "none"

    def items(
        self,
        name: str,
        expected: Sequence[E],
        got: Sequence[P],
        matches: Callable[[E, P], bool],
        show: Callable[[E | P], str] = str,
    ) -> list[tuple[int, int]]:
        pairs = one_to_one(expected, got, matches)
        self.tallies[name] = Tally(
            expected=len(expected),
            predicted=len(got),
            correct=len(pairs),
            invented=0 if expected else len(got),
        )
        found, used = {i for i, _ in pairs}, {j for _, j in pairs}
        self.misses += [
            Miss(self.case.id, name, show(e), NOTHING)
            for i, e in enumerate(expected)
            if i not in found
        ]
        self.misses += [
            Miss(self.case.id, name, NOTHING, show(p)) for j, p in enumerate(got) if j not in used
        ]
        return pairs

    def dues(
        self,
        expected: Sequence[Task | Intro],
        got: Sequence[Task | PredictedIntro],
        pairs: Iterable[tuple[int, int]],
    ) -> None:
        """Due dates of tasks and introductions, as a field of their own."""
        tally = Tally(
            expected=sum(e.due is not None for e in expected),
            predicted=sum(p.due is not None for p in got),
        )
        paired = dict(pairs)
        for i, e in enumerate(expected):
            p = got[paired[i]] if i in paired else None
            if p is not None and e.due is not None and e.due == p.due:
                tally.correct += 1
            elif e.due is not None or (p is not None and p.due is not None):
                tally.invented += int(e.due is None)
                self.miss("due", _due(e), _due(p) if p is not None else f"{NOTHING} (not found)")
        for j, p in enumerate(got):
            if j not in paired.values() and p.due is not None:
                self.miss("due", f"{NOTHING} (no such promise)", _due(p))
        self.tallies["due"] = tally


def _due(item: Task | Intro | PredictedIntro) -> str:
    return f"{_item(item)} @ {item.due.isoformat() if item.due else 'none'}"


def _item(item: object) -> str:
    if isinstance(item, Task):
        return item.text
    if isinstance(item, Intro):
        return f"{item.who} -> {item.to}"
    if isinstance(item, PredictedIntro):
        return f"{item.text} [{', '.join(map(str, item.people))}]"
    return str(item)


def score_case(case: Case, got: Prediction) -> CaseScore:
    e, lang = case.expect, case.lang
    scored = CaseScore(case)
    unique = unique_first_names(e.people)

    def phrase(expected: str, predicted: str) -> bool:
        return phrase_matches(expected, predicted, lang)

    def task(expected: Task, predicted: Task) -> bool:
        return phrase_matches(expected.text, predicted.text, lang)

    def intro(expected: Intro, predicted: PredictedIntro) -> bool:
        return all(
            named_in(p, predicted.people, predicted.text) for p in (expected.who, expected.to)
        )

    def person(expected: PersonSpec, predicted: PersonSpec) -> bool:
        return person_matches(expected, predicted, unique)

    def same(a: object, b: object) -> bool:
        return a == b

    scored.items("people", e.people, got.people, person)
    scored.value("meeting_date", e.meeting_date, got.meeting_date, same)
    scored.value("kind", e.kind, got.kind, same)
    scored.value("place", e.place, got.place, places_match)
    scored.items("gave", e.gave, got.gave, phrase)
    scored.items("got", e.got, got.got, phrase)
    task_pairs = scored.items("my_tasks", e.my_tasks, got.my_tasks, task, _item)
    intro_pairs = scored.items("my_intros", e.my_intros, got.my_intros, intro, _item)
    offset = len(e.my_tasks), len(got.my_tasks)
    scored.dues(
        [*e.my_tasks, *e.my_intros],
        [*got.my_tasks, *got.my_intros],
        [*task_pairs, *((i + offset[0], j + offset[1]) for i, j in intro_pairs)],
    )
    scored.items("owed_to_me", e.owed_to_me, got.owed_to_me, phrase)
    scored.value("follow_up", e.follow_up, got.follow_up, same)
    vague = Tally(
        expected=int(e.follow_up_vague),
        predicted=int(got.follow_up_vague),
        correct=int(e.follow_up_vague and got.follow_up_vague),
        invented=int(got.follow_up_vague and not e.follow_up_vague and e.follow_up is None),
    )
    if e.follow_up_vague != got.follow_up_vague:
        scored.miss("follow_up_vague", e.follow_up_vague, got.follow_up_vague)
    scored.tallies["follow_up_vague"] = vague
    return scored


def score_cases(
    cases: Sequence[Case], name: str, read: Callable[[Case], Prediction] = read_case
) -> Score:
    """Read every case with ``read`` and add up the fields."""
    score = Score(name=name, cases=len(cases))
    for case in cases:
        got = read(case)
        if got.error:
            score.errors.append(Miss(case.id, "reader", "an answer", got.error))
        scored = score_case(case, got)
        for name_, tally in scored.tallies.items():
            score.tallies[name_].add(tally)
        score.misses += scored.misses
    return score
