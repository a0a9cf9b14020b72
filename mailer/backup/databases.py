"""Copying the database out and back: SQLite's online backup API, ``pg_dump``/``pg_restore``.

Both take a consistent snapshot while ``mailer serve`` writes (never ``cp`` a live WAL database:
the WAL file holds what the main file does not yet). PostgreSQL's password goes to the client
programs in ``PGPASSWORD``, never on their command line, where ``ps`` would show it.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from mailer.backup.errors import BackupError
from mailer.db import create_db_engine, current_revision

SEARCH_PATH = re.compile(r"-c\s*search_path\s*=\s*([^\s,]+)")


def backend(url: str) -> str:
    return make_url(url).get_backend_name()


def sqlite_path(url: str) -> Path:
    return Path(make_url(url).database or "")


def copy_sqlite(source: Path, destination: Path) -> str:
    """A consistent copy of the live database ``source``; the copy's schema revision."""
    if not source.is_file():
        raise BackupError(f"no database at {source}: nothing to back up")
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    copy = sqlite3.connect(destination)
    try:
        origin.backup(copy)
        row = copy.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise BackupError(f"cannot copy the database {source}: {exc}") from None
    finally:
        copy.close()
        origin.close()
    return row[0] if row else ""


def schema_of(url: str) -> str:
    """The schema a PostgreSQL URL works in: its ``options=-csearch_path=...``, else public."""
    found = SEARCH_PATH.search(make_url(url).query.get("options", "") or "")  # type: ignore[arg-type]
    return found.group(1) if found else "public"


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection URI for the client programs, and the environment holding the password."""
    parsed: URL = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    uri = parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, env


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed; it comes with PostgreSQL's client "
            "(apt-get install postgresql-client), of the server's version or newer"
        )
    return found


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{what} failed: {done.stderr.strip() or done.returncode}")


def dump_postgresql(url: str, destination: Path) -> str:
    """``pg_dump`` of the schema the URL works in (custom format); the schema's revision."""
    engine = create_db_engine(url)
    try:
        revision = current_revision(engine) or ""
    finally:
        engine.dispose()
    uri, env = _libpq(url)
    command = [_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    command += ["--schema", schema_of(url), "--file", str(destination), "--dbname", uri]
    _run(command, env, "pg_dump")
    return revision


def restore_postgresql(url: str, dump: Path, schema: str) -> None:
    """``pg_restore`` into the database of ``url``, which must not hold ``schema``'s tables."""
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            tables = connection.execute(
                text("SELECT count(*) FROM information_schema.tables WHERE table_schema = :s"),
                {"s": schema},
            ).scalar_one()
    except Exception as exc:
        raise BackupError(f"cannot connect to {make_url(url).render_as_string()}: {exc}") from None
    finally:
        engine.dispose()
    if tables:
        raise BackupError(
            f"schema {schema} of {make_url(url).render_as_string()} already holds {tables} "
            "tables; restore into an empty database (--database-url)"
        )
    uri, env = _libpq(url)
    command = [_program("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
    _run([*command, "--dbname", uri, str(dump)], env, "pg_restore")
