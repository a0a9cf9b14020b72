"""`mailer serve` as a subprocess that tests can kill, stop and start again."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``mailer serve`` as a subprocess that can be killed and started again."""

    def __init__(
        self, config_path: Path, port: int, logs: Path, *, now: str = "", http_port: int = 0
    ) -> None:
        self.config_path, self.port, self.logs = config_path, port, logs
        self.now = now
        """``--now``: the server's clock (empty: the machine's)."""
        self.http_port = http_port
        """When set, starting also waits for the HTTP endpoint there."""
        self.starts = 0
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.starts += 1
        with open(self.logs / f"serve-{self.starts}.log", "wb") as log:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "mailer", "--config", str(self.config_path)),
                    *(("--now", self.now) if self.now else ()),
                    "serve",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"mailer serve exited; see {self.logs}"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as probe:
                    if probe.recv(4).startswith(b"220"):
                        break
            except OSError:
                time.sleep(0.05)
        else:
            raise AssertionError(f"mailer serve did not listen on {self.port} within 60 s")
        if self.http_port:  # the HTTP endpoint starts after SMTP, in the same start
            deadline = time.monotonic() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", self.http_port), timeout=1).close()
                    return
                except OSError:
                    assert time.monotonic() < deadline, f"no HTTP on {self.http_port}"
                    time.sleep(0.05)

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def terminate(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def descendants(self) -> list[int]:
        """The processes the server started, and theirs (the fork server, the worker)."""
        assert self.process is not None
        found, waiting = [], [self.process.pid]
        while waiting:
            pid = waiting.pop()
            try:
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:  # it has just ended
                continue
            found += [int(child) for child in children]
            waiting += [int(child) for child in children]
        return found
