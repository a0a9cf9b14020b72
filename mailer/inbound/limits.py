"""Limits that keep one SMTP client from hurting the others, each a small mixin over aiosmtpd.

The SMTP port faces the Internet, so every client is treated as possibly hostile:

* :class:`PerAddressCap` answers 421 at connect to an address that already has
  ``max_connections_per_ip`` connections open, before aiosmtpd's machinery runs for it.
* :class:`StrictLineEndings` hangs up with 521 on a bare CR or LF anywhere in the stream. SMTP
  lines end with CRLF only (RFC 5321 2.3.8); accepting ``\\n.\\n`` or ``\\r.\\n`` as an end of
  data is what "SMTP smuggling" exploits (CVE-2023-51764..6; aiosmtpd's GHSA-fp5j-5jfp-vhvc,
  fixed in 1.4.5, which since waits for ``\\r\\n.\\r\\n``). Refusing the message outright is
  stricter still: a relay that ends data differently from us can never get part of one message
  read as a second one, and we never store text whose line structure is ambiguous.
* :class:`Deadlines` bounds the time a client may take: aiosmtpd's ``timeout`` is the wait
  for each command; the whole of DATA (354 to the final dot) must fit in ``data_timeout``;
  either one ends with a 421 instead of aiosmtpd's silent hang-up. Our own storing of the
  message is not counted against the client.

aiosmtpd 1.4 offers no public hook for the connection, the raw bytes or its timer, so these
override ``connection_made``, ``data_received`` and ``_timeout_cb``/``_reset_timeout`` (all
pinned by the tests in ``tests/inbound/test_smtp_*.py``).
"""

from __future__ import annotations

import asyncio
import collections
import logging
from typing import Any

from aiosmtpd.smtp import SMTP

from mailer.inbound import replies

log = logging.getLogger(__name__)


def _line(reply: str) -> bytes:
    return reply.encode("ascii") + b"\r\n"


def _stream(transport: asyncio.BaseTransport) -> asyncio.Transport:
    """The connection as what it is: aiosmtpd (like asyncio's ``Protocol``) types it as a
    ``BaseTransport``, but a TCP or TLS server connection is a read-write ``Transport``."""
    if not isinstance(transport, asyncio.Transport):
        raise TypeError(f"an SMTP connection needs a read-write transport, not {transport!r}")
    return transport


class ConnectionLimiter:
    """Open connections per client address, shared by every connection of one server."""

    def __init__(self, per_address: int) -> None:
        self.per_address = per_address
        self.open: collections.Counter[str] = collections.Counter()

    def acquire(self, address: str) -> bool:
        """Count one more connection from ``address``, unless it already has its share."""
        if self.open[address] >= self.per_address:
            return False
        self.open[address] += 1
        return True

    def release(self, address: str) -> None:
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]


class PerAddressCap(SMTP):
    """Refuses a connection over its address's cap with 421 4.7.0, before any greeting."""

    def __init__(self, *args: Any, limiter: ConnectionLimiter | None = None, **kwargs: Any):
        self.limiter = limiter
        self.counted_address: str | None = None
        self.refused = False
        super().__init__(*args, **kwargs)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        peer = transport.get_extra_info("peername")
        address = peer[0] if isinstance(peer, tuple) else None
        if self.transport is None and self.limiter is not None and address is not None:
            if not self.limiter.acquire(address):
                log.warning("%s has too many connections open; refused", address)
                self.refused = True
                _stream(transport).write(_line(replies.TOO_MANY_CONNECTIONS))
                transport.close()
                return  # aiosmtpd never sees this connection
            self.counted_address = address
        super().connection_made(transport)

    def connection_lost(self, error: Exception | None) -> None:
        if self.refused:
            return
        if self.counted_address is not None and self.limiter is not None:
            self.limiter.release(self.counted_address)
            self.counted_address = None
        super().connection_lost(error)


class LineEndingGuard:
    """Finds a CR or LF that is not part of a CRLF, across the chunks of one stream."""

    def __init__(self) -> None:
        self.pending_cr = False

    def bare(self, chunk: bytes) -> bool:
        """True when ``chunk`` (with what came before) has a bare CR or LF."""
        if not chunk:
            return False
        if self.pending_cr:
            if not chunk.startswith(b"\n"):
                return True
            chunk = chunk[1:]
        self.pending_cr = chunk.endswith(b"\r")
        if self.pending_cr:
            chunk = chunk[:-1]
        pairs = chunk.count(b"\r\n")
        return chunk.count(b"\r") != pairs or chunk.count(b"\n") != pairs


class StrictLineEndings(SMTP):
    """Hangs up with 521 5.5.2 on a bare CR or LF, in commands and in message text alike.

    The offending bytes never reach aiosmtpd, so no message that contains them is ever
    completed, stored or answered 250.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.line_endings = LineEndingGuard()
        super().__init__(*args, **kwargs)

    def data_received(self, data: bytes) -> None:
        if self.line_endings.bare(data):
            peer = self.session.peer if self.session else None
            log.warning("%r sent a bare CR or LF; closing", peer)
            if self.transport is not None:
                _stream(self.transport).write(_line(replies.BARE_LINE_ENDING))
                self.transport.close()
            return
        super().data_received(data)


class Deadlines(SMTP):
    """The command time-out answered 421, and a deadline for the whole of DATA."""

    def __init__(self, *args: Any, data_timeout: float = 600, **kwargs: Any) -> None:
        self.data_timeout = data_timeout
        self.timeout_reply = replies.TIMEOUT
        super().__init__(*args, **kwargs)

    async def smtp_DATA(self, arg: str) -> None:
        self._reset_timeout(self.data_timeout)
        self.timeout_reply = replies.DATA_TIMEOUT
        try:
            await super().smtp_DATA(arg)
        finally:
            self.timeout_reply = replies.TIMEOUT
            if self.transport is not None:
                self._reset_timeout()  # back to waiting for the next command

    async def _call_handler_hook(self, command: str, *args: Any) -> Any:
        if command == "DATA":  # the message is in: storing it is our time, not the client's
            self._reset_timeout()
            self.timeout_reply = replies.TIMEOUT
        return await super()._call_handler_hook(command, *args)

    def _timeout_cb(self) -> None:
        transport = self.transport
        if transport is not None and not transport.is_closing():
            stream = _stream(transport)
            stream.write(_line(self.timeout_reply))
            if stream.get_write_buffer_size() > 0:
                stream.abort()  # a client that never reads
                return
        super()._timeout_cb()
