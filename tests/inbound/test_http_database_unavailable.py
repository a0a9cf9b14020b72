"""The database failing under the HTTP endpoint: feeds and unsubscribes answer 503 (the caller
tries again later) and nothing is half done; once it is back, the same requests succeed."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from mailer.api import Mailer
from mailer.clock import PinnedClock
from tests.inbound.web_links import anna_opted_out, served_note

ONE_CLICK = b"List-Unsubscribe=One-Click"


@contextmanager
def _table_missing(mailer: Mailer, table: str) -> Iterator[None]:
    """Every query of ``table`` fails while inside, as on a broken or half-restored database."""
    with mailer.engine.begin() as connection:
        connection.execute(text(f"ALTER TABLE {table} RENAME TO {table}_away"))
    try:
        yield
    finally:
        with mailer.engine.begin() as connection:
            connection.execute(text(f"ALTER TABLE {table}_away RENAME TO {table}"))


def _status(url: str, data: bytes | None = None) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, data=data, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_feeds_and_unsubscribes_answer_503_until_the_database_is_back(
    tmp_path: Path, database_url: str, clock: PinnedClock
):
    with served_note(tmp_path, database_url, clock) as served:
        with _table_missing(served.mailer, "calendar_feeds"):
            status, page = _status(served.feed)
            assert status == 503 and b"Try again in a few minutes" in page
        assert _status(served.feed)[0] == 200
        with _table_missing(served.mailer, "outbox_messages"):
            assert _status(served.link, ONE_CLICK)[0] == 503
        assert not anna_opted_out(served.mailer)
        assert _status(served.link, ONE_CLICK)[0] == 200
        assert anna_opted_out(served.mailer)
