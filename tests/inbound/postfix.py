"""A private Postfix on loopback, started per test from its own configuration directory.

Debian's ``postfix`` (installed by ``.ci/run``; its package start-up is refused by
``policy-rc.d`` in containers, and no system instance is needed) runs here as its ``master -c
DIR -s``, in the foreground (what ``postfix start-fg`` runs): its own ``main.cf`` and
``master.cf``, queue and data directories in a temporary folder, listeners on free loopback
ports, and its log in a file. Nothing leaves the machine: DNS is off, the domains the test names
are routed to loopback ports, and everything else goes to one loopback "far end"
(``relay_port``). As with Dovecot, under CI (``CI`` or ``MAILER_TEST_POSTGRES_URL`` set) a
missing Postfix is a failure, elsewhere a skip.

Postfix's master runs as root and its daemons as the ``postfix`` user (it has no unprivileged
mode), so these tests need root, as CI has.
"""

from __future__ import annotations

import grp
import os
import pwd
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.inbound.daemons import CI_VARIABLES, Daemon, free_port, required_program

SERVICES = """\
pickup     unix  n - n 60   1 pickup
cleanup    unix  n - n -    0 cleanup
qmgr       unix  n - n 300  1 qmgr
tlsmgr     unix  - - n 1000? 1 tlsmgr
rewrite    unix  - - n -    - trivial-rewrite
bounce     unix  - - n -    0 bounce
defer      unix  - - n -    0 bounce
trace      unix  - - n -    0 bounce
verify     unix  - - n -    1 verify
flush      unix  n - n 1000? 0 flush
proxymap   unix  - - n -    - proxymap
proxywrite unix  - - n -    1 proxymap
smtp       unix  - - n -    - smtp
relay      unix  - - n -    - smtp
showq      unix  n - n -    - showq
error      unix  - - n -    - error
retry      unix  - - n -    - error
discard    unix  - - n -    - discard
virtual    unix  - n n -    - virtual
anvil      unix  - - n -    1 anvil
scache     unix  - - n -    1 scache
postlog    unix-dgram n - n - 1 postlogd
"""
"""Postfix 3.7's default services, none chrooted (a chroot would need copies of system files)."""
QUEUE_FOLDERS = ("active", "bounce", "corrupt", "defer", "deferred", "flush", "hold", "incoming",
                 "private", "saved", "trace")  # fmt: skip


@dataclass(frozen=True)
class Mailboxes:
    """A domain whose every address is delivered into one Maildir (a provider's catch-all)."""

    domain: str
    base: Path
    maildir: str
    """Relative to ``base``, ending in ``/``: e.g. ``assistant/Maildir/``."""
    uid: int
    gid: int


@dataclass(frozen=True)
class Submission:
    """Port 587 as a provider runs it: STARTTLS required, then SASL login, then relaying."""

    cert: Path
    key: Path
    sasl_socket: Path
    """Dovecot's auth socket (Postfix's ``smtpd_sasl_type = dovecot``)."""


def _required_root() -> None:
    if os.getuid() == 0:
        return
    reason = "a private Postfix needs root (its master starts daemons as the postfix user)"
    if any(os.environ.get(variable) for variable in CI_VARIABLES):
        pytest.fail(reason)
    pytest.skip(reason)


class Postfix(Daemon):
    """One running Postfix; mail for ``routes`` domains goes to their loopback ports, for the
    ``mailboxes`` domain into its Maildir, and anything else to ``relay_port``."""

    def __init__(
        self,
        *,
        hostname: str,
        relay_port: int,
        routes: dict[str, int] | None = None,
        mailboxes: Mailboxes | None = None,
        submission: Submission | None = None,
    ) -> None:
        postconf = required_program("postconf", "postfix")
        _required_root()
        daemons = subprocess.run(
            [postconf, "-h", "daemon_directory"], capture_output=True, text=True, check=True
        )
        self.master = Path(daemons.stdout.strip()) / "master"
        """Run directly (``-s``: in the foreground), it starts in a fraction of the time
        ``postfix start-fg`` takes with its shell script around it."""
        self.root = Path(tempfile.mkdtemp(prefix="mailer-postfix-"))
        self.root.chmod(0o755)
        self.etc = self.root / "etc"
        self.etc.mkdir()
        self.log = self.root / "postfix.log"
        self.port = free_port()
        self.submission_port = free_port() if submission else 0
        try:
            self._write_config(hostname, relay_port, routes or {}, mailboxes, submission)
            self._make_queue()
            self.start()
        except BaseException:
            self.close()
            raise

    def _write_config(
        self,
        hostname: str,
        relay_port: int,
        routes: dict[str, int],
        mailboxes: Mailboxes | None,
        submission: Submission | None,
    ) -> None:
        transports = ", ".join(f"{d}=smtp:[127.0.0.1]:{p}" for d, p in routes.items())
        main = {
            "compatibility_level": "3.6",
            "queue_directory": self.root / "queue",
            "data_directory": self.root / "data",
            "meta_directory": "/etc/postfix",
            "mail_owner": "postfix",
            "setgid_group": "postdrop",
            "maillog_file": self.log,
            "maillog_file_prefixes": self.root,  # Postfix writes logs only where allowed
            "myhostname": hostname,
            "mydomain": hostname.partition(".")[2] or hostname,
            "myorigin": hostname,
            "mydestination": "",
            "inet_interfaces": "127.0.0.1",
            "inet_protocols": "ipv4",
            "mynetworks": "127.0.0.0/8",
            "alias_maps": "",
            "alias_database": "",
            "local_recipient_maps": "",
            "local_transport": "error:no local delivery here",
            "biff": "no",
            "smtp_dns_support_level": "disabled",  # nothing is looked up: every route is a port
            "relayhost": f"[127.0.0.1]:{relay_port}",
            "relay_domains": ", ".join(routes),
            "transport_maps": f"inline:{{ {transports} }}" if routes else "",
            "smtpd_relay_restrictions": "permit_mynetworks, permit_sasl_authenticated, "
            "reject_unauth_destination",
            "smtp_tls_security_level": "none",
            # a test waits for deliveries: retry a refused one in a second, not in minutes
            "queue_run_delay": "1s",
            "minimal_backoff_time": "1s",
            "maximal_backoff_time": "2s",
            "smtp_connection_cache_on_demand": "no",
            "smtpd_error_sleep_time": "0s",
        }
        if mailboxes is not None:
            main |= {
                "virtual_mailbox_domains": mailboxes.domain,
                "virtual_mailbox_base": mailboxes.base,
                "virtual_mailbox_maps": f"static:{mailboxes.maildir}",
                "virtual_uid_maps": f"static:{mailboxes.uid}",
                "virtual_gid_maps": f"static:{mailboxes.gid}",
                "virtual_minimum_uid": min(mailboxes.uid, 100),
            }
        listeners = [f"127.0.0.1:{self.port} inet n - n - - smtpd"]
        if submission is not None:
            main |= {
                "smtpd_tls_cert_file": submission.cert,
                "smtpd_tls_key_file": submission.key,
                "smtpd_sasl_type": "dovecot",
                "smtpd_sasl_path": submission.sasl_socket,
                "smtpd_sasl_authenticated_header": "yes",
                "smtpd_tls_received_header": "yes",
            }
            listeners.append(
                f"127.0.0.1:{self.submission_port} inet n - n - - smtpd\n"
                "  -o syslog_name=postfix/submission\n"
                "  -o smtpd_tls_security_level=encrypt\n"
                "  -o smtpd_tls_auth_only=yes\n"
                "  -o smtpd_sasl_auth_enable=yes\n"
                "  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject"
            )
        (self.etc / "main.cf").write_text("".join(f"{k} = {v}\n" for k, v in main.items()))
        (self.etc / "master.cf").write_text("\n".join(listeners) + "\n" + SERVICES)
        for written in self.etc.iterdir():  # Postfix waits for a file this new to settle
            stat = written.stat()
            os.utime(written, (stat.st_atime - 60, stat.st_mtime - 60))

    def _make_queue(self) -> None:
        """The queue and data directories as Postfix's ``postfix-files`` lays them out, made
        here because its own check (``post-install``) takes seconds; ``quick-start`` then tells
        ``postfix start`` to skip that check."""
        postfix, postdrop = pwd.getpwnam("postfix"), grp.getgrnam("postdrop")
        queue = self.root / "queue"
        layout = {name: (postfix.pw_gid, 0o700) for name in QUEUE_FOLDERS}
        layout |= {"maildrop": (postdrop.gr_gid, 0o730), "public": (postdrop.gr_gid, 0o710)}
        queue.mkdir(mode=0o755)
        (queue / "pid").mkdir(mode=0o755)
        for name, (gid, mode) in layout.items():
            (queue / name).mkdir()
            os.chown(queue / name, postfix.pw_uid, gid)
            (queue / name).chmod(mode)
        (self.root / "data").mkdir(mode=0o700)
        os.chown(self.root / "data", postfix.pw_uid, postfix.pw_gid)
        (queue / "quick-start").touch()

    def start(self) -> None:
        """Start the master in the foreground of its own session; wait until it listens."""
        process = self.spawn([str(self.master), "-c", str(self.etc), "-s"])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"postfix exited at start:\n{self.logs()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=2) as probe:
                    if probe.recv(3) == b"220":
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"postfix did not listen on {self.port}:\n{self.logs()}")

    def queue(self) -> str:
        """``postqueue -p``: what is still waiting, and why (for a failure's message)."""
        done = subprocess.run(
            [required_program("postqueue", "postfix"), "-c", str(self.etc), "-p"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        return done.stdout + done.stderr


def wait_for(check: Callable[[], bool], postfix: Postfix, what: str, seconds: float = 20) -> None:
    """Poll until ``check()`` holds; else fail with Postfix's queue and log, which say why."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(
                f"{what}: not within {seconds} s\nqueue:\n{postfix.queue()}\nlog:\n{postfix.logs()}"
            )
        time.sleep(0.05)
