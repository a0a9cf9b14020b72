"""`mailer status` says loudly when the scheduler has not run when it should."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from mailer.api import Mailer
from mailer.cli import cli


def test_never_run_late_and_healthy(mailer: Mailer, config_path: Path):
    never = CliRunner().invoke(cli, ["--config", str(config_path), "status"])
    assert never.exit_code == 1
    assert "never run" in never.stderr

    now = datetime.now(UTC)
    mailer.tick(now - timedelta(hours=2))
    late = mailer.status(now)
    assert not late.healthy and "should run every" in late.problems[0]
    assert late.jobs["dispatch"]["late"]

    mailer.tick(now)
    healthy = CliRunner().invoke(cli, ["--config", str(config_path), "status"])
    assert healthy.exit_code == 0, healthy.stderr
    assert "dispatch  last ran" in healthy.stdout
