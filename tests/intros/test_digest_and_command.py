"""The digest lists open introductions and counts those made this month as given;
``mailer intros list`` shows each with its stage and dates, and ``mailer intros drop ID`` ends
one, with what was queued for it."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from mailer.cli import cli
from mailer.planning.digest_context import digest_context
from mailer.planning.digest_send import render_digest
from tests.conftest import ALICE
from tests.intros.world import JORDI, World

SUNDAY = datetime(2026, 11, 29, 18, 0, tzinfo=ZoneInfo("Europe/Madrid"))


def _cli(world: World, *arguments: str):
    return CliRunner().invoke(cli, ["--config", str(world.config_path), *arguments])


def test_the_digest_shows_open_and_made_introductions(world: World):
    world.reply(ALICE, world.accepted(), "approve", "send")
    world.send(ALICE, "intro@assistant.localhost",
               "intro: Pau Vidal <pau@example.org> -> Anna Ruiz <anna@example.com>")  # fmt: skip
    digest = world.mailer.digest(ALICE, now=SUNDAY)
    context = digest_context(digest)
    assert context["introductions_made"]["count"] == 1
    [open_one] = context["introductions"]["items"]
    assert (open_one["introduced"], open_one["introduced_to"], open_one["stage"]) == (
        "Pau Vidal",
        "Anna Ruiz",
        "drafted",
    )
    rendered = render_digest(world.mailer.config, digest)
    text = rendered.text
    jordis = _cli(world, "intros", "list", "--json", "--contact", JORDI).output
    assert [i["stage"] for i in json.loads(jordis)] == ["sent"]  # his history: one made
    assert "1 introduction made this month: it counts as given." in text
    assert "- You gave: an introduction of Marta Soler to Jordi Vila" in text
    assert "- Introduction: Pau Vidal to Anna Ruiz [the ask waits for your approval, since" in text
    assert "Promise (introduction)" not in text  # the promise is the introduction now
    assert "an introduction of Marta Soler to Jordi Vila" in rendered.html


def test_list_and_drop(world: World):
    world.reply(ALICE, world.drafted(), "approve", "send")  # the ask is queued...
    world.tick(at=datetime(2026, 11, 23, 22, 0, tzinfo=ZoneInfo("Europe/Madrid")))  # ...at night
    table = _cli(world, "intros", "list")
    assert table.exit_code == 0 and "Marta Soler" in table.output and "asked" in table.output
    [intro] = world.intros()
    dropped = _cli(world, "intros", "drop", str(intro["id"]))
    assert dropped.exit_code == 0, dropped.output
    assert dropped.output.strip() == (
        f"Introduction {intro['id']} (Marta Soler to Jordi Vila) dropped."
    )
    [intro] = world.intros()
    assert intro["stage"] == "dropped" and intro["stages"][-1]["stage"] == "dropped"
    assert [m["status"] for m in intro["messages"] if m["template"] == "intro_ask"] == ["cancelled"]
    world.tick(after=timedelta(days=1))
    assert world.to(JORDI) == []  # dropped before the window opened: the ask never left
    again = _cli(world, "intros", "drop", str(intro["id"]))
    assert again.exit_code == 2 and "is dropped" in again.output
    assert _cli(world, "intros", "drop", "999").exit_code == 2
