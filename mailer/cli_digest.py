"""``mailer digest`` (the weekly digest, rendered without sending) and ``mailer stats``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mailer.cli_support import (
    State,
    json_option,
    now_option,
    parse_now,
    pass_state,
    user_option,
)
from mailer.outbound.templating import upper_first

LEVEL_STYLES = ("grey30", "yellow3", "dark_goldenrod", "orange4", "bold orange3")
STATE_STYLES = {
    "done": "green",
    "cancelled": "grey50",
    "no-show": "red",
    "to-confirm": "yellow",
    "planned": "cyan",
    "overdue": "red",
    "due": "yellow",
    "soon": "cyan",
}


@click.command()
@user_option
@now_option
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the HTML email to FILE (open it in a browser).",
)
@click.option("--text", "as_text", is_flag=True, help="Print the plain-text part instead.")
@pass_state
def digest(
    state: State, user: str | None, now: str | None, html_path: Path | None, as_text: bool
) -> None:
    """Show this week's digest without sending it (email digest@ to get it by mail)."""
    from mailer.planning.digest_context import digest_context
    from mailer.planning.digest_send import digest_phrases, render_digest

    config = state.mailer.config
    result = state.mailer.digest(user, now=parse_now(now))
    rendered = render_digest(config, result)
    if html_path is not None:
        html_path.write_text(rendered.html, encoding="utf-8")
        click.echo(f"Wrote {html_path} ({rendered.subject}).", err=True)
    if as_text:
        click.echo(rendered.text, nl=False)
    elif html_path is None:
        show_digest(Console(), digest_context(result), digest_phrases(config, result))


def show_digest(console: Console, context: dict[str, Any], words: Any) -> None:
    """The digest in a terminal: the same sections as the email, in its words and language,
    drawn with rich."""
    console.print(Panel(Text(words.subject(), style="bold")))
    if context["welcome"]:
        console.print(words.welcome_intro())
        for n in (1, 2, 3):
            console.print(f"  {n}. [bold]{words.step_title(n)}[/]. {words.step(n)}")
    else:
        console.print(" · ".join((words.streak_line(), words.month_line(), words.year_line())))
        for name in ("this_week", "next_week"):
            table = Table(
                title=words.section(name), title_justify="left", show_header=False, box=None
            )
            for m in context[name]:
                table.add_row(
                    words.when(m), words.meeting(m), _styled(m["status"], words.status(m["status"]))
                )
            console.print(table if context[name] else Text(words.nothing(name), style="dim"))
    if context["suggestions"]:
        table = Table(
            title=words.section("invite"), title_justify="left", show_header=False, box=None
        )
        for s in context["suggestions"]:
            who = Text(s["name"], style="bold" if s["pick"] else "")
            table.add_row(str(s["number"]), who, words.reason(s["reason"]))
        console.print(table)
    grid = Text()
    for week, row in zip(context["grid_weeks"], context["grid"], strict=True):
        grid.append(f"{words.grid_label(week):<10}", style="dim")
        for cell in row:
            mark = "■" if not cell["current"] else "▣"
            grid.append(f" {mark}", style=LEVEL_STYLES[cell["level"]])
        grid.append("\n")
    console.print(Panel(grid, title=words.section("year"), expand=False))
    _show_due(console, context, words)
    if context["post"]:
        console.print(
            Text(f"{words.section('post')} {words.post_text(context['post'])}", style="italic")
        )


def _styled(state: str, label: str) -> Text:
    return Text(label, style=STATE_STYLES.get(state, ""))


def _show_due(console: Console, context: dict[str, Any], words: Any) -> None:
    rows: list[tuple[str, str, Text]] = []
    for f in context["followups"]["items"]:
        what = f"{words.followup(f)} ({words.due_on(f)})"
        rows.append(
            (words.section("followups"), what, _styled(f["state"], words.followup_label(f)))
        )
    for c in context["cadences"]["items"]:
        what = f"{c['name']}: {words.cadence_detail(c)}"
        rows.append((words.section("cadences"), what, _styled(c["state"], words.cadence_label(c))))
    for p in context["promises"]["items"]:
        what = p["text"] + (f" ({p['who']})" if p["who"] else "")
        rows.append((upper_first(words.promise_kind(p)), what, Text("")))
    for i in context["invitations"]["items"]:
        rows.append((words.section("invitations"), words.no_answer(i), Text("")))
    if rows:
        table = Table(title=words.section("due"), title_justify="left", show_header=False, box=None)
        for row in rows:
            table.add_row(*row)
        console.print(Group(table))


@click.command()
@user_option
@now_option
@json_option
@pass_state
def stats(state: State, user: str | None, now: str | None, as_json: bool) -> None:
    """Meetings per month, streaks, people met and follow-ups kept."""
    result = state.mailer.stats(user, now=parse_now(now))
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    console = Console()
    streak, people, kept = result["streak"], result["people"], result["followups"]
    console.print(
        f"[bold]{result['meetings_done']}[/] meetings done · streak [bold]{streak['current']}[/]"
        f" weeks (longest {streak['longest']}) · [bold]{people['met']}[/] people met "
        f"({people['new_this_year']} new and {people['again_this_year']} again this year)"
    )
    console.print(
        f"Follow-ups and promises: {kept['done']} done, {kept['open']} open "
        f"({kept['overdue']} overdue), {kept['cancelled']} cancelled"
    )
    table = Table(title="Meetings per month (last 24)", title_justify="left")
    table.add_column("Month")
    table.add_column("Meetings", justify="right")
    table.add_column("")
    months = result["meetings_per_month"][-24:]
    top = max((m["meetings"] for m in months), default=0) or 1
    for month in months:
        bar = "█" * max(0, round(20 * month["meetings"] / top))
        table.add_row(month["month"], str(month["meetings"]), Text(bar, style="dark_goldenrod"))
    console.print(table)


COMMANDS = (digest, stats)
