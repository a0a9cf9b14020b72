"""What the loopback mail servers of the tests share (Dovecot, Postfix): finding the Debian
program, free ports, a self-signed certificate, and a process in a folder of its own.

Under CI (``CI`` or ``MAILER_TEST_POSTGRES_URL`` set) a missing program is a failure; elsewhere
the tests that need it are skipped saying how to install it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
from pathlib import Path

import pytest

CI_VARIABLES = ("CI", "MAILER_TEST_POSTGRES_URL")


def required_program(name: str, package: str) -> str:
    """The program's path, or a failure (CI) or skip (elsewhere) saying how to install it."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if found:
        return found
    reason = f"{name} is not installed: apt-get install {package} (as .ci/run does)"
    if any(os.environ.get(variable) for variable in CI_VARIABLES):
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_certificate(cert: Path, key: Path) -> None:
    """A self-signed certificate for 127.0.0.1 (two days), for a loopback server's TLS."""
    subprocess.run(
        [
            required_program("openssl", "openssl"),
            *("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-keyout", str(key), "-out", str(cert)),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
    )


class Daemon:
    """A server process started in a session of its own, with its files under ``root``."""

    root: Path
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def spawn(self, command: list[str]) -> subprocess.Popen[bytes]:
        """Start ``command`` in the foreground of its own session, its output in a file."""
        with open(self.root / "stderr.log", "ab") as stderr:
            self.process = subprocess.Popen(
                command, stdout=stderr, stderr=stderr, start_new_session=True
            )
        return self.process

    def stop(self) -> None:
        """SIGTERM, which ends the server's own processes too; SIGKILL to the whole session
        if it has not ended in 15 s."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def logs(self) -> str:
        files = (self.log, self.root / "stderr.log")
        return "\n".join(p.read_text(errors="replace") for p in files if p.exists())
