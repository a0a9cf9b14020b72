"""`mailer init` writes config.toml from the example and migrates, asking nothing off a terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mailer.config import EXAMPLE_CONFIG, load_config


def _init(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mailer", "--config", str(tmp_path / "config.toml"), "init", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def test_init_without_a_terminal_writes_the_example_and_migrates(tmp_path: Path):
    result = _init(tmp_path)
    assert result.returncode == 0, result.stderr
    written = (tmp_path / "config.toml").read_text(encoding="utf-8")
    assert written == EXAMPLE_CONFIG.read_text(encoding="utf-8")
    assert (tmp_path / "var" / "mailer.db").exists()
    assert load_config(tmp_path / "config.toml").users[0].email == "you@example.com"


def test_init_keeps_an_existing_file(tmp_path: Path):
    (tmp_path / "config.toml").write_text(
        '[[users]]\nemail = "me@example.org"\ntimezone = "UTC"\n', encoding="utf-8"
    )
    result = _init(tmp_path)
    assert result.returncode == 0
    assert "keeping it" in result.stdout
    assert load_config(tmp_path / "config.toml").users[0].email == "me@example.org"


def test_answers_fill_in_the_user(tmp_path: Path):
    from mailer.api import write_default_config

    path = tmp_path / "config.toml"
    write_default_config(
        path, {"email": "ana@ejemplo.es", "name": 'Ana "la" Ruiz', "timezone": "Atlantic/Canary"}
    )
    config = load_config(path)
    assert (config.users[0].email, config.users[0].name) == ("ana@ejemplo.es", 'Ana "la" Ruiz')
    assert config.users[0].timezone == "Atlantic/Canary"
