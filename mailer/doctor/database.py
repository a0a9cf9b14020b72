"""The database: reachable, and at the schema this version of mailer expects.

The doctor only looks: it never creates a SQLite file nor migrates (``mailer db upgrade`` does).
"""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from mailer.config import Config
from mailer.db import alembic_config, create_db_engine, current_revision
from mailer.doctor.findings import Finding, fail, ok

CONNECT_TIMEOUT_SECONDS = 5


def open_engine(config: Config) -> tuple[Engine | None, Finding | None]:
    """An engine on the configured database, or the finding that says why there is none."""
    url = make_url(config.database_url)
    shown = url.render_as_string(hide_password=True)
    kwargs: dict[str, object] = {}
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:" and not Path(url.database).exists():
            return None, fail(
                "database",
                f"no database at {url.database}",
                "run `mailer init` (or `mailer db upgrade`), or restore one (`mailer restore`)",
            )
    elif url.get_backend_name() == "postgresql":
        kwargs["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    engine = create_db_engine(
        config.database_url, busy_timeout_seconds=config.database.busy_timeout_seconds, **kwargs
    )
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return None, fail(
            "database",
            f"cannot connect to {shown}: {reason}",
            "check [database] url, that the server runs and that this user may log in",
        )
    return engine, None


def migrated(engine: Engine) -> Finding:
    scripts = ScriptDirectory.from_config(alembic_config(engine))
    head = scripts.get_current_head()
    current = current_revision(engine)
    shown = engine.url.render_as_string(hide_password=True)
    if current == head:
        return ok("database", f"{shown} is reachable and at revision {head}")
    if current is None:
        return fail("database", f"{shown} has no schema yet", "run `mailer db upgrade`")
    known = {script.revision for script in scripts.walk_revisions()}
    if current in known:
        return fail(
            "database",
            f"{shown} is at revision {current}; this version of mailer needs {head}",
            "run `mailer db upgrade` (`mailer serve` does it when it starts)",
        )
    return fail(
        "database",
        f"{shown} is at revision {current}, which this version of mailer does not know",
        "a newer mailer wrote it: run that version, or restore a backup made with this one",
    )
