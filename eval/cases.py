"""The evaluation set: recaps as people write them, each with what a careful reader would file.

A case file is TOML (``eval/recaps/README.md`` gives the format and the annotation rules).
Loading checks every case mechanically, because a wrong annotation scores the reader against
a wrong answer without anyone noticing: each date must follow from its rule, each address
and name must be in the text, each phrase must be made of the text's words.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from eval.date_rules import UnknownDateRule, resolve
from eval.matching import BadPersonSpec, PersonSpec, content_words, fold, tokens

RECAPS = Path(__file__).with_name("recaps")
TUNE = RECAPS / "tune.toml"
TUNE_2 = RECAPS / "tune_2.toml"
"""The second tuning batch: recaps written by people who had not seen the reader (README)."""
HELDOUT = RECAPS / "heldout.toml"
HELDOUT_2 = RECAPS / "heldout_2.toml"
"""The second held-back batch, written with the second tuning batch, scored once at the end."""
HELDOUT_3 = RECAPS / "heldout_3.toml"
"""The held-back batch now: written by four writers who never saw the reader, after the first
two held-back batches were scored and became tuning files (README)."""
CHECK = RECAPS / "check.toml"
"""The check set, written after the first tuning by someone who had not seen the reader."""
TUNING = (TUNE, TUNE_2, HELDOUT, HELDOUT_2)
"""What the reader is tuned on: the tuning batches, and the held-back batches once scored."""
HELD_BACK = (HELDOUT_3,)
EVERYTHING = (*TUNING, *HELD_BACK, CHECK)
LANGUAGES = ("en", "es", "ca")
KINDS = ("coffee", "lunch", "breakfast", "dinner", "drinks", "call", "video", "meeting")
CASE_KEYS = {"id", "lang", "sent", "zone", "subject", "text", "me", "note", "expect", "rules"}
EXPECT_KEYS = {
    "people", "meeting_date", "kind", "place", "gave", "got",
    "my_tasks", "my_intros", "owed_to_me", "follow_up",
}  # fmt: skip


IntroT = TypeVar("IntroT")


class CaseError(ValueError):
    """A case that cannot be scored as written; the message names the file, case and fix."""


@dataclass(frozen=True)
class Task:
    """One of the user's own promises, with its due date when the text gives one."""

    text: str
    due: date | None = None


@dataclass(frozen=True)
class Intro:
    """An introduction the user will make: ``who`` to ``to`` (the order does not matter)."""

    who: PersonSpec
    to: PersonSpec
    due: date | None = None


@dataclass(frozen=True)
class Facts(Generic[IntroT]):
    """What a recap says, field by field: the annotation's or the reader's (same fields, so that
    the scorer compares them one by one). ``None`` and ``()`` mean nothing is said."""

    people: tuple[PersonSpec, ...] = ()
    meeting_date: date | None = None
    kind: str | None = None
    place: str | None = None
    gave: tuple[str, ...] = ()
    got: tuple[str, ...] = ()
    my_tasks: tuple[Task, ...] = ()
    my_intros: tuple[IntroT, ...] = ()
    owed_to_me: tuple[str, ...] = ()
    follow_up: date | None = None
    follow_up_vague: bool = False


class Expectation(Facts[Intro]):
    """The annotation of a case."""


@dataclass(frozen=True)
class Case:
    id: str
    lang: str
    sent: datetime
    zone: ZoneInfo
    subject: str
    text: str
    expect: Expectation
    me: tuple[str, ...] = ()
    note: str = ""

    @property
    def reader_text(self) -> str:
        """What the reader is given: the subject line, a blank line, then the body."""
        return f"{self.subject}\n\n{self.text}" if self.subject.strip() else self.text

    @property
    def sent_day(self) -> date:
        return self.sent.astimezone(self.zone).date()


def load_cases(path: Path) -> list[Case]:
    """Every case of a file, checked; :class:`CaseError` on the first one that is wrong."""
    try:
        with path.open("rb") as file:
            raw = tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise CaseError(f"{path}: not valid TOML ({error})") from error
    cases, seen = [], set()
    for index, entry in enumerate(raw.get("case", []), start=1):
        where = f"{path.name}: case {entry.get('id', f'#{index}')}"
        try:
            case = _case(entry)
        except KeyError as error:
            raise CaseError(f"{where}: the key {error} is missing") from error
        except (CaseError, BadPersonSpec, UnknownDateRule, ValueError, TypeError) as error:
            raise CaseError(f"{where}: {error}") from error
        if case.id in seen:
            raise CaseError(f"{where}: the id is used twice; give each case its own")
        seen.add(case.id)
        cases.append(case)
    if not cases:
        raise CaseError(f"{path}: no [[case]] tables")
    return cases


def _case(entry: Mapping[str, Any]) -> Case:
    unknown = set(entry) - CASE_KEYS
    if unknown:
        raise CaseError(f"unknown keys {sorted(unknown)}; allowed: {sorted(CASE_KEYS)}")
    lang = entry["lang"]
    if lang not in LANGUAGES or not str(entry["id"]).startswith(f"{lang}-"):
        raise CaseError(f"lang must be one of {LANGUAGES} and the id must start with it")
    sent = datetime.fromisoformat(entry["sent"])
    if sent.tzinfo is None:
        raise CaseError("sent needs its offset, as a Date header has: 2026-12-02T21:14:00+01:00")
    try:
        zone = ZoneInfo(entry["zone"])
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise CaseError(f"unknown zone {entry['zone']!r}") from error
    case = Case(
        id=entry["id"],
        lang=lang,
        sent=sent,
        zone=zone,
        subject=entry.get("subject", ""),
        text=entry["text"],
        me=tuple(address.lower() for address in entry.get("me", ())),
        note=entry.get("note", ""),
        expect=Expectation(),
    )
    expect = _expectation(entry["expect"], entry.get("rules", {}), case.sent_day)
    _check_words(case, expect)
    return replace(case, expect=expect)


def _dated(value: str, rule: str | None, sent_day: date, what: str) -> date | None:
    if value == "none":
        if rule:
            raise CaseError(f"{what} is 'none' but has the rule {rule!r}")
        return None
    day = date.fromisoformat(value)
    if not rule:
        raise CaseError(f"{what} = {value} has no rule; add one (see eval/date_rules.py)")
    ruled = resolve(rule, sent_day)
    if ruled != day:
        raise CaseError(f"{what} is {value} but its rule {rule!r} gives {ruled.isoformat()}")
    return day


def _expectation(raw: Mapping[str, Any], rules: Mapping[str, str], sent_day: date) -> Expectation:
    missing, unknown = EXPECT_KEYS - set(raw), set(raw) - EXPECT_KEYS
    if missing or unknown:
        raise CaseError(f"[case.expect] must have exactly {sorted(EXPECT_KEYS)}")
    kind = raw["kind"]
    if kind != "none" and kind not in KINDS:
        raise CaseError(f"kind {kind!r} is not 'none' or one of {KINDS}")
    follow_up = raw["follow_up"]
    vague = follow_up == "vague"
    return Expectation(
        people=tuple(PersonSpec.parse(p) for p in raw["people"]),
        meeting_date=_dated(
            raw["meeting_date"], rules.get("meeting_date"), sent_day, "meeting_date"
        ),
        kind=None if kind == "none" else kind,
        place=None if raw["place"] == "none" else raw["place"],
        gave=tuple(raw["gave"]),
        got=tuple(raw["got"]),
        my_tasks=tuple(
            Task(t["text"], _dated(t["due"], t.get("due_rule"), sent_day, f"due of {t['text']!r}"))
            for t in raw["my_tasks"]
        ),
        my_intros=tuple(
            Intro(
                PersonSpec.parse(i["who"]),
                PersonSpec.parse(i["to"]),
                _dated(i["due"], i.get("due_rule"), sent_day, f"due of the intro to {i['to']!r}"),
            )
            for i in raw["my_intros"]
        ),
        owed_to_me=tuple(o["text"] for o in raw["owed_to_me"]),
        follow_up=None
        if vague
        else _dated(follow_up, rules.get("follow_up"), sent_day, "follow_up"),
        follow_up_vague=vague,
    )


def _check_words(case: Case, expect: Expectation) -> None:
    """Addresses, names, places and phrases come from what the user wrote."""
    written = f" {' '.join(tokens(case.reader_text))} "
    words = set(tokens(case.reader_text))

    def in_text(phrase: str) -> bool:
        return f" {' '.join(tokens(phrase))} " in written

    people = [*expect.people, *(p for i in expect.my_intros for p in (i.who, i.to))]
    for person in people:
        if person.email and not re.search(
            rf"(?<![\w.+-]){re.escape(person.email)}(?![\w-])", fold(case.reader_text)
        ):
            raise CaseError(f"the address {person.email} is not in the text")
        if person.name and not in_text(person.name):
            raise CaseError(f"the name {person.name!r} is not in the text as written")
    if expect.place and not in_text(expect.place):
        raise CaseError(f"the place {expect.place!r} is not in the text")
    phrases = [*expect.gave, *expect.got, *(t.text for t in expect.my_tasks), *expect.owed_to_me]
    for phrase in phrases:
        strays = [word for word in content_words(phrase, case.lang) if word not in words]
        if strays or not tokens(phrase):
            raise CaseError(f"the phrase {phrase!r} has words the text does not: {strays}")
