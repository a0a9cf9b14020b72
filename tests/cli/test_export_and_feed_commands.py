"""``mailer meetings export``, ``mailer contacts export`` and ``mailer feed`` from the shell."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import icalendar
from click.testing import CliRunner

from mailer.api import Mailer
from mailer.cli import cli
from mailer.config import load_config
from tests.conftest import FIXTURES, write_config
from tests.log.sample_log import fill_log


def _run(config_path: Path, *args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, ["--config", str(config_path), *args], input=input)


def test_meetings_export_to_stdout_and_to_a_csv_file(config_path: Path, tmp_path: Path):
    mailer = Mailer(load_config(config_path))
    fill_log(mailer)
    mailer.engine.dispose()
    ics = _run(config_path, "meetings", "export", "--ics", "-")
    assert ics.exit_code == 0, ics.output
    events = icalendar.Calendar.from_ical(ics.stdout_bytes).walk("VEVENT")
    assert len(events) == 6
    assert ics.stderr == "Wrote 6 meetings to -.\n"

    table = tmp_path / "meetings.csv"
    result = _run(config_path, "meetings", "export", "--csv", str(table))
    assert result.exit_code == 0, result.output
    data = table.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)  # Excel then reads "día" as "día"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 6 and any(r["title"].endswith("día 1–2") for r in rows)


def test_meetings_export_needs_a_target(config_path: Path):
    result = _run(config_path, "meetings", "export")
    assert result.exit_code == 2 and "--ics FILE and/or --csv FILE" in result.stderr


def test_contacts_export_then_import_is_a_no_op(config_path: Path, tmp_path: Path):
    _run(config_path, "contacts", "import", str(FIXTURES / "contacts" / "apple_contacts_v3.vcf"))
    target = tmp_path / "contacts.vcf"
    exported = _run(config_path, "contacts", "export", "--vcf", str(target))
    assert exported.exit_code == 0 and exported.stderr == f"Wrote 3 contacts to {target}.\n"
    again = _run(config_path, "contacts", "import", str(target))
    assert "0 added, 0 merged, 3 unchanged, 0 skipped." in again.stdout


def test_feed_url_is_printed_once_then_rotated_or_revoked(tmp_path: Path, database_url: str):
    extra = '\n[outbound]\npublic_base_url = "https://mailer.example.org"\n'
    config_path = write_config(tmp_path, database_url, extra)
    first = _run(config_path, "feed", "url")
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("https://mailer.example.org/calendar/")
    assert "mailer feed revoke" in first.stderr
    shown_again = _run(config_path, "feed", "url")
    assert shown_again.exit_code == 1 and "--new" in shown_again.stderr
    rotated = _run(config_path, "feed", "url", "--new", "--user", "alice@example.com")
    assert rotated.exit_code == 0 and rotated.stdout != first.stdout
    assert _run(config_path, "feed", "revoke").stdout == "Calendar feed revoked.\n"
    assert _run(config_path, "feed", "revoke").stdout == "There was no calendar feed to revoke.\n"


def test_feed_url_without_a_public_base_url_says_what_to_set(config_path: Path):
    result = _run(config_path, "feed", "url")
    assert result.exit_code == 1 and "public_base_url" in result.stderr
