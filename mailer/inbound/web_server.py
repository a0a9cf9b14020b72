"""Serve :mod:`mailer.inbound.web` on the Internet: aiohttp in the service's event loop, with
limits that a slow or hostile client cannot get round.

The standard library's ``http.server`` (what this replaced) had an accept backlog of 5, a thread
per connection and no time limit for the request head: 2,000 connections that sent half a
request line got 280 connects refused, held 1,720 threads, and a normal request still timed out
2 s after they were released. Here:

- one event loop, no thread per connection; the listening socket has a backlog of
  :data:`BACKLOG`;
- a connection must send its whole request head within ``[http] header_timeout_seconds`` of
  connecting, however it dribbles the bytes in (a total, not an idle, deadline: aiohttp's own
  keep-alive timer is an idle one, and older versions started it only after a first request),
  and its whole request must then be read, handled and answered within
  ``request_timeout_seconds``;
- at most ``[http] max_connections`` are open at once. When a new one would pass the limit, the
  connection that has waited longest without sending its request head is closed to make room
  (an idle flood loses its oldest, not the caller that has just come); only when every
  connection is busy with a request is the new one closed;
- the head is capped at :data:`MAX_HEAD_BYTES` (line, field and count limits in aiohttp's
  parser, a byte total here) and a body at :data:`MAX_BODY_BYTES` (aiohttp's
  ``client_max_size``: an unsubscribe is 26 bytes);
- one request per connection (``Connection: close``): the callers are mail providers posting an
  unsubscribe, calendar apps polling every few hours and a reverse proxy on loopback, none of
  which gains from keep-alive, and a connection with one request has exactly two deadlines.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from aiohttp.typedefs import Middleware

from mailer.config import HttpConfig
from mailer.inbound.web import Endpoint, routes

log = logging.getLogger(__name__)

BACKLOG = 1024
"""Connections the kernel queues before we accept them (capped by ``net.core.somaxconn``)."""
MAX_LINE_BYTES = 8190
"""The request line, and each header line (aiohttp's ``max_line_size`` and ``max_field_size``)."""
MAX_HEADERS = 64
MAX_HEAD_BYTES = 16 * 1024
"""The request line and headers together; with the body, what a connection may send before its
request is handled (a reverse proxy's headers fit many times over)."""
MAX_BODY_BYTES = 16 * 1024
RESERVED_FILES = 256
"""Open files kept for everything else (SMTP connections, the database, the spool) when the
process's file limit is lower than ``max_connections``."""
EVICTION_WARNING_SECONDS = 60.0

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class HttpListenError(Exception):
    """The HTTP endpoint cannot listen where ``[http]`` says; the message says what to change."""


@dataclass(frozen=True)
class WebLimits:
    max_connections: int
    header_timeout: float
    request_timeout: float

    @classmethod
    def from_config(cls, http: HttpConfig) -> WebLimits:
        """The configured limits, with ``max_connections`` lowered to what the process's open-file
        limit allows (a warning says so)."""
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        allowed = http.max_connections
        if soft != resource.RLIM_INFINITY and soft - RESERVED_FILES < allowed:
            allowed = max(1, soft - RESERVED_FILES)
            log.warning(
                "HTTP: at most %d connections, not %d: the open-file limit is %d (raise it, "
                "e.g. LimitNOFILE= in the systemd unit)",
                allowed,
                http.max_connections,
                soft,
            )
        return cls(allowed, http.header_timeout_seconds, http.request_timeout_seconds)


def raise_open_file_limit() -> int:
    """Raise this process's soft open-file limit to its hard limit, as servers do (systemd's
    default soft limit, 1,024, is below what ``max_connections`` may need); the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError) as exc:
            log.warning("cannot raise the open-file limit from %d to %d: %s", soft, hard, exc)
    return soft


class Connection(asyncio.Protocol):
    """One client connection: aiohttp's protocol inside, the guard's deadlines around it."""

    def __init__(self, inner: asyncio.Protocol, guard: ConnectionGuard) -> None:
        self.inner, self.guard = inner, guard
        self.transport: asyncio.Transport | None = None
        self.timer: asyncio.TimerHandle | None = None
        self.received = 0
        """Bytes received before the request was handed to its handler."""
        self.head_ended = False
        self._tail = b""
        """The last bytes searched for the end of the head (``CRLF CRLF`` may span two reads)."""
        self.waiting = True
        """Still waiting for the request head (the only state in which it may be evicted)."""
        self.admitted = self.closing = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        if self.guard.admit(self):
            self.inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self.closing:
            return
        if self.waiting and self._too_much(data):
            self.guard.close(self, "sent a request head or body over the limit")
            return
        self.inner.data_received(data)

    def _too_much(self, data: bytes) -> bool:
        """Whether the head so far is over :data:`MAX_HEAD_BYTES`, or head and body together
        over that and :data:`MAX_BODY_BYTES`, before the handler has the request."""
        before, self.received = self.received, self.received + len(data)
        if self.received > MAX_HEAD_BYTES + MAX_BODY_BYTES:
            return True
        if self.head_ended:
            return False
        searched = self._tail + data
        end = searched.find(b"\r\n\r\n")
        if end < 0:
            self._tail = searched[-3:]
            return self.received > MAX_HEAD_BYTES
        self.head_ended = True
        return before - len(self._tail) + end + 4 > MAX_HEAD_BYTES

    def eof_received(self) -> bool | None:
        return self.inner.eof_received() if self.admitted else None

    def connection_lost(self, exc: Exception | None) -> None:
        self.guard.release(self)
        if self.admitted:
            self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()

    def deadline(self, seconds: float, why: str) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.timer = asyncio.get_running_loop().call_later(seconds, self.guard.close, self, why)


class ConnectionGuard:
    """Every open connection and its deadline; the oldest still waiting for a head first."""

    def __init__(self, limits: WebLimits) -> None:
        self.limits = limits
        self.open: dict[asyncio.BaseTransport, Connection] = {}
        """Admitted and not closing, by transport (how a request finds its connection)."""
        self.waiting: OrderedDict[Connection, None] = OrderedDict()
        self.closed: dict[str, int] = {}
        """Connections we closed, by reason (logged when the server stops)."""
        self._warned = float("-inf")

    def admit(self, connection: Connection) -> bool:
        """Take a new connection, making room if need be; False when it was closed instead."""
        if len(self.open) >= self.limits.max_connections:
            if not self.waiting:
                self.close(connection, "refused: every connection is busy with a request")
                return False
            oldest = next(iter(self.waiting))
            self.close(oldest, "closed to make room: it had sent no request yet")
            self._warn_evicting()
        assert connection.transport is not None
        connection.admitted = True
        self.open[connection.transport] = connection
        self.waiting[connection] = None
        connection.deadline(self.limits.header_timeout, "sent no whole request head in time")
        return True

    def _warn_evicting(self) -> None:
        if time.monotonic() - self._warned >= EVICTION_WARNING_SECONDS:
            self._warned = time.monotonic()
            log.warning(
                "HTTP: %d connections open, the most allowed ([http] max_connections): closing "
                "the ones that have sent no request yet, oldest first",
                self.limits.max_connections,
            )

    def busy(self, transport: asyncio.BaseTransport | None) -> None:
        """The connection's request head has arrived: from now on its request deadline runs."""
        connection = self.open.get(transport) if transport is not None else None
        if connection is not None and connection.waiting:
            connection.waiting = False
            self.waiting.pop(connection, None)
            connection.deadline(self.limits.request_timeout, "its request took too long")

    def close(self, connection: Connection, why: str) -> None:
        """Drop the connection now, unsent bytes and all (a client that does not read gets no
        say in how long closing takes)."""
        if connection.closing:
            return
        connection.closing = True
        self.closed[why] = self.closed.get(why, 0) + 1
        self._forget(connection)
        if connection.transport is not None:
            connection.transport.abort()

    def release(self, connection: Connection) -> None:
        """The connection has ended, whoever closed it."""
        connection.closing = True
        self._forget(connection)

    def _forget(self, connection: Connection) -> None:
        if connection.timer is not None:
            connection.timer.cancel()
        self.waiting.pop(connection, None)
        if connection.transport is not None:
            self.open.pop(connection.transport, None)

    def middleware(self) -> Middleware:
        @web.middleware
        async def one_request_per_connection(
            request: web.Request, handler: Handler
        ) -> web.StreamResponse:
            self.busy(request.transport)
            try:
                response = await handler(request)
            except web.HTTPException as exc:  # aiohttp's own answers (413, 405...)
                exc.force_close()
                raise
            response.force_close()
            return response

        return one_request_per_connection


class GuardedSite(web.BaseSite):
    """A TCP site whose every connection goes through the guard."""

    __slots__ = ("_guard", "_host", "_port")

    def __init__(self, runner: web.BaseRunner, host: str, port: int, guard: ConnectionGuard):
        super().__init__(runner, backlog=BACKLOG)
        self._host, self._port, self._guard = host, port, guard

    @property
    def name(self) -> str:
        return f"http://{self._host}:{self._port}"

    async def start(self) -> None:
        await super().start()
        server = self._runner.server
        assert server is not None
        self._server = await asyncio.get_running_loop().create_server(
            lambda: Connection(server(), self._guard),
            self._host,
            self._port,
            backlog=self._backlog,
            reuse_address=True,
        )

    @property
    def address(self) -> tuple[str, int]:
        assert self._server is not None
        sockets = self._server.sockets  # type: ignore[attr-defined]
        return sockets[0].getsockname()[:2]


class WebServer:
    """The endpoint on ``[http] host`` and ``port``, started and stopped with the service."""

    def __init__(self, endpoint: Endpoint, http: HttpConfig) -> None:
        self.http = http
        self.guard = ConnectionGuard(WebLimits.from_config(http))
        app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[self.guard.middleware()])
        app.add_routes(routes(endpoint))
        self.runner = web.AppRunner(
            app,
            access_log=None,  # the service logs what matters; request lines would be noise
            handler_cancellation=True,  # a client gone: stop working for it
            max_line_size=MAX_LINE_BYTES,
            max_field_size=MAX_LINE_BYTES,
            max_headers=MAX_HEADERS,
            shutdown_timeout=5.0,
        )

    async def start(self) -> tuple[str, int]:
        await self.runner.setup()
        site = GuardedSite(self.runner, self.http.host, self.http.port, self.guard)
        try:
            await site.start()
        except OSError as exc:
            await self.runner.cleanup()
            raise HttpListenError(
                f"cannot listen for HTTP on {self.http.host}:{self.http.port}: {exc.strerror}; "
                "change [http] port in the config or stop what is using it"
            ) from None
        host, port = site.address
        log.info("mailer listening for HTTP on %s:%s", host, port)
        return host, port

    async def stop(self) -> None:
        await self.runner.cleanup()
        if self.guard.closed:
            log.info("HTTP connections we closed: %s", self.guard.closed)
