"""``mailer photos export DIR [--year 2026]`` (see mailer/photos/)."""

from __future__ import annotations

from pathlib import Path

import click

from mailer.cli_support import Problem, State, pass_state, user_option
from mailer.photos.export import ExportError


@click.group()
def photos() -> None:
    """Photos kept with your meetings."""


@photos.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--year", type=click.IntRange(1970, 9999), default=None, help="Only this year's.")
@user_option
@pass_state
def photos_export(state: State, folder: Path, year: int | None, user: str | None) -> None:
    """Write the photos (at most 1600 px) into FOLDER as "2026-03-12 coffee with Marta.jpg",
    each with its post's caption in the JPEG comment."""
    try:
        written = state.mailer.export_photos(folder, year=year, user=user)
    except ExportError as exc:
        raise Problem(str(exc)) from None
    what = f"{len(written)} photo{'s' if len(written) != 1 else ''}"
    click.echo(f"Wrote {what} into {folder}" + (f" (meetings of {year})." if year else "."))
