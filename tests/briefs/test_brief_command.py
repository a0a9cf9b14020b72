"""``mailer brief --now`` prints the brief due at that moment (text or HTML), sending nothing."""

from __future__ import annotations

from click.testing import CliRunner

from mailer.api import Mailer
from mailer.cli import cli
from tests.briefs.world import at, briefs, invite, log_lunch


def run(config_path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--config", str(config_path), "brief", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_prints_the_brief_without_sending_it(mailer: Mailer, config_path):
    log_lunch(mailer)
    invite(mailer, start="20261124T100000", now=at("2026-11-23T10:00"))
    text = run(config_path, "--now", "2026-11-24T07:00+01:00", "--user", "alice@example.com")
    assert text.startswith("Subject: Before you meet: coffee with Anna Ruiz at 10:00")
    assert "you got: feedback on my pitch; a book on facilitation" in text
    html = run(config_path, "--now", "2026-11-24T07:00+01:00", "--html")
    assert html.lstrip().startswith("<!DOCTYPE html>") and "a book on facilitation" in html
    assert "No brief is due" in run(config_path, "--now", "2026-11-24T06:00+01:00")
    mailer.tick(at("2026-11-23T12:00"))
    assert briefs(mailer) == []
