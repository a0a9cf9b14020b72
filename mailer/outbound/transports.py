"""Where sent mail goes: a local Maildir (the default: nothing leaves the machine) or a relay.

Failures are sorted the way mail servers mean them: a 4xx answer, a refused connection or a
time-out is temporary (retry later, with backoff); a 5xx answer is permanent (give up now and
keep the server's words for the user).
"""

from __future__ import annotations

import asyncio
import mailbox
import random
import threading
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal, Protocol

import aiosmtplib


class DeliveryFailure(Exception):
    """A message could not be handed over; the text is the server's answer or the error."""


class TemporaryFailure(DeliveryFailure):
    """Try again later: 4xx, no connection, time-out."""


class PermanentFailure(DeliveryFailure):
    """Do not try again: the server refused with 5xx."""


class Transport(Protocol):
    async def send(self, message: bytes, *, sender: str, recipients: Sequence[str]) -> None:
        """Hand over ``message`` (CRLF wire bytes) or raise a :class:`DeliveryFailure`."""

    async def close(self) -> None: ...


class MaildirTransport:
    """Each message becomes a file in ``path`` (a Maildir, created when missing).

    Writes are serialised: ``mailbox.Maildir`` creates its folders and names its files with
    a class-wide counter, and neither is safe for two threads at once (parallel sends made
    one of them fail with "File exists").
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    async def send(self, message: bytes, *, sender: str, recipients: Sequence[str]) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self._deliver, message)

    async def close(self) -> None:
        """Nothing to close: each message is its own file."""

    def _deliver(self, message: bytes) -> None:
        try:
            with self._lock:  # a Maildir holds local mail: LF line ends
                mailbox.Maildir(self.path, create=True).add(message.replace(b"\r\n", b"\n"))
        except OSError as exc:
            raise TemporaryFailure(f"cannot write to the Maildir {self.path}: {exc}") from exc


Security = Literal["none", "starttls", "tls"]


class SmtpTransport:
    """Hands messages to an SMTP relay with aiosmtplib, over connections kept open.

    Reconnecting for every message would cost a TCP and TLS handshake each: a connection is
    opened on first use, kept for the next message, reopened once if the relay dropped it, and
    closed by :meth:`close`. Senders running at once each get a connection of their own (as
    an MTA delivers over parallel connections), so the pool holds as many as were ever busy
    together.
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        security: Security = "starttls",
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30,
        validate_certs: bool = True,
        ca_file: Path | None = None,
    ) -> None:
        self.host, self.port, self.security = host, port, security
        self.username, self.password = username or None, password or None
        self.timeout, self.validate_certs = timeout, validate_certs
        self.ca_file = ca_file
        """Certificates to trust instead of the system's (a relay with its own CA)."""
        self._idle: list[aiosmtplib.SMTP] = []

    async def _connect(self) -> aiosmtplib.SMTP:
        client = aiosmtplib.SMTP(
            hostname=self.host,
            port=self.port,
            use_tls=self.security == "tls",
            start_tls=self.security == "starttls",
            timeout=self.timeout,
            validate_certs=self.validate_certs,
            cert_bundle=str(self.ca_file) if self.ca_file else None,
            username=self.username,
            password=self.password,
        )
        await client.connect()
        return client

    async def send(self, message: bytes, *, sender: str, recipients: Sequence[str]) -> None:
        client = self._idle.pop() if self._idle else None
        try:
            for attempt in (1, 2):
                try:
                    if client is None or not client.is_connected:
                        client = await self._connect()
                    refused, _ = await client.sendmail(sender, list(recipients), message)
                    break
                except aiosmtplib.SMTPServerDisconnected as exc:
                    client = None
                    if attempt == 2:
                        raise TemporaryFailure(f"{self.host}:{self.port}: {exc}") from exc
                except aiosmtplib.SMTPRecipientsRefused as exc:
                    client = await _reset(client)
                    raise _classify(exc.recipients[0].code, exc.recipients[0].message) from exc
                except aiosmtplib.SMTPResponseException as exc:
                    client = await _reset(client)
                    raise _classify(exc.code, exc.message) from exc
                except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
                    if client is not None:
                        client.close()
                    client = None
                    raise TemporaryFailure(f"{self.host}:{self.port}: {exc}") from exc
        finally:
            if client is not None and client.is_connected:
                self._idle.append(client)
        for response in refused.values():
            if response.code >= 400:
                raise _classify(response.code, response.message)

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for client in idle:
            try:
                await client.quit()
            except (aiosmtplib.SMTPException, OSError):
                client.close()


async def _reset(client: aiosmtplib.SMTP | None) -> aiosmtplib.SMTP | None:
    """After a refusal the session must start over (RSET), or be dropped."""
    try:
        if client is not None and client.is_connected:
            await client.rset()
            return client
    except (aiosmtplib.SMTPException, OSError):
        if client is not None:  # it is: only its rset() raises
            client.close()
    return None


def _classify(code: int, message: str) -> DeliveryFailure:
    text = f"{code} {message}".strip()
    return PermanentFailure(text) if code >= 500 else TemporaryFailure(text)


def backoff_delay(
    attempt: int, *, base: float = 60, factor: float = 2, cap: float = 6 * 3600, jitter: float = 0.1
) -> timedelta:
    """How long to wait before try number ``attempt`` (1, 2, ...): 1, 2, 4 ... minutes, capped."""
    delay = min(cap, base * factor ** max(0, attempt - 1))
    return timedelta(seconds=delay * (1 + random.uniform(-jitter, jitter)))


def give_up(first_attempt_at: datetime, now: datetime, lifetime: timedelta) -> bool:
    """True once a message has been failing for longer than its lifetime."""
    return now - first_attempt_at >= lifetime
