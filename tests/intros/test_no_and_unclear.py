"""The asked person's no closes the introduction politely: the user is told with their words,
the other person is never told, and nothing queued for it leaves. An unclear answer goes to
the user ("Is this a yes?"), who answers for them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from tests.conftest import ALICE
from tests.intros.world import JORDI, MARTA, World

NO = {"en": "No, sorry: not now, I am travelling until March.", "es": "Lo siento, ahora no puedo.",
      "ca": "Ara no puc, ho sento."}  # fmt: skip
TOLD = {"en": "would rather not meet", "es": "prefiere no conocer", "ca": "prefereix no conèixer"}


@pytest.mark.parametrize("language", ["es"])
def test_a_no_tells_the_user_and_nobody_else(make_world: Callable[..., World], language: str):
    """In Spanish (the words of every language are read in test_reading_answers.py)."""
    world = make_world(language=language)
    ask = world.asked()
    world.reply(JORDI, ask, "reply", NO[language])
    [intro] = world.intros()
    assert (intro["stage"], intro["answers"]["introduced_to"]) == ("declined", "no")
    world.tick(after=timedelta(minutes=1))
    told = world.last("intro_answer")
    assert told.recipients == [ALICE] and TOLD[language] in told.subject
    assert NO[language].split(",")[0] in told.words  # their words, quoted
    for later in (timedelta(days=8), timedelta(days=15)):
        world.tick(after=later)
    assert world.to(MARTA) == []
    assert len(world.to(JORDI)) == 1  # the ask; never anything more
    assert [f["status"] for f in world.mailer.followups(ALICE, status=None)
            if f["kind"] == "intro"] == ["cancelled"]  # fmt: skip


def test_an_unclear_answer_is_forwarded_and_the_user_decides(world: World):
    ask = world.asked()
    world.reply(JORDI, ask, "reply", "Hmm, what does she do exactly?")
    assert world.intros()[0]["stage"] == "asked"
    world.tick(after=timedelta(minutes=1))
    question = world.last("intro_answer")
    assert question.subject.startswith("Is this a yes?")
    assert "what does she do exactly?" in question.words
    world.reply(ALICE, question, "approve", "yes")
    assert world.intros()[0]["stage"] == "accepted"
    world.tick(after=timedelta(minutes=1))
    assert world.last("intro_joint_draft")
    assert world.to(MARTA) == []


def test_the_user_can_read_an_unclear_answer_as_a_no(world: World):
    world.reply(JORDI, world.asked(), "reply", "Who is she?")
    world.tick(after=timedelta(minutes=1))
    world.reply(ALICE, world.last("intro_answer"), "approve", "no")
    assert world.intros()[0]["stage"] == "declined"
    world.tick(after=timedelta(days=8))
    assert world.to(MARTA) == [] and len(world.to(JORDI)) == 1


def test_the_same_answer_delivered_twice_counts_once(world: World):
    ask = world.asked()
    answer_id = world.reply(JORDI, ask, "reply", "Who is she?")
    address = ask.reply_address("reply")
    world.send(JORDI, address, "Who is she?", in_reply_to=str(ask.message["Message-ID"]),
               message_id=answer_id)  # fmt: skip
    world.tick(after=timedelta(minutes=1))
    assert len(world.sent_as("intro_answer")) == 1
