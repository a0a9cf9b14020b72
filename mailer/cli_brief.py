"""``mailer brief``: the brief that would be sent at a moment, printed and never sent."""

from __future__ import annotations

import click

from mailer.cli_support import State, now_option, parse_now, pass_state, user_option


@click.command()
@user_option
@now_option
@click.option("--text", "part", flag_value="text", default=True, help="The plain-text part.")
@click.option("--html", "part", flag_value="html", help="The HTML part (open it in a browser).")
@pass_state
def brief(state: State, user: str | None, now: str | None, part: str) -> None:
    """Print the brief due at --now (default: now) without sending it: its subject, then the
    text or HTML part. Sent or not, the brief due at that moment is shown."""
    from mailer.briefs.render import render_brief

    mailer = state.mailer
    config, _ = mailer.user(user)
    moment = parse_now(now)
    found = mailer.brief(user, now=moment)
    if not found:
        when = (moment or mailer.clock()).astimezone(config.zone).strftime("%Y-%m-%d %H:%M")
        click.echo(f"No brief is due for {config.email} at {when} ({config.timezone}).")
        return
    for number, one in enumerate(found):
        rendered = render_brief(mailer.config, config, one)
        if number:
            click.echo("\n" + "-" * 72 + "\n")
        if part == "html":
            click.echo(rendered.html)
        else:
            click.echo(f"Subject: {rendered.subject}\n")
            click.echo(rendered.text)
