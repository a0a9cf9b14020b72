"""The README's commands are real: two set-up commands, existing subcommands, a working tour."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from mailer.api import write_default_config
from mailer.cli import cli
from mailer.config import load_config
from tests.conftest import RunningService

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.S | re.M)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def _commands(text: str) -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_setup_has_exactly_make_run_and_make_test():
    assert _commands(_section("Set up")) == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_every_mailer_command_in_the_readme_exists():
    mentioned = re.findall(r"mailer ((?:[a-z][a-z-]* ?){1,2})", README)
    assert mentioned
    for words in mentioned:
        group: click.Command = cli
        for word in words.split():
            if not isinstance(group, click.Group):
                break
            sub = group.get_command(click.Context(group), word)
            assert sub is not None or group is not cli, f"README mentions unknown `mailer {words}`"
            if sub is None:
                break
            group = sub


def _run_tour_command(command: str, config_path: Path, running: RunningService) -> None:
    """One command of the tour, as written, against the running service's port and files."""
    if command.startswith(".venv/bin/mailer"):
        arguments = shlex.split(command)[1:]
        result = CliRunner().invoke(cli, ["--config", str(config_path), *arguments])
        assert result.exit_code == 0, f"{command}: {result.output}"
        return
    command = command.replace("8025", str(running.port))
    command = command.replace(".venv/bin/python", sys.executable)
    if "accept_invitation.py" in command:
        maildir = running.service.config.maildir
        command += f" --maildir {maildir} --port {running.port}"
    subprocess.run(shlex.split(command), cwd=ROOT, check=True)
    running.drain()


def test_the_tour_works_as_written(tmp_path: Path):
    """Every command of the tour, in order, against the default config on a free port (with a
    sending window open all day, so that it passes at any hour)."""
    config_path = tmp_path / "config.toml"
    write_default_config(config_path)
    text = config_path.read_text(encoding="utf-8")
    text = text.replace('send_from = "08:00"', 'send_from = "00:00"')
    config_path.write_text(text.replace('send_until = "21:00"', 'send_until = "23:59"'))
    config = load_config(config_path)
    running = RunningService(config)
    try:
        for command in _commands(_section("A five-minute tour")):
            if command.startswith(("make", "swaks")):
                continue
            _run_tour_command(command, config_path, running)
    finally:
        running.stop()
    result = CliRunner().invoke(
        cli, ["--config", str(config_path), "meetings", "list", "--json"], catch_exceptions=False
    )
    assert '"title": "Coffee: Anna & You"' in result.output
    assert '"start": "2026-12-22T13:30:00+01:00"' in result.output
    assert '"status": "done"' in result.output  # the recap completed the meeting
    contacts = CliRunner().invoke(cli, ["--config", str(config_path), "contacts", "list"])
    assert "anna@example.com" in contacts.output
    followups = CliRunner().invoke(
        cli, ["--config", str(config_path), "followups", "list", "--json"]
    )
    assert '"due": "2027-01-05"' in followups.output
    assert '"kind": "intro"' in followups.output
    [with_pau] = [
        [(a["email"], a["status"]) for a in m["attendees"]]
        for m in json.loads(result.output)
        if m["start"] == "2026-12-01T10:00:00+01:00"
    ]
    assert with_pau == [("pau@example.org", "accepted")]
