"""[planning] brief_hour moves the brief; ``briefs = false`` in a user's table stops theirs."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailer.api import Mailer
from tests.briefs.world import at, briefs, invite, log_lunch
from tests.conftest import write_config


@pytest.fixture
def alice_line() -> str:
    """A line more in Alice's [[users]] table."""
    return ""


@pytest.fixture
def config_path(tmp_path: Path, database_url: str, alice_line: str) -> Path:
    path = write_config(tmp_path, database_url, extra="[planning]\nbrief_hour = 8\n")
    zone = 'timezone = "Europe/Madrid"'
    text = path.read_text(encoding="utf-8").replace(zone, f"{zone}\n{alice_line}")
    path.write_text(text, encoding="utf-8")
    return path


def test_brief_hour_is_read_from_the_config(mailer: Mailer):
    log_lunch(mailer)
    invite(mailer, start="20261124T120000", now=at("2026-11-23T10:00"))
    mailer.tick(at("2026-11-24T07:59"))
    assert briefs(mailer) == []
    mailer.tick(at("2026-11-24T08:00"))
    assert len(briefs(mailer)) == 1


@pytest.mark.parametrize("alice_line", ["briefs = false"])
def test_a_user_who_wants_no_briefs_gets_none(mailer: Mailer):
    log_lunch(mailer)
    invite(mailer, start="20261124T120000", now=at("2026-11-23T10:00"))
    mailer.tick(at("2026-11-24T08:00"))
    mailer.tick(at("2026-11-24T11:00"))
    assert briefs(mailer) == []
