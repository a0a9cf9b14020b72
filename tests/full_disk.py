"""A full disk, injected at the database layer: a trigger on ``meetings`` makes every insert
fail as a full disk does (PostgreSQL's ``disk_full``; on SQLite, an error SQLite raises as
``OperationalError`` too), until it is dropped."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from mailer.config import Config

SQLITE_BREAK = (
    "CREATE TRIGGER full_disk BEFORE INSERT ON meetings BEGIN SELECT disk_is_full(); END",
)
POSTGRES_BREAK = (
    "CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' "
    "USING ERRCODE = 'disk_full'; END $$",
    "CREATE TRIGGER full_disk BEFORE INSERT ON meetings FOR EACH ROW EXECUTE FUNCTION full_disk()",
)


def _run(config: Config, statements: tuple[str, ...]) -> None:
    engine = create_engine(config.database_url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def break_the_disk(config: Config) -> None:
    postgres = config.database_url.startswith("postgresql")
    _run(config, POSTGRES_BREAK if postgres else SQLITE_BREAK)


def mend_the_disk(config: Config) -> None:
    postgres = config.database_url.startswith("postgresql")
    _run(config, ("DROP TRIGGER full_disk ON meetings" if postgres else "DROP TRIGGER full_disk",))
