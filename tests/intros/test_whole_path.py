"""Done when: a recap promising an introduction leads, with two "send" replies and the other
person's "Sure, happy to!", to exactly one email to both; ``mailer intros list --json``
shows each stage. In English, Spanish and Catalan, through the Maildir and an SMTP sink."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from mailer.parsing.recap import parse_recap
from tests.conftest import ALICE, PINNED_NOW
from tests.intros.world import JORDI, MARTA, World

RECAPS = {
    "en": (
        "Coffee with Marta Soler <marta@example.com> this morning.\n"
        "She is looking for a designer for her new app.\n"
        "I'll introduce Marta to Jordi Vila <jordi@example.org>, he runs a design studio.\n"
    ),
    "es": (
        "Café con Marta Soler <marta@example.com> esta mañana.\n"
        "Busca un diseñador para su nueva app.\n"
        "Le presentaré a Jordi Vila <jordi@example.org>, que tiene un estudio de diseño.\n"
    ),
    "ca": (
        "Cafè amb la Marta Soler <marta@example.com> aquest matí.\n"
        "Busca un dissenyador per a la seva app.\n"
        "Li presentaré en Jordi Vila <jordi@example.org>, que té un estudi de disseny.\n"
    ),
}
YES = {"en": "Sure, happy to!", "es": "¡Claro, encantado!", "ca": "I tant! Encantat."}
DRAFT = {"en": "Draft: asking Jordi Vila", "es": "Borrador: preguntar a Jordi Vila",
         "ca": "Esborrany: preguntar a Jordi Vila"}  # fmt: skip
JOINT_DRAFT = {"en": "Draft: introducing", "es": "Borrador: presentación",
               "ca": "Esborrany: presentació"}  # fmt: skip
SEND = {"en": "send", "es": "enviar", "ca": "envia-ho"}
MADRID = ZoneInfo("Europe/Madrid")


@pytest.mark.parametrize("language", sorted(RECAPS))
def test_the_recap_reader_gives_both_people_of_the_promise(language: str):
    """What the log's intro items are made of (the reader is another helper's; this checks
    the clear sentences the tests below rely on)."""
    recap = parse_recap(RECAPS[language], sent_at=PINNED_NOW, zone=MADRID, known_names={})
    [item] = [i for i in recap.action_items if i.kind == "intro"]
    assert [p.email for p in item.people] == [MARTA, JORDI]


@pytest.mark.parametrize(
    ("language", "transport"),
    [("en", "maildir"), ("en", "smtp"), ("es", "smtp"), ("ca", "maildir")],
)
def test_a_promise_becomes_one_email_to_both(
    make_world: Callable[..., World], language: str, transport: str
):
    # Catalan: messages read in the server's own child process, as `mailer serve` reads them
    worker = "child" if language == "ca" else "here"
    world = make_world(language=language, transport=transport, worker=worker)
    world.send(ALICE, "recap@assistant.localhost", RECAPS[language], subject="Coffee")
    world.tick(after=timedelta(minutes=1))
    assert [i["stage"] for i in world.intros()] == ["drafted"]
    draft = world.latest(ALICE, DRAFT[language])
    assert world.to(JORDI) == [] and world.to(MARTA) == []  # nothing before approval

    world.reply(ALICE, draft, "approve", SEND[language])
    assert [i["stage"] for i in world.intros()] == ["asked"]
    world.tick(after=timedelta(minutes=1))
    [ask] = world.to(JORDI)
    assert world.to(MARTA) == []
    assert ask.message["From"].addresses[0].display_name == "Alice Martín"
    assert ALICE in str(ask.message["Reply-To"])
    assert ask.message["List-Unsubscribe"].startswith("<mailto:unsubscribe+")
    assert "Marta Soler" in ask.words

    world.reply(JORDI, ask, "reply", YES[language])
    assert [i["stage"] for i in world.intros()] == ["accepted"]
    world.tick(after=timedelta(minutes=1))
    joint_draft = world.latest(ALICE, JOINT_DRAFT[language])
    assert draft.recipients == joint_draft.recipients == [ALICE]  # drafts reach the user alone
    world.reply(ALICE, joint_draft, "approve", SEND[language])
    world.reply(ALICE, joint_draft, "approve", SEND[language])  # a second "send": nothing more
    world.tick(after=timedelta(minutes=1))
    world.tick(after=timedelta(minutes=1))

    both = [s for s in world.sent() if MARTA in s.recipients]
    assert len(both) == 1, [s.subject for s in both]
    [joint] = both
    assert sorted(joint.recipients) == sorted([MARTA, JORDI])
    assert len(world.to(JORDI)) == 2  # the ask, then the one introduction
    assert [a.addr_spec for a in joint.message["Reply-To"].addresses] == [ALICE]
    assert "List-Unsubscribe" not in joint.message
    [intro] = world.intros()
    assert intro["stage"] == "sent"
    assert [s["stage"] for s in intro["stages"]] == ["drafted", "asked", "accepted", "sent"]
    assert all(s["at"] for s in intro["stages"])
    assert (intro["introduced"]["email"], intro["introduced_to"]["email"]) == (MARTA, JORDI)
    assert [m["template"] for m in intro["messages"]] == [
        "intro_ask_draft", "intro_ask", "intro_joint_draft", "intro_joint",
    ]  # fmt: skip
    assert all(m["status"] == "sent" for m in intro["messages"])
