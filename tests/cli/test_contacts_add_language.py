"""`mailer contacts add EMAIL --language ca` sets the language mail to them is written in."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mailer.cli import cli


def test_the_language_is_set_and_listed(config_path: Path):
    runner = CliRunner()
    base = ["--config", str(config_path), "contacts"]
    added = runner.invoke(cli, [*base, "add", "jordi@example.cat", "--language", "ca"])
    assert added.exit_code == 0, added.output
    listed = json.loads(runner.invoke(cli, [*base, "list", "--json"]).stdout)
    assert [(c["email"], c["language"]) for c in listed] == [("jordi@example.cat", "ca")]
    wrong = runner.invoke(cli, [*base, "add", "jordi@example.cat", "--language", "fr"])
    assert wrong.exit_code == 2 and "'fr' is not one of" in wrong.output
