"""`mailer serve` tells systemd it is ready once SMTP listens, and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from mailer.readiness import notify
from tests.conftest import write_config
from tests.inbound.dovecot import free_port


def _listening_socket() -> tuple[socket.socket, str]:
    """A unix datagram socket, as systemd's; in a short folder (unix paths hold 107 bytes)."""
    path = os.path.join(tempfile.mkdtemp(prefix="notify-"), "sock")
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind(path)
    receiver.settimeout(60)
    return receiver, path


def test_ready_once_smtp_listens_and_a_clean_exit_on_sigterm(tmp_path: Path):
    port = free_port()
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'mailer.db'}")
    config.write_text(config.read_text().replace("port = 8025", f"port = {port}"))
    receiver, path = _listening_socket()
    environment = {**os.environ, "NOTIFY_SOCKET": path}
    with open(tmp_path / "serve.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "mailer", "--config", str(config), "serve"],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        ready = receiver.recv(4096).decode()
        assert ready == f"READY=1\nSTATUS=SMTP on 127.0.0.1:{port}"
        with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
            assert client.recv(4).startswith(b"220")  # ready meant ready
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0, (tmp_path / "serve.log").read_text()
        assert receiver.recv(4096) == b"STOPPING=1"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        receiver.close()


def test_an_abstract_socket_name_and_no_manager():
    name = f"@mailer-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as receiver:
        receiver.bind("\0" + name[1:])
        receiver.settimeout(5)
        assert notify("READY=1", {"NOTIFY_SOCKET": name})
        assert receiver.recv(64) == b"READY=1"
    assert not notify("READY=1", {})
    assert not notify("READY=1", {"NOTIFY_SOCKET": "/nonexistent/socket"})  # logged, not fatal
