"""An introduction comes from a recap's promise, an ``intro: Marta -> Jordi`` line in reply to
any mail of ours, or an email to intro@; known contacts are found by name, and a person
without an address gets a question back ("What is Jordi's address?"), never a guess."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import ALICE
from tests.intros.world import JORDI, MARTA, RECAP, World

INTRO = "intro@assistant.localhost"


def test_an_email_to_intro_naming_both(world: World):
    world.send(
        ALICE, INTRO,
        "Marta Soler <marta@example.com> -> Jordi Vila <jordi@example.org>\n"
        "She needs a designer for her app; he runs a studio.",
        subject="An introduction",
    )  # fmt: skip
    world.tick(after=timedelta(minutes=1))
    confirmation = world.last("confirmation")
    assert confirmation.subject == "Introduction noted: Marta Soler and Jordi Vila"
    assert "nothing reaches either of them until you reply" in confirmation.words
    draft = world.last("intro_ask_draft")
    assert "she needs a designer for her app" in draft.words.lower()
    [intro] = world.intros()
    assert (intro["source"], intro["stage"]) == ("mail", "drafted")
    assert world.to(JORDI) == [] and world.to(MARTA) == []


def test_a_reply_line_to_any_mail_of_ours(world: World):
    world.send(ALICE, "recap@assistant.localhost", "Lunch with Pau Vidal <pau@example.org> today.")
    world.tick(after=timedelta(minutes=1))
    confirmation = world.last("confirmation")
    world.send(
        ALICE, "assistant@assistant.localhost",
        "intro: Pau -> Jordi Vila <jordi@example.org>\nPau wants to learn pottery.",
        in_reply_to=str(confirmation.message["Message-ID"]),
    )  # fmt: skip
    [intro] = world.intros()
    assert intro["introduced"] == {"name": "Pau Vidal", "email": "pau@example.org"}  # by name
    assert intro["introduced_to"]["email"] == JORDI
    assert intro["why"] == "Pau wants to learn pottery."
    world.tick(after=timedelta(minutes=1))
    assert "Pau Vidal" in world.last("intro_ask_draft").words


def test_an_unknown_person_gets_a_question_not_a_guess(world: World):
    recap = "Coffee with Marta Soler <marta@example.com> today.\nI'll introduce Marta to Jordi."
    world.send(ALICE, "recap@assistant.localhost", recap, subject="Coffee")
    world.tick(after=timedelta(minutes=1))
    [intro] = world.intros()
    assert intro["introduced_to"] == {"name": "Jordi", "email": None}
    assert world.sent_as("intro_ask_draft") == []
    question = world.last("intro_question")
    assert question.subject == "What is Jordi's address?"
    world.reply(ALICE, question, "approve", "Sorry, I have no idea yet")
    assert world.intros()[0]["introduced_to"]["email"] is None
    world.tick(after=timedelta(minutes=1))
    error = world.last("error_reply")
    assert "I found no address in your answer" in error.words
    world.reply(ALICE, question, "approve", "Jordi Vila <jordi@example.org>")
    assert world.intros()[0]["introduced_to"] == {"name": "Jordi Vila", "email": JORDI}
    world.tick(after=timedelta(minutes=1))
    assert world.last("intro_ask_draft").recipients == [ALICE]
    assert world.to(JORDI) == []


def test_ask_both_or_the_other_first(world: World):
    draft = world.drafted()
    world.reply(ALICE, draft, "approve", "ask Marta first")
    assert world.intros()[0]["ask"] == "contact-first"
    world.tick(after=timedelta(minutes=1))
    marta_draft = world.last("intro_ask_draft")
    assert "asking Marta Soler" in marta_draft.subject
    world.reply(ALICE, draft, "approve", "send")  # Jordi's draft: not before Marta's yes
    world.tick(after=timedelta(minutes=1))
    assert world.to(JORDI) == []
    assert "this ask goes once Marta says yes" in world.last("error_reply").words
    world.reply(ALICE, marta_draft, "approve", "send")
    world.tick(after=timedelta(minutes=1))
    world.reply(MARTA, world.last("intro_ask"), "reply", "Yes please!")
    assert world.intros()[0]["stage"] == "asked"  # and now Jordi, whose draft came first
    world.reply(ALICE, draft, "approve", "send")
    world.tick(after=timedelta(minutes=1))
    world.reply(JORDI, world.last("intro_ask"), "reply", "Happy to")
    assert world.intros()[0]["stage"] == "accepted"


def test_undo_takes_an_introduction_back(world: World):
    world.send(ALICE, INTRO, "intro: Marta <marta@example.com> -> Jordi <jordi@example.org>")
    world.tick(after=timedelta(minutes=1))
    confirmation = world.last("confirmation")
    world.send(ALICE, "assistant@assistant.localhost", "undo",
               in_reply_to=str(confirmation.message["Message-ID"]))  # fmt: skip
    assert world.intros() == []
    world.tick(after=timedelta(days=8))
    assert world.to(JORDI) == []


def test_skip_drops_it_and_the_promise(world: World):
    world.reply(ALICE, world.drafted(RECAP), "approve", "skip")
    [intro] = world.intros()
    assert (intro["stage"], intro["ended"]) == ("dropped", "skipped by reply")
    world.tick(after=timedelta(days=20))
    assert world.to(JORDI) == [] and world.to(MARTA) == []
