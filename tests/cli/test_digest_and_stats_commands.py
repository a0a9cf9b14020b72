"""`mailer digest` renders without sending (terminal, --text, --html); `mailer stats` counts."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from mailer.api import Mailer
from mailer.cli import cli
from tests.conftest import ALICE, BOB
from tests.planning.digest_seed import History

MADRID = ZoneInfo("Europe/Madrid")
NOW = "2026-12-20T18:00+01:00"


def run(config_path: Path, *args: str):
    return CliRunner().invoke(cli, ["--config", str(config_path), *args], catch_exceptions=False)


@pytest.fixture
def seeded(mailer: Mailer, config_path: Path) -> Path:
    history = History(mailer, ALICE)
    anna = history.contact("Anna Ruiz")
    for day in ("2026-11-24", "2026-12-01", "2026-12-09", "2026-12-15"):
        start = datetime.fromisoformat(day).replace(hour=10, tzinfo=MADRID)
        history.meeting(start, anna, gave=("notes",))
    history.item("followup", "Follow up with Anna", contact=anna, due=date(2026, 12, 18))
    history.item("task", "Send the deck", contact=anna, status="done")
    return config_path


def test_terminal_output_shows_the_sections(seeded: Path):
    result = run(seeded, "digest", "--now", NOW)
    assert result.exit_code == 0
    for words in ("Your week, 14–20 December 2026", "This week", "year at a glance", "Who is due"):
        assert words in result.output
    assert "Follow up with Anna" in result.output
    assert list(Path(seeded.parent).glob("var/sent/new/*")) == []  # nothing sent


def test_text_and_html(seeded: Path, tmp_path: Path):
    text = run(seeded, "digest", "--now", NOW, "--text").output
    assert text.startswith("YOUR WEEK · 14–20 December 2026") and "4 weeks in a row" in text
    page = tmp_path / "digest.html"
    result = run(seeded, "digest", "--now", NOW, "--html", str(page), "--user", ALICE)
    assert result.exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count('title="Week of') == 52


@pytest.mark.parametrize("alice_language", ["ca"])
def test_the_digest_is_shown_in_the_users_language(seeded: Path, alice_language: str):
    text = run(seeded, "digest", "--now", NOW, "--text").output
    assert text.startswith("LA TEVA SETMANA · 14–20 de desembre de 2026\n\nHola, Alice,")
    assert "- dt. 15 de des., 10:00  Cafè amb Anna Ruiz [feta]" in text
    terminal = run(seeded, "digest", "--now", NOW).output
    for words in ("La teva setmana, 14–20 de desembre de 2026", "Aquesta setmana", "A qui li toca"):
        assert words in terminal
    assert "Fer el seguiment amb Anna Ruiz" in terminal


def test_now_without_an_offset_is_refused(seeded: Path):
    result = CliRunner().invoke(cli, ["--config", str(seeded), "digest", "--now", "2026-12-20"])
    assert result.exit_code == 2 and "needs an offset" in result.output


def test_stats_json(seeded: Path):
    result = run(seeded, "stats", "--json", "--now", NOW)
    stats = json.loads(result.output)
    assert stats["meetings_done"] == 4
    assert stats["meetings_per_month"] == [
        {"month": "2026-11", "meetings": 1},
        {"month": "2026-12", "meetings": 3},
    ]
    assert stats["streak"] == {"current": 4, "longest": 4, "this_week": 1, "state": "kept"}
    assert stats["people"] == {"met": 1, "new_this_year": 1, "again_this_year": 0}
    assert stats["followups"] == {"done": 1, "open": 1, "overdue": 1, "cancelled": 0}
    empty = json.loads(run(seeded, "stats", "--json", "--now", NOW, "--user", BOB).output)
    assert empty["meetings_done"] == 0 and empty["streak"]["current"] == 0


def test_stats_table(seeded: Path):
    result = run(seeded, "stats", "--now", NOW)
    assert "4 meetings done" in result.output and "2026-12" in result.output
