"""The ask is mail to a contact like any other: it waits for the sending window, counts
against the hourly cap, carries List-Unsubscribe, and an opt-out ends the introduction (the
user is told). The drafts and questions to the user are planned mail, not answers: like the
thank-you draft they wait for the window; the confirmation of an intro@ message does not."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from mailer.intros.mail import key
from mailer.outbound.at_once import is_answer
from tests.conftest import ALICE
from tests.intros.world import JORDI, MARTA, World

MADRID = ZoneInfo("Europe/Madrid")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=MADRID)


def _rows(world: World, template: str) -> list[dict]:
    return [r for r in world.mailer.outbox() if r["template"] == template]


def test_no_step_of_an_introduction_is_an_answer():
    steps = ("ask-draft", "ask", "nudge", "joint-draft", "joint", "question", "answer",
             "no-answer", "met-check", "owed-reminder", "opted-out")  # fmt: skip
    assert not any(is_answer(key(7, step, "to")) for step in steps)


def test_the_draft_waits_for_the_morning_and_the_confirmation_does_not(
    make_world: Callable[..., World], clock
):
    clock.set(_at("2026-11-23T22:30"))
    world = make_world()
    world.send(ALICE, "intro@assistant.localhost",
               "Marta Soler <marta@example.com> -> Jordi Vila <jordi@example.org>")  # fmt: skip
    world.tick(at=_at("2026-11-23T22:31"))
    assert world.last("confirmation").recipients == [ALICE]  # at once, at 22:31
    [draft] = _rows(world, "intro_ask_draft")
    assert (draft["status"], draft["scheduled"]) == ("queued", "2026-11-24T08:00:00+01:00")
    world.tick(at=_at("2026-11-24T08:01"))
    assert world.last("intro_ask_draft").recipients == [ALICE]


def test_the_ask_waits_for_the_window(make_world: Callable[..., World], clock):
    clock.set(_at("2026-11-23T20:55"))
    world = make_world()
    draft = world.drafted()  # recap at 20:55, drafted at 20:56: the window is open
    world.reply(ALICE, draft, "approve", "send")
    world.tick(at=_at("2026-11-23T21:30"))
    [ask] = _rows(world, "intro_ask")
    assert (ask["status"], ask["scheduled"]) == ("queued", "2026-11-24T08:00:00+01:00")
    assert world.to(JORDI) == []
    world.tick(at=_at("2026-11-24T08:01"))
    assert len(world.to(JORDI)) == 1


def test_an_opt_out_from_the_ask_ends_the_introduction(world: World):
    ask = world.asked()
    unsubscribe = ask.message["List-Unsubscribe"].strip("<>").removeprefix("mailto:")
    world.send(JORDI, unsubscribe, "unsubscribe")
    world.tick(after=timedelta(minutes=1))
    [intro] = world.intros()
    assert (intro["stage"], intro["ended"]) == ("declined", "opted out of your mail")
    told = world.last("intro_answer")
    assert told.subject == "Jordi Vila opted out of your mail"
    world.tick(after=timedelta(days=20))
    assert len(world.to(JORDI)) == 1 and world.to(MARTA) == []


def test_someone_who_opted_out_before_is_never_asked(world: World):
    world.mailer.add_contact(JORDI, name="Jordi Vila")
    ask = world.asked()  # a first introduction, so that Jordi can opt out of something
    unsubscribe = ask.message["List-Unsubscribe"].strip("<>").removeprefix("mailto:")
    world.send(JORDI, unsubscribe, "unsubscribe")
    world.send(ALICE, "intro@assistant.localhost",
               "intro: Pau <pau@example.org> -> Jordi Vila <jordi@example.org>")  # fmt: skip
    world.tick(after=timedelta(minutes=1))
    second = world.intros()[1]
    assert second["stage"] == "declined"
    assert [r["template"] for r in world.mailer.outbox()
            if r["key"].startswith(f"intro:{second['id']}:")] == ["intro_answer"]  # fmt: skip
    assert len(world.to(JORDI)) == 1
