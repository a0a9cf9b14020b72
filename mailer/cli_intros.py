"""``mailer intros``: introductions, each with its stage (drafted, asked, accepted, declined,
sent, met, dropped; owed for one promised to you) and the dates of each."""

from __future__ import annotations

import click

from mailer.cli_support import (
    EXIT_USAGE,
    Problem,
    State,
    json_option,
    pass_state,
    show,
    table,
    user_option,
)


def _who(person: dict) -> str:
    return person["name"] or person["email"] or "?"


@click.group()
def intros() -> None:
    """Introductions: asked, accepted, made, and followed to the meeting."""


@intros.command("list")
@click.option("--contact", metavar="EMAIL", default=None, help="Only this person's.")
@user_option
@json_option
@pass_state
def intros_list(state: State, contact: str | None, user: str | None, as_json: bool) -> None:
    """List introductions, oldest first, with each stage's date."""
    show(
        state.mailer.intros(user, contact=contact),
        as_json,
        table(
            "Introductions",
            ["ID", "Who", "To", "Stage", "Since", "Ended"],
            lambda i: [
                i["id"],
                _who(i["introduced"]),
                _who(i["introduced_to"]),
                i["stage"],
                (i["stages"][-1]["at"] or "")[:10] if i["stages"] else "",
                i["ended"],
            ],
        ),
    )


@intros.command("drop")
@click.argument("intro_id", metavar="ID", type=int)
@user_option
@pass_state
def intros_drop(state: State, intro_id: int, user: str | None) -> None:
    """End introduction ID (not made yet): nothing queued for it is sent."""
    from mailer.intros.stages import IntroductionError

    try:
        intro = state.mailer.drop_intro(intro_id, user=user)
    except IntroductionError as exc:
        raise Problem(str(exc), EXIT_USAGE) from None
    click.echo(
        f"Introduction {intro_id} ({_who(intro['introduced'])} to "
        f"{_who(intro['introduced_to'])}) dropped."
    )
