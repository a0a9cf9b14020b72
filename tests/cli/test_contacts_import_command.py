"""``mailer contacts import``: counts on stdout, bad rows on stderr by line, honest exit codes."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from mailer.cli import cli
from tests.conftest import FIXTURES

CONTACTS = FIXTURES / "contacts"


def _run(config_path: Path, *args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, ["--config", str(config_path), *args], input=input)


def test_import_reports_counts_and_a_second_run_adds_nobody(config_path: Path):
    vcf = str(CONTACTS / "contacts_v4.vcf")
    first = _run(config_path, "contacts", "import", vcf)
    assert first.exit_code == 0, first.output
    assert first.stdout == f"{vcf} (vCard): 3 added, 0 merged, 0 unchanged, 0 skipped.\n"
    again = _run(config_path, "contacts", "import", vcf)
    assert again.stdout == f"{vcf} (vCard): 0 added, 0 merged, 3 unchanged, 0 skipped.\n"
    listed = _run(config_path, "contacts", "list", "--json")
    assert len(json.loads(listed.stdout)) == 3


def test_bad_rows_go_to_stderr_with_file_and_line_and_exit_1(config_path: Path):
    csv = str(CONTACTS / "google_contacts.csv")
    result = _run(config_path, "contacts", "import", csv)
    assert result.exit_code == 1
    assert "4 added, 0 merged, 0 unchanged, 1 skipped." in result.stdout
    assert result.stderr.startswith(f"{csv}:8: 'pau.vidal(at)example.org' is not an email")
    assert "Marta López" in _run(config_path, "contacts", "list").stdout


def test_stdin_format_override_and_json(config_path: Path):
    data = (CONTACTS / "linkedin_connections.csv").read_bytes()
    result = _run(
        config_path, "contacts", "import", "-", "--format", "linkedin", "--json", input=data
    )
    report = json.loads(result.stdout)
    assert report["format"] == "linkedin" and report["added"] == 5
    assert report["errors"] == [
        {"line": 9, "reason": "no name and no email address; nothing to import"}
    ]


def test_unreadable_or_unknown_files_exit_2_without_traceback(config_path: Path, tmp_path: Path):
    unknown = tmp_path / "phones.csv"
    unknown.write_text("name,phone\nAnna,123\n", encoding="utf-8")
    command = [sys.executable, "-m", "mailer", "--config", str(config_path), "contacts", "import"]
    for args in (
        [str(tmp_path / "missing.vcf")],
        [str(unknown)],
        [str(CONTACTS / "linkedin_connections.csv"), "--format", "outlook"],
    ):
        process = subprocess.run([*command, *args], capture_output=True, text=True)
        assert process.returncode == 2, process.stderr
        assert "Traceback" not in process.stderr
        assert process.stderr.startswith("Error: ")


def test_a_progress_bar_only_on_a_terminal(config_path: Path, tmp_path: Path):
    big = tmp_path / "big.vcf"
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {0}\r\nEMAIL:p{0}@example.com\r\nEND:VCARD\r\n"
    big.write_text("".join(card.format(i) for i in range(600)), encoding="utf-8")
    command = [sys.executable, "-m", "mailer", "--config", str(config_path), "contacts", "import"]
    piped = subprocess.run([*command, str(big)], capture_output=True, text=True)
    assert piped.returncode == 0 and piped.stderr == ""  # nothing drawn into a pipe or log

    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [*command, str(big)],
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=os.environ | {"COLUMNS": "100", "TERM": "xterm"},
    )
    os.close(terminal)
    drawn = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    process.wait(timeout=60)
    os.close(controller)
    assert process.returncode == 0
    assert b"Reading vCards" in drawn or b"Merging contacts" in drawn
