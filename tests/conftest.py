"""Shared fixtures: real SQLite files, the real PostgreSQL, and the real SMTP server.

Every test that touches the database runs once on SQLite and, when ``MAILER_TEST_POSTGRES_URL``
is set, once more on PostgreSQL in a schema of its own. With the variable set, an unreachable
PostgreSQL is an error, never a skip.
"""

from __future__ import annotations

import asyncio
import os
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from mailer.api import Mailer
from mailer.clock import Clock, PinnedClock, system_clock
from mailer.config import Config, load_config
from mailer.service import Service

POSTGRES_ENV = "MAILER_TEST_POSTGRES_URL"
FIXTURES = Path(__file__).parent / "fixtures"
SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

ALICE = "alice@example.com"
BOB = "bob@example.org"


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return f"PostgreSQL tests: on ({make_url(url).render_as_string(hide_password=True)})"
    return f"PostgreSQL tests: skipped ({POSTGRES_ENV} is not set)"


def _backends() -> list[object]:
    return [
        "sqlite",
        pytest.param(
            "postgres",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(
                    not os.environ.get(POSTGRES_ENV),
                    reason=f"PostgreSQL tests skipped: set {POSTGRES_ENV} to run them",
                ),
            ],
        ),
    ]


CATALOGS = "pg_class, pg_attribute, pg_depend, pg_type, pg_index, pg_constraint, pg_namespace"


@pytest.fixture(scope="session", autouse=True)
def _vacuum_postgres_catalogs() -> Iterator[None]:
    """Each PostgreSQL test makes and drops a schema, leaving dead rows in the system catalogs.
    Autovacuum clears them; where it is off (as on some CI machines), every run would make the
    next one slower (half a million dead rows were found after a day of runs), so the session
    vacuums them when it ends."""
    yield
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        return
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            if connection.exec_driver_sql("SHOW autovacuum").scalar() == "off":
                connection.exec_driver_sql(f"VACUUM {CATALOGS}")
    except Exception as exc:  # not allowed to: a slower next run, not a failure of this one
        print(f"could not vacuum PostgreSQL's catalogs: {exc}")
    finally:
        engine.dispose()


@pytest.fixture(params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'mailer.db'}"
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests skipped: set {POSTGRES_ENV} to run them")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:  # fails loudly when PostgreSQL is unreachable
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def write_config(directory: Path, database_url: str, extra: str = "", language: str = "en") -> Path:
    path = directory / "config.toml"
    path.write_text(
        f"""
[database]
url = "{database_url}"

[inbound]
host = "127.0.0.1"
port = 8025
domain = "assistant.localhost"
max_message_bytes = 200000

[[users]]
email = "{ALICE}"
also = ["alice.work@example.net"]
name = "Alice Martín"
language = "{language}"
timezone = "Europe/Madrid"

[[users]]
email = "{BOB}"
name = "Bob Stone"
timezone = "America/New_York"
{extra}
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def alice_language() -> str:
    """The language Alice reads her mail in: parametrize it to have her read another."""
    return "en"


@pytest.fixture
def config_path(tmp_path: Path, database_url: str, alice_language: str) -> Path:
    return write_config(tmp_path, database_url, language=alice_language)


@pytest.fixture
def config(config_path: Path) -> Config:
    return load_config(config_path)


PINNED_NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
"""Where each test's clock stands unless the test moves it: a Monday morning in Madrid, before
the fixtures' meetings (late November and December 2026). No test reads the wall clock."""


@pytest.fixture
def clock() -> PinnedClock:
    """The test's clock: ``clock.set(...)`` or ``clock.advance(...)`` to move it."""
    return PinnedClock(PINNED_NOW)


@pytest.fixture
def mailer(config: Config, clock: PinnedClock) -> Iterator[Mailer]:
    instance = Mailer(config, clock=clock)
    yield instance
    instance.engine.dispose()


class RunningService:
    """A :class:`Service` on a loopback port, in a thread with its own event loop."""

    def __init__(self, config: Config, clock: Clock = system_clock, **options: Any) -> None:
        """``options``: more :class:`Service` fields (``sender_dns``...)."""
        self.service = Service(config, port=0, clock=clock, **options)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.host, self.port = self._call(self.service.start())

    def _call(self, coroutine):  # type: ignore[no-untyped-def]
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=60)

    def drain(self) -> None:
        self._call(self.service.drain())

    def stop(self) -> None:
        self._call(self.service.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


@pytest.fixture
def server(config: Config) -> Iterator[RunningService]:
    running = RunningService(config)
    yield running
    running.stop()


def corpus_file(relative: str) -> Path:
    """A corpus file: our permissive copy in tests/fixtures, else the shared corpus in place
    (AGPL and GPL files are only there), else a skip saying the corpus is absent."""
    if (FIXTURES / relative).exists():
        return FIXTURES / relative
    path = SHARED_CORPUS / relative
    if not path.exists():
        pytest.skip(f"{SHARED_CORPUS} is absent: this check reads the shared corpus in place")
    return path
