"""Engines, sessions and migrations.

SQLite is the default and runs in WAL mode with foreign keys on, so readers (the CLI) never block
the server's writes; PostgreSQL is reached through ``postgresql+psycopg://``. The schema is owned
by Alembic; ``upgrade`` applies it and is called by ``mailer init``, ``mailer serve`` and
``mailer db upgrade``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import CursorResult, Result, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from mailer.clock import Clock, system_clock
from mailer.log import first_met
from mailer.models import CLOCK_OPTION

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseUnavailable(Exception):
    """The database cannot be reached or is locked; the message says which and what to check."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _postgresql_lock_timeout(seconds: float) -> Any:
    """A connect hook: a statement waiting longer than ``seconds`` for a lock fails instead of
    hanging, so an SMTP delivery hears 451 (try later) rather than nothing until it times out."""

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {int(seconds * 1000)}")
        dbapi_connection.commit()  # a SET in a rolled-back transaction would be undone

    return on_connect


def create_db_engine(url: str, *, busy_timeout_seconds: float = 5, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite files get WAL, foreign keys and a busy time-out, and
    PostgreSQL the same time-out as its lock_timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {}).setdefault("timeout", busy_timeout_seconds)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, **kwargs)
    if parsed.get_backend_name() == "postgresql":
        event.listen(engine, "connect", _postgresql_lock_timeout(busy_timeout_seconds))
    return engine


def session_factory(engine: Engine, clock: Clock = system_clock) -> sessionmaker[Session]:
    """Sessions that read the time from ``clock`` (row timestamps included, so that a pinned
    clock pins every ``created_at`` too) and keep each contact's first done meeting right as they
    write (see :mod:`mailer.log.first_met`)."""
    bound = engine.execution_options(**{CLOCK_OPTION: clock})
    factory = sessionmaker(bound, expire_on_commit=False, info={"clock": clock})
    first_met.track(factory)
    return factory


def with_clock(factory: sessionmaker[Session], clock: Clock) -> sessionmaker[Session]:
    """Sessions on the same database as ``factory``'s, reading the time from ``clock`` (a
    replay "as of" another time)."""
    return session_factory(factory.kw["bind"], clock)


def clock_of(source: Session | sessionmaker[Session]) -> Clock:
    """The clock a session, or the factory that makes them, was opened with."""
    info = source.info if isinstance(source, Session) else source.kw.get("info", {})
    clock: Clock = info.get("clock", system_clock)
    return clock


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work is committed on success and rolled back on any error."""
    with factory() as session, session.begin():
        yield session


def insert_for(session: Session) -> Callable[..., Any]:
    """The dialect's INSERT, whose ``on_conflict_do_nothing``/``_do_update`` make inserts that
    another process may race with safe (both SQLite and PostgreSQL have them)."""
    return insert_of(session.get_bind().dialect.name)


def insert_of(dialect: str) -> Callable[..., Any]:
    """:func:`insert_for` by the dialect's name (for a statement built once per dialect)."""
    return pg_insert if dialect == "postgresql" else sqlite_insert


def rows_changed(result: Result[Any]) -> int:
    """How many rows an INSERT, UPDATE or DELETE run by ``Session.execute`` touched.

    ``Session.execute`` is typed to return a plain ``Result``; for those statements it is a
    ``CursorResult``, the kind that counts rows, and anything else is a mistake to hear about.
    """
    if not isinstance(result, CursorResult):
        raise TypeError(f"a {type(result).__name__} counts no rows: use it for DML only")
    return result.rowcount


def alembic_config(engine: Engine) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; safe to call on every start."""
    try:
        command.upgrade(alembic_config(engine), revision)
    except OperationalError as exc:
        raise DatabaseUnavailable(
            f"cannot migrate the database at {engine.url.render_as_string(hide_password=True)}: "
            f"{exc.orig}. Check [database] url in the config and that the server is running."
        ) from None


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
