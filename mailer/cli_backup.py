"""``mailer backup DIR`` and ``mailer restore DIR TARGET`` (see mailer/backup/)."""

from __future__ import annotations

from pathlib import Path

import click

from mailer.backup import BackupError, make_backup, restore_backup
from mailer.cli_support import Problem, State, pass_state
from mailer.config import load_config


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@pass_state
def backup(state: State, folder: Path) -> None:
    """Copy the database, spool, config and keys into the new folder FOLDER (safe while
    `mailer serve` runs)."""
    try:
        manifest = make_backup(load_config(state.config_path), folder, state.clock)
    except BackupError as exc:
        raise Problem(str(exc)) from None
    size = sum(f["size"] for f in manifest.files.values())
    click.echo(
        f"Backed up {len(manifest.files)} files ({size:,} bytes, database at revision "
        f"{manifest.database['revision']}) into {folder}; keep it somewhere else too."
    )


@click.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--database-url",
    metavar="URL",
    help="PostgreSQL: the (empty) database to restore into (default: the one backed up).",
)
def restore(folder: Path, target: Path, database_url: str | None) -> None:
    """Restore the backup in FOLDER into the new or empty folder TARGET."""
    try:
        config_path = restore_backup(folder, target, database_url)
    except BackupError as exc:
        raise Problem(str(exc)) from None
    click.echo(f"Restored into {target}; run it with `mailer --config {config_path} serve`.")
