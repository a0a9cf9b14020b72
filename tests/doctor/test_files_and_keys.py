"""The spool and the Maildir writable; the secret key, the DKIM key and password files private."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mailer.cli import cli
from mailer.doctor import Checkup
from mailer.outbound.dkim_keys import generate_key
from tests.doctor.checkups import configure, findings, only
from tests.doctor.read_only import read_only


def test_an_unwritable_spool_fails_by_name_and_the_doctor_exits_1(tmp_path: Path):
    path = configure(tmp_path, spool='"var/spool"')
    spool = tmp_path / "var" / "spool"
    with read_only(spool) as reason:
        result = CliRunner().invoke(cli, ["--config", str(path), "doctor"])
    assert result.exit_code == 1, result.output
    [line] = [line for line in result.output.splitlines() if line.startswith("FAIL  spool:")]
    assert f"cannot write to {spool} ({reason})" in line
    assert "chown" in line


def test_a_writable_spool_and_maildir_are_ok(tmp_path: Path):
    path = configure(tmp_path)
    (tmp_path / "var" / "spool").mkdir(parents=True)
    assert only(Checkup(path), "spool").message == f"{tmp_path / 'var' / 'spool'} is writable"
    maildir = only(Checkup(path), "maildir")
    assert maildir.level == "ok" and "will be created" in maildir.message


def test_a_spool_under_a_file_fails(tmp_path: Path):
    (tmp_path / "var").write_text("not a folder")
    assert only(Checkup(configure(tmp_path)), "spool").level == "FAIL"


def test_the_secret_key_missing_loose_short_and_right(tmp_path: Path):
    path = configure(tmp_path)
    key = tmp_path / "var" / "secret.key"
    assert only(Checkup(path), "secret key").level == "warn"
    key.parent.mkdir(parents=True)
    key.write_text("a" * 64)
    key.chmod(0o644)
    loose = only(Checkup(path), "secret key")
    assert loose.level == "FAIL" and loose.advice == f"chmod 600 {key}"
    key.chmod(0o600)
    assert only(Checkup(path), "secret key").level == "ok"
    key.write_text("short")
    assert "would be replaced" in only(Checkup(path), "secret key").message


def test_the_dkim_key_unreadable_or_loose_fails(tmp_path: Path):
    path = configure(
        tmp_path, extra='\n[outbound]\ndkim_selector = "mail"\ndkim_key_file = "k.pem"\n'
    )
    assert only(Checkup(path), "dkim key").level == "FAIL"
    generate_key(tmp_path / "k.pem")
    assert only(Checkup(path), "dkim key").level == "ok"
    (tmp_path / "k.pem").chmod(0o640)
    assert only(Checkup(path), "dkim key").level == "FAIL"


def test_a_password_file_readable_by_others_is_a_warning(tmp_path: Path):
    secret = tmp_path / "imap.secret"
    secret.write_text("pw")
    secret.chmod(0o644)
    path = configure(tmp_path, extra='\n[imap]\npassword_file = "imap.secret"\n')
    assert [f.level for f in findings(Checkup(path), "password file")] == ["warn"]
    secret.chmod(0o600)
    assert [f.level for f in findings(Checkup(path), "password file")] == ["ok"]
    secret.unlink()
    assert [f.level for f in findings(Checkup(path), "password file")] == ["FAIL"]
