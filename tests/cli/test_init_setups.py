"""`mailer init` for each set-up: (a) a provider mailbox, (b) your own domain; asked on a
terminal, or given as options for scripts."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

from click.testing import CliRunner

from mailer.cli import cli
from mailer.config import EXAMPLE_CONFIG, load_config


def _init(path: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--config", str(path), "init", "--no-input", *args])


def test_gmail_with_a_domain_and_a_password_file(tmp_path: Path):
    path = tmp_path / "config.toml"
    answers = ("--email", "ana@gmail.com", "--name", "Ana", "--domain", "assistant.ana.example")
    result = _init(path, "--provider-mailbox", *answers, "--password-file", "mailbox.secret")
    assert result.exit_code == 0, result.output
    config = load_config(path)
    imap, out = config.imap, config.outbound
    assert (imap.enabled, imap.host, imap.port, imap.security) == (
        True,
        "imap.gmail.com",
        993,
        "tls",
    )
    assert (imap.username, imap.folder, imap.password_file) == (
        "ana@gmail.com",
        "assistant",
        "mailbox.secret",
    )
    assert (out.transport, out.smtp_host, out.smtp_port, out.smtp_security) == (
        "smtp", "smtp.gmail.com", 587, "starttls"
    )  # fmt: skip
    assert (out.smtp_username, out.smtp_password_file) == ("ana@gmail.com", "mailbox.secret")
    relay = config.users[0].relay
    assert relay is not None and (relay.host, relay.username, relay.password_file) == (
        "smtp.gmail.com", "ana@gmail.com", "mailbox.secret"
    )  # fmt: skip
    assert config.inbound.domain == "assistant.ana.example"
    assert config.inbound.sender_auth == "require"
    assert config.users[0].email == "ana@gmail.com" and config.users[0].name == "Ana"
    text = path.read_text(encoding="utf-8")
    assert 'Skip the Inbox, Apply the label "assistant"' in text
    assert "# Believing a user's From" in text  # the example's comments are all there
    assert len(text.splitlines()) > len(EXAMPLE_CONFIG.read_text().splitlines())


def test_fastmail_needs_no_domain_of_ones_own(tmp_path: Path):
    path = tmp_path / "config.toml"
    assert _init(path, "--provider-mailbox", "--email", "Ana@fastmail.com").exit_code == 0
    config = load_config(path)
    assert config.inbound.domain == "ana.fastmail.com"
    assert (config.outbound.smtp_port, config.outbound.smtp_security) == (465, "tls")
    assert (
        config.imap.password_env == config.outbound.smtp_password_env == "MAILER_MAILBOX_PASSWORD"
    )
    assert config.imap.recipient == "assistant@ana.fastmail.com"


def test_icloud_logs_in_with_the_name_and_outlook_is_warned_about(tmp_path: Path):
    icloud, outlook = tmp_path / "icloud.toml", tmp_path / "outlook.toml"
    _init(icloud, "--provider-mailbox", "--email", "ana@icloud.com", "--domain", "a.example.org")
    assert load_config(icloud).imap.username == "ana"
    assert load_config(icloud).imap.host == "imap.mail.me.com"
    _init(outlook, "--provider-mailbox", "--email", "ana@outlook.com", "--domain", "a.example.org")
    assert "accepts only OAuth2" in outlook.read_text()


def test_a_missing_or_shared_domain_is_refused(tmp_path: Path):
    path = tmp_path / "config.toml"
    missing = _init(path, "--provider-mailbox", "--email", "ana@gmail.com")
    assert missing.exit_code == 2 and "give --domain" in missing.output
    shared = _init(path, "--provider-mailbox", "--email", "ana@gmail.com", "--domain", "gmail.com")
    assert shared.exit_code == 2 and "belong to other people" in shared.output
    elsewhere = ("--provider-mailbox", "--email", "ana@example.net", "--domain", "a.example.org")
    unknown = _init(path, *elsewhere)
    assert unknown.exit_code == 2 and "--imap-host and --smtp-host" in unknown.output
    assert not path.exists()
    other = _init(path, *elsewhere, "--imap-host", "imap.example.net", "--smtp-host", "smtp.x.net")
    assert other.exit_code == 0 and load_config(path).imap.host == "imap.example.net"


def test_own_domain_listens_requires_proof_and_makes_a_dkim_key(tmp_path: Path):
    path = tmp_path / "config.toml"
    result = _init(path, "--own-domain", "--email", "ana@gmail.com", "--domain",
                   "assistant.ana.example", "--listen", "0.0.0.0:2525")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "mail._domainkey.assistant.ana.example IN TXT" in result.output
    config = load_config(path)
    inbound, out = config.inbound, config.outbound
    assert (inbound.host, inbound.port, inbound.domain) == (
        "0.0.0.0",
        2525,
        "assistant.ana.example",
    )
    assert inbound.sender_auth == "require" and inbound.trusted_relays == []
    assert (out.transport, out.smtp_host, out.smtp_port) == ("smtp", "127.0.0.1", 25)
    key = config.resolve(out.dkim_key_file)
    assert out.dkim_selector == "mail" and stat.S_IMODE(key.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert "#      assistant.ana.example    smtp:[127.0.0.1]:2525" in text
    assert '#      assistant.ana.example. IN TXT "v=spf1 mx -all"' in text
    before = key.read_bytes()
    assert _init(path, "--own-domain", "--force", "--email", "ana@gmail.com", "--domain",
                 "assistant.ana.example").exit_code == 0  # fmt: skip
    assert key.read_bytes() == before  # a published key is never replaced


def test_a_bad_listen_address_is_refused(tmp_path: Path):
    result = _init(tmp_path / "c.toml", "--own-domain", "--email", "a@example.com",
                   "--domain", "a.example.org", "--listen", "8025")  # fmt: skip
    assert result.exit_code == 2 and "HOST:PORT" in result.output
    assert not (tmp_path / "var" / "dkim.key").exists()


def test_on_a_terminal_it_asks_which_set_up(tmp_path: Path):
    """A real pseudo-terminal: the answers are typed as a person would."""
    path = tmp_path / "config.toml"
    leader, follower = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "mailer", "--config", str(path), "init"],
        stdin=follower, stdout=follower, stderr=follower, cwd=tmp_path,
    )  # fmt: skip
    os.close(follower)
    os.write(leader, b"2\nana@fastmail.com\nAna Ruiz\nAtlantic/Canary\nassistant\n")
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=60) == 0, output.decode()
    os.close(leader)
    assert b"Which set-up" in output and b"Your email address" in output
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["imap"]["host"] == "imap.fastmail.com"
    assert data["users"][0] == data["users"][0] | {"email": "ana@fastmail.com", "name": "Ana Ruiz",
                                                   "timezone": "Atlantic/Canary"}  # fmt: skip
