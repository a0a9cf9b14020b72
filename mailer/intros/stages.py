"""The state machine of one introduction: which stage follows which, and who is asked.

An introduction the user gives goes ``drafted`` (the ask is drafted for the user) -> ``asked``
(the user approved the ask; it is on its way) -> ``accepted`` (every person asked said yes) or
``declined`` (one said no) -> ``sent`` (the user approved the joint introduction) -> ``met`` (a
recap or invitation has both of them, or the user said so). ``dropped`` is the user's "skip"
or "drop" at any point before the introduction is sent. One promised to the user is ``owed``
until the user says it happened (``sent``) or drops it.

Everything here changes the row only: what is sent because of a change is the planner's
business (:mod:`mailer.intros.planner`), and sending twice is the outbox's to prevent.
"""

from __future__ import annotations

from datetime import datetime

from mailer.models import Introduction
from mailer.said import Said

STAGES = ("drafted", "asked", "accepted", "declined", "sent", "met", "dropped", "owed")
WAITING = frozenset({"drafted", "asked"})
"""Stages in which the people asked may still answer."""
OPEN = frozenset({"drafted", "asked", "accepted", "owed"})
"""Not made yet, and not given up: what the digest lists and ``drop`` may end."""
ROLES = ("contact", "to")
"""The person introduced (Marta) and the person she is introduced to (Jordi)."""
ASKS = ("to", "both", "contact-first", "to-first")


class IntroductionError(ValueError):
    """An introduction cannot change as asked; the message says why and what can be done."""


def other(role: str) -> str:
    return "to" if role == "contact" else "contact"


def answer(intro: Introduction, role: str) -> str | None:
    return intro.contact_answer if role == "contact" else intro.to_answer


def required(intro: Introduction) -> tuple[str, ...]:
    """Whose yes the joint introduction needs: Jordi's by default (Marta asked for it), both
    people's when the user said to ask both or one of them first."""
    return ("to",) if intro.ask == "to" else ROLES


def asking(intro: Introduction) -> tuple[str, ...]:
    """Who is to be asked now: Jordi; or both at once; or one first, and the other once the
    first said yes."""
    if intro.ask == "to":
        return ("to",)
    if intro.ask == "both":
        return ROLES
    first = "contact" if intro.ask == "contact-first" else "to"
    return (first, other(first)) if answer(intro, first) == "yes" else (first,)


def change_ask(intro: Introduction, ask: str) -> None:
    """``ask Marta first`` / ``ask both``, while nobody has answered yet."""
    if intro.stage not in WAITING:
        raise IntroductionError(
            Said(
                "introduction %(number)s is %(stage)s: nobody more is asked",
                number=intro.id,
                stage=intro.stage,
            )
        )
    if ask not in ASKS:
        raise ValueError(f"unknown way to ask {ask!r}; expected one of {ASKS}")
    intro.ask = ask


def mark_asked(intro: Introduction, now: datetime) -> None:
    if intro.stage == "drafted":
        intro.stage = "asked"
    intro.asked_at = intro.asked_at or now


def record_answer(intro: Introduction, role: str, said: str, now: datetime) -> str:
    """A "yes" or "no" from the person in ``role`` (anyone asked, even before the user said
    to ask the other one first); returns what became of the introduction."""
    if intro.stage not in WAITING:
        return f"already {intro.stage}"
    if role == "contact":
        intro.contact_answer = said
    else:
        intro.to_answer = said
    if said == "no":
        intro.stage, intro.answered_at = "declined", now
        intro.ended = "said no"
    elif all(answer(intro, r) == "yes" for r in required(intro)):
        intro.stage, intro.answered_at = "accepted", now
    return intro.stage


def mark_sent(intro: Introduction, now: datetime) -> None:
    intro.stage, intro.sent_at = "sent", intro.sent_at or now


def mark_met(intro: Introduction, now: datetime) -> None:
    if intro.stage == "sent":
        intro.stage, intro.met_at = "met", now


def drop(intro: Introduction, now: datetime, why: str) -> None:
    """End an introduction that is not made yet; a made one stays made."""
    if intro.stage not in OPEN:
        raise IntroductionError(
            f"introduction {intro.id} is {intro.stage}; only a drafted, asked, accepted or owed "
            "introduction can be dropped"
        )
    intro.stage, intro.dropped_at, intro.ended = "dropped", now, why
