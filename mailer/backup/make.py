"""Make a backup: the database snapshot first, then the spool, the photos, the keys, the
config, the templates; the manifest last."""

from __future__ import annotations

import os
import shutil
from importlib.metadata import version
from pathlib import Path

from mailer.backup import databases
from mailer.backup.errors import BackupError
from mailer.backup.manifest import Manifest
from mailer.clock import Clock, system_clock
from mailer.config import Config


def _empty_folder(folder: Path) -> None:
    """``folder`` created (mode 700: it holds keys) or found empty; never mixed with old files."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BackupError(f"{folder} is not an empty folder; back up into a new one")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot create {folder}: {exc.strerror}") from None


def _copy_private(source: Path, destination: Path) -> None:
    destination.write_bytes(source.read_bytes())
    os.chmod(destination, 0o600)


def _unfinished(_folder: str, names: list[str]) -> list[str]:
    """A photo being written while the backup runs (``.name.tmp``) is not one yet."""
    return [name for name in names if name.startswith(".") and name.endswith(".tmp")]


def make_backup(config: Config, folder: Path, clock: Clock = system_clock) -> Manifest:
    """Copy everything ``config`` keeps into the new or empty ``folder``."""
    _empty_folder(folder)
    url = config.database_url
    database = {"backend": databases.backend(url)}
    try:
        if database["backend"] == "sqlite":
            database["file"] = "database.sqlite"
            revision = databases.copy_sqlite(databases.sqlite_path(url), folder / database["file"])
        elif database["backend"] == "postgresql":
            database["file"] = "database.pgdump"
            database["schema"] = databases.schema_of(url)
            revision = databases.dump_postgresql(url, folder / database["file"])
        else:
            raise BackupError(f"cannot back up a {database['backend']} database")
        database["revision"] = revision
        manifest = Manifest(clock().isoformat(), version("mailer"), database, str(config.path))
        manifest.add(folder, folder / database["file"])
        if config.spool_dir.is_dir():
            shutil.copytree(config.spool_dir, folder / "spool")
            manifest.add_tree(folder, folder / "spool")
        if config.photos_dir.is_dir():  # after the database: a photo it names is there already
            manifest.photos = "photos"
            shutil.copytree(config.photos_dir, folder / manifest.photos, ignore=_unfinished)
            manifest.add_tree(folder, folder / manifest.photos)
        _copy_private(config.path, folder / manifest.config)
        manifest.add(folder, folder / manifest.config)
        if config.secret_path.is_file():
            manifest.secret_file = "secret.key"
            _copy_private(config.secret_path, folder / manifest.secret_file)
            manifest.add(folder, folder / manifest.secret_file)
        if config.outbound.dkim_key_file:
            manifest.dkim_key_file = "dkim.key"
            _copy_private(config.resolve(config.outbound.dkim_key_file), folder / "dkim.key")
            manifest.add(folder, folder / manifest.dkim_key_file)
        if config.outbound.templates:
            manifest.templates = "templates"
            shutil.copytree(config.resolve(config.outbound.templates), folder / "templates")
            manifest.add_tree(folder, folder / "templates")
    except OSError as exc:
        raise BackupError(f"cannot copy {exc.filename}: {exc.strerror}") from None
    manifest.write(folder)
    return manifest
