"""The HTTP endpoint's limits, each seen from a real client on loopback: a request head must
arrive whole in time however it is dribbled, a request must be done in time, heads and bodies
have a size, and at the connection limit the oldest idle connection makes room."""

from __future__ import annotations

import contextlib
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailer.config import load_config
from mailer.inbound.web_server import MAX_BODY_BYTES, MAX_HEAD_BYTES
from tests.conftest import RunningService
from tests.inbound.web_links import http_config
from tests.outbound.sinks import free_port

HEADER_SECONDS, REQUEST_SECONDS, MAX_CONNECTIONS = 1, 2, 5


@pytest.fixture
def endpoint(tmp_path: Path) -> Iterator[int]:
    """A running service whose endpoint has short deadlines and room for five connections
    (on SQLite alone: these limits are the connection's, whatever the database)."""
    port = free_port()
    path = http_config(
        tmp_path,
        f"sqlite:///{tmp_path / 'mailer.db'}",
        port,
        header_timeout_seconds=HEADER_SECONDS,
        request_timeout_seconds=REQUEST_SECONDS,
        max_connections=MAX_CONNECTIONS,
    )
    running = RunningService(load_config(path))
    try:
        yield port
    finally:
        running.stop()


def _connect(port: int, data: bytes = b"") -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    if data:
        connection.sendall(data)
    return connection


def _answer(connection: socket.socket, started: float) -> tuple[bytes, float]:
    """What the server sent until it closed the connection (EOF or reset), and the seconds from
    ``started`` until then."""
    answer = b""
    try:
        while chunk := connection.recv(65536):
            answer += chunk
    except ConnectionResetError:
        pass
    finally:
        connection.close()
    return answer, time.monotonic() - started


def _closed_after(connection: socket.socket, started: float) -> float:
    return _answer(connection, started)[1]


def _status(port: int, path: str = "/", data: bytes | None = None) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", data=data, timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


def test_half_a_request_line_is_closed_at_the_header_deadline(endpoint: int):
    started = time.monotonic()
    connection = _connect(endpoint, b"GET /calendar/abc")
    assert HEADER_SECONDS - 0.1 <= _closed_after(connection, started) < HEADER_SECONDS + 1


def test_a_head_dribbled_in_byte_by_byte_is_closed_at_the_same_deadline(endpoint: int):
    """The deadline is for the whole head, not for each byte: a slow loris gains nothing."""
    started = time.monotonic()
    connection = _connect(endpoint)
    connection.settimeout(0.2)
    try:
        for byte in b"GET /calendar/abc.ics HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"y" * 100:
            connection.sendall(bytes([byte]))
            try:
                if connection.recv(1) == b"":
                    break
            except TimeoutError:
                continue
    except (BrokenPipeError, ConnectionResetError):
        pass
    assert _closed_after(connection, started) < HEADER_SECONDS + 1


def test_a_request_whose_body_never_comes_is_closed_at_the_request_deadline(endpoint: int):
    head = b"POST /unsubscribe/unsubscribe+1.x HTTP/1.1\r\nHost: x\r\nContent-Length: 26\r\n\r\n"
    started = time.monotonic()
    connection = _connect(endpoint, head + b"List-")
    assert REQUEST_SECONDS - 0.1 <= _closed_after(connection, started) < REQUEST_SECONDS + 1


def test_a_head_too_large_is_dropped_and_a_body_too_large_refused(endpoint: int):
    def head(pads: int) -> bytes:
        lines = b"".join(b"X-Pad-%d: %s\r\n" % (n, b"p" * 1000) for n in range(pads))
        return b"GET / HTTP/1.1\r\nHost: x\r\n" + lines + b"\r\n"

    assert len(head(12)) < MAX_HEAD_BYTES < len(head(20)) < MAX_HEAD_BYTES + MAX_BODY_BYTES
    connection = _connect(endpoint, head(12))
    assert connection.recv(12) == b"HTTP/1.1 404"  # under the limit: answered
    connection.close()
    data = head(20)
    for step in (len(data), 1000):  # in one piece, or in pieces that end reads mid-line
        connection, started = _connect(endpoint), time.monotonic()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for start in range(0, len(data), step):
                connection.sendall(data[start : start + step])
        answer, seconds = _answer(connection, started)
        assert answer == b"" and seconds < 1  # closed at once, with no answer
    body = b"List-Unsubscribe=One-Click&pad=" + b"p" * MAX_BODY_BYTES
    assert _status(endpoint, "/unsubscribe/unsubscribe+1.x", body) == 413


def test_at_the_limit_the_oldest_idle_connection_makes_room(endpoint: int):
    idle = [_connect(endpoint, b"GET /cal") for _ in range(MAX_CONNECTIONS)]
    time.sleep(0.2)
    assert _status(endpoint) == 404  # answered: the oldest idle one was closed for it
    started = time.monotonic()
    assert _closed_after(idle[0], started) < 0.5
    for connection in idle[1:]:
        connection.close()


def test_when_every_connection_is_busy_a_new_one_is_closed(endpoint: int):
    """Busy is a request being read or answered; the request deadline frees them in time."""
    head = b"POST /unsubscribe/unsubscribe+1.x HTTP/1.1\r\nHost: x\r\nContent-Length: 26\r\n\r\n"
    busy = [_connect(endpoint, head) for _ in range(MAX_CONNECTIONS)]
    time.sleep(0.2)
    extra = _connect(endpoint, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    assert _closed_after(extra, time.monotonic()) < 0.5
    for connection in busy:
        assert _closed_after(connection, time.monotonic()) < REQUEST_SECONDS + 1
    assert _status(endpoint) == 404  # room again
