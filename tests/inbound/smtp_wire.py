"""Raw SMTP over a socket, for tests that must send exactly the bytes a hostile client would.

smtplib and aiosmtplib fix line endings and refuse long lines; an attacker does not.
"""

from __future__ import annotations

import re
import select
import socket
import time
from pathlib import Path

from tests.conftest import ALICE

REPLY_LINE = re.compile(rb"^(\d{3})([ -])(.*)$")


def configure(
    config_path: Path,
    *,
    inbound: dict[str, int] | None = None,
    database: dict[str, int] | None = None,
) -> None:
    """Add keys to ``[inbound]`` and ``[database]`` of a config written by ``write_config``."""
    text = config_path.read_text(encoding="utf-8")
    lines = "".join(f"\n{key} = {value}" for key, value in (inbound or {}).items())
    text = text.replace("max_message_bytes = 200000", "max_message_bytes = 200000" + lines, 1)
    lines = "".join(f"{key} = {value}\n" for key, value in (database or {}).items())
    text = text.replace("[database]\n", "[database]\n" + lines, 1)
    config_path.write_text(text, encoding="utf-8")


class Wire:
    """One SMTP connection driven byte by byte."""

    def __init__(self, host: str, port: int, *, timeout: float = 10) -> None:
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buffer = b""

    def __enter__(self) -> Wire:
        return self

    def __exit__(self, *exc: object) -> None:
        self.sock.close()

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def _line(self) -> bytes:
        while b"\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError(f"closed by the server; unread: {self.buffer!r}")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\r\n")
        return line

    def reply(self) -> str:
        """The next reply, as ``"CODE text"`` of its last line."""
        while True:
            match = REPLY_LINE.match(self._line())
            assert match, "not an SMTP reply"
            if match[2] == b" ":
                return f"{match[1].decode()} {match[3].decode()}"

    def command(self, line: bytes) -> str:
        self.send(line + b"\r\n")
        return self.reply()

    def hello(self) -> None:
        assert self.reply().startswith("220 ")
        assert self.command(b"EHLO client.example").startswith("250 ")

    def start_data(self, sender: str = ALICE) -> None:
        """MAIL, RCPT and DATA, up to the 354."""
        assert self.command(f"MAIL FROM:<{sender}>".encode()).startswith("250 ")
        assert self.command(b"RCPT TO:<invites@assistant.localhost>").startswith("250 ")
        assert self.command(b"DATA").startswith("354 ")

    def send_slowly(self, pieces: list[bytes], pause: float) -> bool:
        """Send ``pieces`` ``pause`` seconds apart; stop (True) once the server has answered."""
        for piece in pieces:
            if select.select([self.sock], [], [], pause)[0]:
                return True
            self.send(piece)
        return bool(select.select([self.sock], [], [], pause)[0])

    def closed(self, within: float = 5) -> bool:
        """True when the server hangs up within ``within`` seconds (all replies read first)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            self.sock.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                chunk = self.sock.recv(65536)
            except TimeoutError:
                return False
            except ConnectionResetError:
                return True
            if not chunk:
                return True
            self.buffer += chunk
        return False
