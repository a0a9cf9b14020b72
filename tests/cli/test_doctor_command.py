"""`mailer doctor`: one line per finding, --json, exit 1 on any FAIL and 0 otherwise."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mailer.cli import cli
from mailer.doctor.health import file_time
from tests.doctor.checkups import configure
from tests.inbound.dovecot import free_port


def _doctor(path: Path, *args: str):  # type: ignore[no-untyped-def]
    # --now at the time the kernel stamps files: the clock check passes even under libfaketime
    now = file_time(path.parent).isoformat()
    return CliRunner().invoke(cli, ["--config", str(path), "--now", now, "doctor", *args])


def test_a_fresh_install_has_warnings_only_and_exits_0(tmp_path: Path):
    path = configure(tmp_path, port=str(free_port()))
    assert CliRunner().invoke(cli, ["--config", str(path), "init"]).exit_code == 0
    result = _doctor(path)
    assert result.exit_code == 0, result.output
    levels = [line.split()[0] for line in result.output.splitlines()]
    assert set(levels) == {"ok", "warn"}
    assert result.output.startswith(f"ok    config: {path} is valid")
    assert "warn  scheduler: the plan job has never run -> start the service" in result.output


def test_json_is_an_array_of_findings(tmp_path: Path):
    path = configure(tmp_path, port=str(free_port()))
    result = _doctor(path, "--json")
    findings = json.loads(result.output)
    assert {"level", "check", "message", "advice"} == set(findings[0])
    assert {"check": "database", "level": "FAIL"}.items() <= next(
        f for f in findings if f["check"] == "database"
    ).items()
    assert result.exit_code == 1  # no database yet


def test_a_broken_config_is_one_failure(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text("[inbound]\nport = 'twenty-five'\n", encoding="utf-8")
    result = _doctor(path)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"FAIL  config: {path}: inbound.port: expected an integer, got 'twenty-five' -> fix the "
        "file (config.example.toml documents each key)"
    ]
