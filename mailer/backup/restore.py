"""Restore a backup into an empty folder: check it whole first, then copy, then migrate.

The restored config is the backed-up one with its data paths pointing into the new folder
(:mod:`mailer.backup.config_paths`). A SQLite database becomes ``var/mailer.db`` there; a
PostgreSQL dump goes into the database the backup came from, or the one named instead, and
only when that holds no tables of the schema yet.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from mailer.backup import databases
from mailer.backup.config_paths import restored_paths, set_values
from mailer.backup.errors import BackupError
from mailer.backup.manifest import Manifest
from mailer.config import ConfigError, load_config
from mailer.service import prepare

SQLITE_FILE = "var/mailer.db"


def _empty_target(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} is not empty; restore into a new or empty folder")


def _private_copy(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, destination)
    os.chmod(destination, 0o600)


def restore_backup(source: Path, target: Path, database_url: str | None = None) -> Path:
    """Restore the backup in ``source`` into ``target``; the restored config's path."""
    _empty_target(target)
    manifest = Manifest.read(source)
    manifest.verify(source)
    try:
        backed_up = load_config(source / manifest.config)
    except ConfigError as exc:
        raise BackupError(f"the backed-up config does not load: {exc}") from None
    db = manifest.database
    if db["backend"] == "sqlite":
        url = database_url or f"sqlite:///{SQLITE_FILE}"
        if databases.backend(url) != "sqlite":
            raise BackupError("a SQLite backup restores into SQLite: leave out --database-url")
    else:
        url = database_url or backed_up.database.url
        if databases.backend(url) != "postgresql":
            raise BackupError("a PostgreSQL backup restores into PostgreSQL (--database-url)")
    changes = restored_paths(
        backed_up,
        Path(manifest.origin),
        url,
        dkim=bool(manifest.dkim_key_file),
        templates=bool(manifest.templates),
    )
    text = (source / manifest.config).read_text(encoding="utf-8")
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    config_path = target / "config.toml"
    config_path.write_text(set_values(text, changes), encoding="utf-8")
    os.chmod(config_path, 0o600)
    config = load_config(config_path)
    if db["backend"] == "sqlite":
        destination = databases.sqlite_path(config.database_url)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / db["file"], destination)
    else:
        databases.restore_postgresql(config.database_url, source / db["file"], db["schema"])
    if (source / "spool").is_dir():
        shutil.copytree(source / "spool", config.spool_dir)
    if manifest.photos:
        shutil.copytree(source / manifest.photos, config.photos_dir)
    if manifest.secret_file:
        _private_copy(source / manifest.secret_file, config.secret_path)
    if manifest.dkim_key_file:
        _private_copy(
            source / manifest.dkim_key_file, config.resolve(config.outbound.dkim_key_file)
        )
    if manifest.templates:
        shutil.copytree(source / manifest.templates, config.resolve(config.outbound.templates))
    engine, _ = prepare(config)  # migrates a backup of an older version, mirrors the users
    engine.dispose()
    return config_path
