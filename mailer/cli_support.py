"""What every command shares: the state, the error type, the output helpers."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from mailer.api import Mailer, UnknownUser
from mailer.clock import clock_at
from mailer.config import ConfigError, load_config
from mailer.db import DatabaseUnavailable

EXIT_USAGE = 2


class Problem(click.ClickException):
    """A known problem, shown as ``Error: ...`` with its exit status."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # stub: a ClassVar; click reads ours


class MailerGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ConfigError, UnknownUser) as exc:
            raise Problem(str(exc), EXIT_USAGE) from None
        except DatabaseUnavailable as exc:
            raise Problem(str(exc)) from None


class State:
    """Per-invocation state: the config path, and the Mailer opened on first use."""

    def __init__(self, config_path: Path, now: datetime | None = None) -> None:
        self.config_path = config_path
        self.clock = clock_at(now)
        """``mailer --now TIME ...``: every command as if it were that time."""
        self._mailer: Mailer | None = None

    @property
    def mailer(self) -> Mailer:
        if self._mailer is None:
            self._mailer = Mailer(load_config(self.config_path), clock=self.clock)
        return self._mailer


pass_state = click.make_pass_decorator(State)
json_option = click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
user_option = click.option(
    "--user", "user", metavar="EMAIL", help="Whose log (default: the first configured user)."
)


def show(rows: list[dict[str, Any]], as_json: bool, table: Callable[[list[dict]], Table]) -> None:
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        Console().print(table(rows))


def table(title: str, columns: Sequence[str], cells: Callable[[dict], Sequence[Any]]) -> Callable:
    def build(rows: list[dict]) -> Table:
        table = Table(title=title)
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in cells(row)))
        return table

    return build


now_option = click.option(
    "--now", "now", metavar="ISO-TIME", help="As if it were this time (with its offset)."
)


def parse_now(value: str | None) -> datetime | None:
    """``--now`` as an aware datetime; a time without an offset is refused, never guessed."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        message = f"--now {value!r} is not an ISO time like 2026-12-20T18:00+01:00"
        raise Problem(message, EXIT_USAGE) from None
    if moment.tzinfo is None:
        raise Problem(
            "--now needs an offset, e.g. 2026-12-20T18:00+01:00 (no guessing)", EXIT_USAGE
        )
    return moment
