"""Each user's log as an ICS feed at a secret URL: served to calendar apps, revocable at once."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from sqlalchemy import select

from mailer.api import Mailer
from mailer.config import load_config
from mailer.log.calendar_feeds import FeedError
from mailer.models import CalendarFeed
from tests.conftest import ALICE, BOB, RunningService, write_config
from tests.log.sample_log import BOB_SECRET, fill_log
from tests.outbound.sinks import free_port

PUBLIC = "https://mailer.example.org/base"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def served(tmp_path: Path, database_url: str) -> Iterator[tuple[Mailer, str]]:
    """A filled log, and a running `mailer serve` whose HTTP endpoint is at the returned URL."""
    port = free_port()
    extra = f'\n[outbound]\npublic_base_url = "{PUBLIC}/"\n[http]\nport = {port}\n'
    mailer = Mailer(load_config(write_config(tmp_path, database_url, extra)))
    fill_log(mailer)
    running = RunningService(mailer.config)
    try:
        yield mailer, f"http://127.0.0.1:{port}"
    finally:
        running.stop()
        mailer.engine.dispose()


def _local(public_url: str, local: str) -> str:
    assert public_url.startswith(f"{PUBLIC}/calendar/") and public_url.endswith(".ics")
    return public_url.replace(PUBLIC, local)


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _titles(body: bytes) -> set[str]:
    return {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


def test_each_users_url_serves_their_own_log_and_nobody_elses(served):
    mailer, local = served
    alice_url = _local(mailer.feed_url(ALICE, now=NOW).url, local)
    bob_url = _local(mailer.feed_url(BOB, now=NOW).url, local)

    status, headers, body = _get(alice_url)
    assert status == 200
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert body == mailer.export_ics(ALICE)  # the feed is the export
    assert "Coffee with Anna" in _titles(body) and BOB_SECRET not in _titles(body)
    assert _get(bob_url)[2] == mailer.export_ics(BOB)
    assert _titles(_get(bob_url)[2]) == {BOB_SECRET}


def test_revoking_or_rotating_makes_the_old_url_404_at_once(served):
    mailer, local = served
    first = _local(mailer.feed_url(ALICE, now=NOW).url, local)
    assert _get(first)[0] == 200
    second = _local(mailer.feed_url(ALICE, new=True, now=NOW).url, local)
    assert second != first
    assert (_get(first)[0], _get(second)[0]) == (404, 200)
    assert mailer.revoke_feed(ALICE, now=NOW) == 1
    status, _, body = _get(second)
    assert status == 404 and b"BEGIN:VCALENDAR" not in body
    assert mailer.revoke_feed(ALICE, now=NOW) == 0


def test_guessed_forged_and_malformed_tokens_find_nothing(served):
    mailer, local = served
    real = _local(mailer.feed_url(ALICE, now=NOW).url, local)
    token = real.rsplit("/", 1)[1].removesuffix(".ics")
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for path in (
        f"/calendar/{flipped}.ics",
        f"/calendar/{token}",
        f"/calendar/{token}.ics/../x.ics",
        "/calendar/short.ics",
        f"/calendar/{hashlib.sha256(token.encode()).hexdigest()}.ics",  # the stored hash
        "/calendar/",
    ):
        assert _get(local + path)[0] == 404, path
    assert _get(real + "?ignored=1")[0] == 200  # apps may add a query string


def test_only_the_tokens_hash_is_stored(served):
    mailer, _ = served
    url = mailer.feed_url(ALICE, now=NOW).url
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    with mailer.sessions() as session:
        [feed] = session.scalars(select(CalendarFeed))
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in feed.token_hash and feed.created_at == NOW and feed.revoked_at is None


def test_an_unchanged_feed_answers_304_and_head_sends_no_body(served):
    mailer, local = served
    url = _local(mailer.feed_url(ALICE, now=NOW).url, local)
    status, headers, _ = _get(url)
    assert status == 200 and headers["Cache-Control"].startswith("private")
    assert _get(url, **{"If-None-Match": headers["ETag"]})[0] == 304
    request = urllib.request.Request(url, method="HEAD")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200 and response.read() == b""
        assert response.headers["Content-Type"].startswith("text/calendar")


def test_the_url_is_shown_once_and_needs_a_public_base_url(mailer: Mailer, tmp_path: Path):
    with pytest.raises(FeedError, match="public_base_url"):
        mailer.feed_url(ALICE, now=NOW)
    config = load_config(
        write_config(
            tmp_path, mailer.config.database.url, f'\n[outbound]\npublic_base_url = "{PUBLIC}"\n'
        )
    )
    with_base = Mailer(config)
    try:
        with_base.feed_url(ALICE, now=NOW)
        with pytest.raises(FeedError, match=r"already exists.*--new"):
            with_base.feed_url(ALICE, now=NOW)
    finally:
        with_base.engine.dispose()


def test_a_user_removed_from_the_config_has_no_feed(tmp_path: Path, database_url: str):
    port = free_port()
    extra = f'\n[outbound]\npublic_base_url = "{PUBLIC}"\n[http]\nport = {port}\n'
    path = write_config(tmp_path, database_url, extra)
    mailer = Mailer(load_config(path))
    bob_url = _local(mailer.feed_url(BOB, now=NOW).url, f"http://127.0.0.1:{port}")
    mailer.engine.dispose()
    for bob_configured, expected in ((True, 200), (False, 404)):
        if not bob_configured:
            text = path.read_text(encoding="utf-8")
            start = text.index('[[users]]\nemail = "bob@')
            path.write_text(text[:start] + text[text.index("\n\n", start) :], encoding="utf-8")
            assert BOB not in path.read_text(encoding="utf-8")
        running = RunningService(load_config(path))  # syncs the users from the config
        try:
            assert _get(bob_url)[0] == expected
        finally:
            running.stop()
