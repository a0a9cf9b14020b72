"""The SMTP port free or ours; FAIL when it listens beyond loopback without sender_auth."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mailer.config import load_config
from mailer.doctor import Checkup
from tests.conftest import RunningService
from tests.doctor.checkups import configure, findings, only
from tests.doctor.dns_server import dns_server
from tests.inbound.dovecot import free_port


@contextmanager
def other_server(port: int) -> Iterator[None]:
    """Something else on the port: a listener that greets as another mail server."""
    listener = socket.create_server(("127.0.0.1", port))
    listener.settimeout(0.2)
    stop = threading.Event()

    def greet() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.sendall(b"220 mx.other.example ESMTP Postfix\r\n")

    thread = threading.Thread(target=greet, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def test_a_free_port_is_ok(tmp_path: Path):
    found = only(Checkup(configure(tmp_path, port=str(free_port()))), "smtp port")
    assert found.level == "ok" and "is free" in found.message


def test_our_running_server_is_ok(tmp_path: Path):
    port = free_port()
    path = configure(tmp_path, port=str(port))
    running = RunningService(load_config(path))
    try:
        # the service was given port 0: point the config at the port it really took
        path = configure(tmp_path, port=str(running.port))
        found = only(Checkup(path), "smtp port")
    finally:
        running.stop()
    assert found.level == "ok" and "mailer serve answers" in found.message


def test_another_program_on_the_port_fails(tmp_path: Path):
    port = free_port()
    with other_server(port):
        found = only(Checkup(configure(tmp_path, port=str(port))), "smtp port")
    assert found.level == "FAIL" and "220 mx.other.example ESMTP Postfix" in found.message


def test_beyond_loopback_without_require_fails(tmp_path: Path):
    path = configure(tmp_path, host='"0.0.0.0"', sender_auth='"prefer"')
    found = only(Checkup(path), "sender auth")
    assert found.level == "FAIL" and "anyone who reaches it can write as a user" in found.message
    assert 'sender_auth = "require"' in found.advice


def test_beyond_loopback_with_require_is_ok(tmp_path: Path):
    path = configure(tmp_path, host='"0.0.0.0"', sender_auth='"require"')
    assert only(Checkup(path), "sender auth").level == "ok"


def test_loopback_for_a_real_domain_without_require_is_a_warning(tmp_path: Path):
    path = configure(tmp_path, domain='"assistant.example.org"')
    with dns_server({}) as dns:  # its DNS checks ask ours, never the Internet
        assert only(Checkup(path, resolver=dns.resolver()), "sender auth").level == "warn"
    assert only(Checkup(configure(tmp_path)), "sender auth").level == "ok"


def test_relays_trusted_without_their_names_is_a_warning(tmp_path: Path):
    path = configure(tmp_path, sender_auth='"require"', trusted_relays='["127.0.0.1"]')
    levels = [f.level for f in findings(Checkup(path), "sender auth")]
    assert levels == ["warn", "ok"]
    path = configure(tmp_path, sender_auth='"require"', trusted_relays='["127.0.0.1"]',
                     trusted_authserv_ids='["mx.example.org"]')  # fmt: skip
    assert [f.level for f in findings(Checkup(path), "sender auth")] == ["ok"]
