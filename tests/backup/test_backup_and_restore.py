"""A backup made while `mailer serve` runs, restored into an empty folder, shows the same log
(SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import smtplib
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from mailer.cli import cli
from mailer.clock import PinnedClock
from mailer.config import load_config
from mailer.db import alembic_config, create_db_engine, current_revision, upgrade
from tests.conftest import ALICE, POSTGRES_ENV, RunningService, write_config
from tests.messages import invite_message


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def restore_url(database_url: str) -> Iterator[str | None]:
    """Where to restore: nothing to name for SQLite (the target folder holds it); for
    PostgreSQL a new database of the test's own, with the backed-up schema's search path."""
    if not database_url.startswith("postgresql"):
        yield None
        return
    name = f"r_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(database_url).set(query={}), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_restored_log_is_the_same(
    tmp_path: Path, config_path: Path, clock: PinnedClock, restore_url: str | None
):
    running = RunningService(load_config(config_path), clock)
    try:
        with smtplib.SMTP(running.host, running.port) as client:
            client.sendmail(ALICE, ["invites@assistant.localhost"], invite_message())
        running.drain()
        before = _cli("--config", str(config_path), "meetings", "list", "--json")
        contacts = _cli("--config", str(config_path), "contacts", "list", "--json")
        _cli("--config", str(config_path), "backup", str(tmp_path / "backup"))  # while it runs
    finally:
        running.stop()
    assert json.loads(before)[0]["title"] == "Coffee with Anna"

    target = tmp_path / "restored"
    restore = ["restore", str(tmp_path / "backup"), str(target)]
    _cli(*restore, *(["--database-url", restore_url] if restore_url else []))
    restored = target / "config.toml"
    assert _cli("--config", str(restored), "meetings", "list", "--json") == before
    assert _cli("--config", str(restored), "contacts", "list", "--json") == contacts

    config, original = load_config(restored), load_config(config_path)
    assert config.spool_dir == target / "var" / "spool"
    assert sorted(p.name for p in config.spool_dir.rglob("*.seg")) == sorted(
        p.name for p in original.spool_dir.rglob("*.seg")
    )
    assert config.secret_path.read_bytes() == original.secret_path.read_bytes()
    assert stat.S_IMODE(config.secret_path.stat().st_mode) == 0o600
    if restore_url is None:
        assert config.database_url == f"sqlite:///{target / 'var' / 'mailer.db'}"


def test_the_manifest_lists_sizes_and_checksums(tmp_path: Path, config_path: Path, mailer):  # type: ignore[no-untyped-def]
    mailer.ingest(invite_message(), source="i.eml", envelope_from=ALICE)
    _cli("--config", str(config_path), "backup", str(tmp_path / "b"))
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    names = set(manifest["files"])
    assert {"config.toml"} <= names and manifest["database"]["file"] in names
    assert any(name.startswith("spool/") for name in names)
    assert manifest["database"]["revision"] == current_revision(mailer.engine)
    for name, entry in manifest["files"].items():
        assert (tmp_path / "b" / name).stat().st_size == entry["size"]
        assert len(entry["sha256"]) == 64
    assert stat.S_IMODE((tmp_path / "b").stat().st_mode) == 0o700


def test_a_damaged_backup_restores_nothing(tmp_path: Path, config_path: Path, mailer):  # type: ignore[no-untyped-def]
    mailer.ingest(invite_message(), source="i.eml", envelope_from=ALICE)
    _cli("--config", str(config_path), "backup", str(tmp_path / "b"))
    [segment] = (tmp_path / "b" / "spool").rglob("*.seg")
    data = bytearray(segment.read_bytes())
    data[10] ^= 0xFF
    segment.write_bytes(bytes(data))
    result = CliRunner().invoke(cli, ["restore", str(tmp_path / "b"), str(tmp_path / "t")])
    assert result.exit_code == 1
    assert "does not match its sha256" in result.output
    assert not (tmp_path / "t").exists()


def test_non_empty_folders_are_refused(tmp_path: Path, config_path: Path, mailer):  # type: ignore[no-untyped-def]
    mailer.upgrade()
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "something").write_text("mine")
    result = CliRunner().invoke(cli, ["--config", str(config_path), "backup", str(occupied)])
    assert result.exit_code == 1 and "not an empty folder" in result.output
    _cli("--config", str(config_path), "backup", str(tmp_path / "b"))
    result = CliRunner().invoke(cli, ["restore", str(tmp_path / "b"), str(occupied)])
    assert result.exit_code == 1 and "is not empty" in result.output
    assert sorted(p.name for p in occupied.iterdir()) == ["something"]


def test_a_backup_of_an_older_schema_is_migrated_on_restore(tmp_path: Path):
    (tmp_path / "old").mkdir()
    config_path = write_config(tmp_path / "old", f"sqlite:///{tmp_path / 'old' / 'mailer.db'}")
    engine = create_db_engine(load_config(config_path).database_url)
    upgrade(engine, "0005")
    engine.dispose()
    _cli("--config", str(config_path), "backup", str(tmp_path / "b"))
    assert json.loads((tmp_path / "b" / "manifest.json").read_text())["database"]["revision"] == (
        "0005"
    )
    _cli("restore", str(tmp_path / "b"), str(tmp_path / "t"))
    restored = create_db_engine(load_config(tmp_path / "t" / "config.toml").database_url)
    head = ScriptDirectory.from_config(alembic_config(restored)).get_current_head()
    assert current_revision(restored) == head != "0005"
    restored.dispose()


def test_postgresql_restore_refuses_a_database_that_has_the_tables(
    tmp_path: Path,
    config_path: Path,
    mailer,
    database_url: str,  # type: ignore[no-untyped-def]
):
    if not database_url.startswith("postgresql"):
        pytest.skip(f"PostgreSQL only ({POSTGRES_ENV})")
    mailer.upgrade()
    _cli("--config", str(config_path), "backup", str(tmp_path / "b"))
    result = CliRunner().invoke(cli, ["restore", str(tmp_path / "b"), str(tmp_path / "t")])
    assert result.exit_code == 1 and "already holds" in result.output
