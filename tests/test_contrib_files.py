"""contrib/: the systemd units verify, and every mailer command they run exists."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from mailer.cli import cli

CONTRIB = Path(__file__).resolve().parent.parent / "contrib"
INSTALLED = "/opt/mailer/bin/mailer"


def _mailer_commands(text: str) -> list[list[str]]:
    """The words after each ``mailer`` the file runs (options and their values dropped)."""
    found = []
    for match in re.finditer(
        r"(?:/opt/mailer/bin/mailer|\"mailer\",?|\bmailer mailer)\s(.*)", text
    ):
        words = re.findall(r"[a-z][a-z-]*|--[a-z-]+(?:\s+\S+)?", match.group(1).replace('"', " "))
        found.append([w for w in words if not w.startswith("--")][:2])
    return found


def test_every_mailer_command_in_contrib_exists():
    commands = [
        words
        for path in sorted(CONTRIB.rglob("*"))
        if path.is_file()
        for words in _mailer_commands(path.read_text(encoding="utf-8"))
    ]
    assert ["serve"] in commands and ["imap", "fetch"] in commands and ["tick"] in commands
    for words in commands:
        command: click.Command = cli
        for word in words:
            if not isinstance(command, click.Group):
                break
            found = command.get_command(click.Context(command), word)
            assert found is not None, f"contrib runs unknown `mailer {' '.join(words)}`"
            command = found


def test_the_units_verify(tmp_path: Path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (Debian: systemd)")
    mailer = str(Path(sys.executable).with_name("mailer"))
    units = []
    for unit in ("mailer.service", "mailer-tick.service", "mailer-tick.timer"):
        text = (CONTRIB / "systemd" / unit).read_text(encoding="utf-8")
        (tmp_path / unit).write_text(text.replace(INSTALLED, mailer), encoding="utf-8")
        units.append(str(tmp_path / unit))
    result = subprocess.run([analyze, "verify", *units], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr
    service = (CONTRIB / "systemd" / "mailer.service").read_text(encoding="utf-8")
    for line in ("Type=notify", "Restart=on-failure", "User=mailer", "ProtectSystem=strict",
                 "ReadWritePaths=/var/lib/mailer"):  # fmt: skip
        assert f"\n{line}\n" in service
