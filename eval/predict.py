"""Run the reader on a case and put its answer in the evaluation's terms.

The reader is called the way the app calls it (``mailer.log.recaps.file_recap``): the message's
Date, the user's zone, and here an empty address book, so that nobody is found by a name the
text does not contain. The user's own addresses and the assistant's are dropped from the
people with the app's own function, as the app drops them before filing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from eval.cases import Case, Facts, Task
from eval.matching import PersonSpec
from mailer.log.contacts import people_except
from mailer.parsing.recap import parse_recap
from mailer.parsing.types import Recap

ASSISTANT_DOMAIN = "assistant.localhost"
"""The assistant's domain in the cases' quoted prompts (and the default configuration)."""


@dataclass(frozen=True)
class PredictedIntro:
    """An introduction as the reader returns it: the people named and the words."""

    people: tuple[PersonSpec, ...]
    text: str
    due: date | None = None


@dataclass(frozen=True)
class Prediction(Facts[PredictedIntro]):
    """The reader's answer, with the error it raised (an empty answer then)."""

    error: str = ""


def read_case(case: Case) -> Prediction:
    """The reader's answer for ``case``; an exception becomes an empty answer with its message."""
    try:
        recap = parse_recap(
            case.text, subject=case.subject, sent_at=case.sent, zone=case.zone, known_names={}
        )
    except Exception as error:  # a reader that raises scores nothing, and the report says why
        return Prediction(error=f"{type(error).__name__}: {error}")
    return prediction_of(recap, case)


def prediction_of(recap: Recap, case: Case) -> Prediction:
    """``recap`` in the evaluation's fields, dates in the user's zone."""
    kept = people_except(recap.people, set(case.me), ASSISTANT_DOMAIN)
    people = [PersonSpec(name=p.name or None, email=p.email) for p in kept]
    people += [PersonSpec(name=name) for name in recap.names_without_address if name.strip()]
    items = recap.action_items
    return Prediction(
        people=tuple(people),
        meeting_date=recap.met_on.astimezone(case.zone).date() if recap.met_on else None,
        kind=(recap.kind or "").strip().lower() or None,
        place=(recap.place or "").strip() or None,
        gave=tuple(recap.gave),
        got=tuple(recap.got),
        my_tasks=tuple(Task(i.text, i.due) for i in items if i.kind == "task"),
        my_intros=tuple(
            PredictedIntro(
                tuple(PersonSpec(name=p.name or None, email=p.email) for p in i.people),
                i.text,
                i.due,
            )
            for i in items
            if i.kind == "intro"
        ),
        owed_to_me=tuple(i.text for i in items if i.kind == "owed"),
        follow_up=recap.follow_up_on,
        follow_up_vague=recap.follow_up_vague and recap.follow_up_on is None,
    )
