"""A private Dovecot IMAP server on loopback, started per test from its own config file.

Debian's ``dovecot-imapd`` (installed by ``.ci/run``) runs in the foreground (``dovecot -F``) with
its sockets, state, logs and mailboxes in a temporary folder, one passwd-file user and Maildir
storage. Under CI (``CI`` or ``MAILER_TEST_POSTGRES_URL`` set) a missing Dovecot is a failure;
elsewhere the tests that need it are skipped saying how to install it.

Dovecot never gives mail access to uid 0, so as root the mailbox belongs to ``nobody``; that is
also why everything lives under a world-traversable ``mkdtemp`` folder rather than pytest's
private ``tmp_path``.
"""

from __future__ import annotations

import os
import pwd
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from imapclient import IMAPClient

from tests.inbound.daemons import Daemon, free_port, make_certificate, required_program

USER = "assistant"
PASSWORD = "correct horse battery staple"


class Dovecot(Daemon):
    """One running server; ``port`` speaks plain IMAP (and STARTTLS when ``tls``), ``tls_port``
    implicit TLS with a self-signed certificate for 127.0.0.1 (``cert``)."""

    def __init__(self, *, tls: bool = False, extra: str = "") -> None:
        self.binary = required_program("dovecot", "dovecot-imapd")
        self.root = Path(tempfile.mkdtemp(prefix="mailer-dovecot-"))
        self.root.chmod(0o755)
        self.port = free_port()
        self.tls_port = free_port() if tls else 0
        self.cert = self.root / "cert.pem"
        self.log = self.root / "dovecot.log"
        self.extra = extra
        """More configuration, e.g. an auth socket for Postfix (tests/inbound/postfix.py)."""
        try:
            if tls:
                self._make_certificate()
            self._write_config(tls)
            self.start()
        except BaseException:  # a skip or a failed start: leave no server or folder behind
            self.close()
            raise

    def owner(self) -> tuple[int, int]:
        if os.getuid() != 0:
            return os.getuid(), os.getgid()
        nobody = pwd.getpwnam("nobody")
        return nobody.pw_uid, nobody.pw_gid

    def _make_certificate(self) -> None:
        make_certificate(self.cert, self.root / "key.pem")

    def _write_config(self, tls: bool) -> None:
        uid, gid = self.owner()
        home = self.root / "home"
        home.mkdir()
        os.chown(home, uid, gid)
        (self.root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        unprivileged = ""
        if os.getuid() != 0:  # Dovecot's documented set-up for running as an ordinary user
            me = pwd.getpwuid(os.getuid()).pw_name
            unprivileged = f"""
default_login_user = {me}
default_internal_user = {me}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""
        ssl = (
            f"ssl = yes\nssl_cert = <{self.cert}\nssl_key = <{self.root / 'key.pem'}\n"
            if tls
            else "ssl = no\n"
        )
        (self.root / "dovecot.conf").write_text(
            f"""
protocols = imap
listen = 127.0.0.1
base_dir = {self.root}/run
state_dir = {self.root}/state
log_path = {self.log}
info_log_path = {self.log}
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:~/Maildir
first_valid_uid = {uid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={home}/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
  }}
}}
{unprivileged}
{self.extra}
"""
        )

    def start(self) -> None:
        """Start (or restart) the server and wait until it accepts connections."""
        self.spawn([self.binary, "-F", "-c", str(self.root / "dovecot.conf")])
        assert self.process is not None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited at start:\n{self.logs()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"dovecot did not listen on {self.port}:\n{self.logs()}")

    def client(self) -> IMAPClient:
        """A logged-in client of our own, to seed and inspect the mailbox."""
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        client.login(USER, PASSWORD)
        return client

    def append(self, data: bytes, folder: str = "INBOX") -> None:
        with self.client() as client:
            client.append(folder, data)
            client.logout()

    def uids(self, folder: str) -> list[int]:
        with self.client() as client:
            if not client.folder_exists(folder):
                return []
            client.select_folder(folder, readonly=True)
            found = sorted(client.search(["NOT", "DELETED"]))
            client.logout()
            return found

    def subjects(self, folder: str) -> list[str]:
        """The subjects of the messages in ``folder``, sorted (empty if it does not exist)."""
        with self.client() as client:
            if not client.folder_exists(folder):
                return []
            client.select_folder(folder, readonly=True)
            uids = client.search(["NOT", "DELETED"])
            fetched = client.fetch(uids, ["ENVELOPE"]) if uids else {}
            client.logout()
        return sorted(item[b"ENVELOPE"].subject.decode() for item in fetched.values())


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    server = Dovecot()
    try:
        yield server
    finally:
        server.close()


def imap_section(server: Dovecot, **overrides: object) -> str:
    """An ``[imap]`` table for ``write_config(..., extra=...)`` pointing at ``server``."""
    values: dict[str, object] = {
        "enabled": False,
        "host": "127.0.0.1",
        "port": server.port,
        "security": "none",
        "username": USER,
        "password_env": "MAILER_TEST_IMAP_PASSWORD",
        "poll_seconds": 3600,
        "timeout_seconds": 10,
    }
    values.update(overrides)
    lines = [f"{k} = {_toml(v)}" for k, v in values.items()]
    return "\n[imap]\n" + "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
