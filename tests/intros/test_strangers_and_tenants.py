"""Only the person asked can answer the ask, and only the user can approve: a reply from
anyone else is refused at the door (550 5.7.1) and recorded, and changes nothing. Tenants never
see each other's introductions."""

from __future__ import annotations

import json
import smtplib
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from mailer.cli import cli
from mailer.models import InboundMessage
from tests.conftest import BOB
from tests.intros.world import JORDI, MARTA, World

MALLORY = "mallory@evil.example"


def _rejected(world: World) -> list[InboundMessage]:
    with world.mailer.sessions() as session:
        return list(
            session.scalars(select(InboundMessage).where(InboundMessage.status == "rejected"))
        )


@pytest.mark.parametrize("stranger", [MALLORY, MARTA])
def test_a_strangers_answer_to_the_ask_is_refused_and_logged(world: World, stranger: str):
    """Someone else, even Marta herself, writing "yes" to Jordi's address of the ask."""
    ask = world.asked()
    with pytest.raises(smtplib.SMTPDataError, match=r"5\.7\.1"):
        world.reply(stranger, ask, "reply", "Yes, sure!")
    [refused] = _rejected(world)
    assert refused.envelope_from == stranger
    assert refused.envelope_to == [ask.reply_address("reply")]
    assert world.intros()[0]["stage"] == "asked"
    world.tick(after=timedelta(minutes=1))
    assert world.sent_as("intro_joint_draft") == []


def test_the_person_asked_cannot_approve_the_users_draft(world: World):
    draft = world.drafted()
    for someone in (MALLORY, JORDI):
        with pytest.raises(smtplib.SMTPDataError, match=r"5\.7\.1"):
            world.reply(someone, draft, "approve", "send")
    assert world.intros()[0]["stage"] == "drafted"
    world.tick(after=timedelta(minutes=1))
    assert world.to(JORDI) == []


def _cli(world: World, *arguments: str):
    return CliRunner().invoke(cli, ["--config", str(world.config_path), *arguments])


def test_another_user_sees_nothing_and_changes_nothing(world: World):
    draft = world.drafted()
    world.reply(BOB, draft, "approve", "send")  # Bob is a user, but the token is Alice's
    world.send(BOB, "intro@assistant.localhost", "intro: Marta <marta@example.com> -> Jordi")
    assert world.intros()[0]["stage"] == "drafted"  # Alice's, untouched
    bobs = json.loads(_cli(world, "intros", "list", "--json", "--user", BOB).output)
    assert [i["introduced_to"] for i in bobs] == [{"name": "Jordi", "email": None}]
    alices = world.intros()
    assert {i["id"] for i in alices}.isdisjoint({i["id"] for i in bobs})
    drop = _cli(world, "intros", "drop", str(alices[0]["id"]), "--user", BOB)
    assert drop.exit_code == 2 and "there is no introduction" in drop.output
    assert world.intros()[0]["stage"] == "drafted"
    world.tick(after=timedelta(minutes=1))
    assert world.to(JORDI) == []
