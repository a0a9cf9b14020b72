"""``mailer ingest`` runs saved messages through the SMTP pipeline, with honest exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from mailer.cli import cli
from tests.conftest import ALICE
from tests.messages import invite_message, plain_message


def _ingest(config_path: Path, *args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, ["--config", str(config_path), "ingest", *args], input=input)


def test_saved_invite_is_logged_and_exit_is_0(config_path: Path, tmp_path: Path):
    saved = tmp_path / "invite.eml"
    saved.write_bytes(invite_message())
    result = _ingest(config_path, str(saved))
    assert result.exit_code == 0, result.output
    listed = CliRunner().invoke(cli, ["--config", str(config_path), "meetings", "list", "--json"])
    assert '"title": "Coffee with Anna"' in listed.output


def test_stdin_is_read_with_a_dash(config_path: Path):
    result = _ingest(config_path, "-", input=invite_message())
    assert result.exit_code == 0, result.output
    assert "created" in result.output


def test_rejected_and_failed_messages_exit_1_with_one_line_each(config_path: Path, tmp_path: Path):
    good, stranger, junk = tmp_path / "good.eml", tmp_path / "stranger.eml", tmp_path / "junk.eml"
    good.write_bytes(invite_message())
    stranger.write_bytes(invite_message(sender="mallory@evil.example"))
    junk.write_bytes(plain_message(body="no calendar in here"))
    result = _ingest(config_path, str(good), str(stranger), str(junk))
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(f"{stranger}: rejected")
    assert errors[1].startswith(f"{junk}: failed")
    assert "Traceback" not in result.output


def test_envelope_sender_can_be_given(config_path: Path, tmp_path: Path):
    saved = tmp_path / "invite.eml"
    saved.write_bytes(invite_message(sender="mallory@evil.example"))
    result = _ingest(config_path, "--from", ALICE, str(saved))
    assert result.exit_code == 1  # From and envelope must be the same user


def test_usage_errors_exit_2_without_traceback(config_path: Path, tmp_path: Path):
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "mailer",
            "--config",
            str(config_path),
            "ingest",
            str(tmp_path / "missing.eml"),
        ],
        capture_output=True,
        text=True,
    )
    assert process.returncode == 2
    assert "Traceback" not in process.stderr
    assert "missing.eml" in process.stderr
