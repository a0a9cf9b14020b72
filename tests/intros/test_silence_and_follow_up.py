"""Silence for [intros] ask_timeout_days gets the user one reminder (nudge or drop); after
check_after_days the user is asked whether they met, unless a recap or an invitation with
both of them closed the loop by itself; an introduction promised to the user gets a gentle
reminder after the same delay."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import ALICE
from tests.intros.world import JORDI, MARTA, World
from tests.messages import invite_ics, invite_message


def test_silence_brings_one_reminder_and_a_nudge_on_request(world: World):
    ask = world.asked()
    world.tick(after=timedelta(days=6))
    assert world.sent_as("intro_no_answer") == []
    world.tick(after=timedelta(days=2))  # 8 days: past the 7 of ask_timeout_days
    world.tick(after=timedelta(days=3))
    [reminder] = world.sent_as("intro_no_answer")
    assert "7 days ago you asked Jordi Vila" in reminder.words
    world.reply(ALICE, reminder, "approve", "nudge")
    world.tick(after=timedelta(minutes=1))
    [nudge] = world.sent_as("intro_ask")[1:]
    assert nudge.subject == "Re: " + ask.subject
    assert str(nudge.message["In-Reply-To"]) == str(ask.message["Message-ID"])
    world.reply(JORDI, nudge, "reply", "Oh sorry, yes of course!")
    assert world.intros()[0]["stage"] == "accepted"
    assert world.to(MARTA) == []


def test_drop_after_silence_ends_it(world: World):
    world.asked()
    world.tick(after=timedelta(days=8))
    world.reply(ALICE, world.last("intro_no_answer"), "approve", "drop")
    [intro] = world.intros()
    assert (intro["stage"], intro["ended"]) == ("dropped", "dropped by reply")
    world.tick(after=timedelta(days=30))
    assert len(world.to(JORDI)) == 1 and world.to(MARTA) == []


def _made(world: World) -> None:
    world.reply(ALICE, world.accepted(), "approve", "send")
    world.tick(after=timedelta(minutes=1))
    assert world.intros()[0]["stage"] == "sent"


def test_did_they_meet_after_two_weeks(world: World):
    _made(world)
    world.tick(after=timedelta(days=13))
    assert world.sent_as("intro_met_check") == []
    world.tick(after=timedelta(days=2))
    [check] = world.sent_as("intro_met_check")
    assert check.subject == "Did Marta and Jordi meet?" and check.recipients == [ALICE]
    world.reply(ALICE, check, "approve", "Yes, they did!")
    assert world.intros()[0]["stage"] == "met"
    assert [s["stage"] for s in world.intros()[0]["stages"]][-1] == "met"


def test_an_invitation_with_both_closes_the_loop_by_itself(world: World):
    _made(world)
    attendees = (
        (MARTA, "Marta Soler", "ACCEPTED"),
        (JORDI, "Jordi Vila", "ACCEPTED"),
        (ALICE, "Alice Martín", "ACCEPTED"),
    )  # fmt: skip
    ics = invite_ics(
        uid="three-of-us@example.com",
        summary="Lunch with Marta and Jordi",
        start="20261203T133000",
        end="20261203T143000",
        attendees=attendees,
    )
    world.deliver(invite_message(ics), ALICE, ["invites@assistant.localhost"])
    world.tick(after=timedelta(days=15))
    assert world.intros()[0]["stage"] == "met"
    assert world.sent_as("intro_met_check") == []


def test_an_introduction_promised_to_the_user_is_owed_and_remembered(world: World):
    recap = (
        "Coffee with Marta Soler <marta@example.com> this morning.\n"
        "She'll introduce me to her manager.\n"
    )
    world.send(ALICE, "recap@assistant.localhost", recap, subject="Coffee")
    world.tick(after=timedelta(minutes=1))
    [intro] = world.intros()
    assert (intro["direction"], intro["stage"]) == ("owed", "owed")
    assert intro["introduced_to"]["name"] == "her manager"
    assert world.sent_as("intro_ask_draft") == []  # nothing to ask anyone
    world.tick(after=timedelta(days=15))
    world.tick(after=timedelta(days=1))
    [reminder] = world.sent_as("intro_owed")
    assert "offered to introduce you to her manager" in reminder.words
    world.reply(ALICE, reminder, "approve", "done")
    assert world.intros()[0]["stage"] == "sent"
    assert world.to(MARTA) == []
