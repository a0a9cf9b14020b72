"""The aiosmtpd protocol and handler: hooks for RCPT and DATA (and errors), nothing else.

RCPT refuses any domain but ours (we are never a relay). DATA decides who the sender is from the
envelope and the From header (in the event loop when that needs nothing but the headers; in a
thread when it waits on DNS or the database), then hands the message to the store's group
commit and answers 250 once it is synced and its row committed; the loop serves the other
clients meanwhile. A failure of ours is a 451, so the client retries. The limits every
connection is held to live in :mod:`mailer.inbound.limits`.
"""

from __future__ import annotations

import asyncio
import collections
import functools
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from mailer.config import InboundConfig
from mailer.inbound import replies
from mailer.inbound.data_reader import StretchData
from mailer.inbound.envelope import recipient_refusal
from mailer.inbound.intake import Intake, Receipt
from mailer.inbound.limits import ConnectionLimiter, Deadlines, PerAddressCap, StrictLineEndings
from mailer.inbound.store import Admitted, StorageUnavailable

log = logging.getLogger(__name__)


class AssistantSMTP(PerAddressCap, StrictLineEndings, Deadlines, StretchData, SMTP):
    """aiosmtpd's SMTP with our limits (:mod:`mailer.inbound.limits`) and its built-in replies
    reworded to ours (with enhanced codes)."""

    def __init__(
        self, handler: Any, *, limit: int, max_line_length: int = 1000, **kwargs: Any
    ) -> None:
        # RFC 5321 counts the CRLF in a line's 1000 octets; aiosmtpd also counts the dot that
        # transparency may add in front (hence 1001), and sizes its stream reader by it.
        self.line_length_limit = max_line_length + 1
        super().__init__(handler, data_size_limit=limit, **kwargs)
        # aiosmtpd keeps these per class, so one client's EHLO would change every other
        # client's limit (and each new connection would reset them all): keep ours apart.
        self.command_size_limits = collections.defaultdict(lambda: SMTP.command_size_limit)
        self._builtin = {
            k: v.format(limit=limit) if "{limit}" in v else v for k, v in replies.BUILTIN.items()
        }

    async def push(self, status: Any) -> None:
        text = status.decode() if isinstance(status, bytes) else status
        ours = self._builtin.get(text)
        if ours is None:
            ours = next(
                (r for start, r in replies.BUILTIN_PREFIXES.items() if text.startswith(start)),
                text,
            )
        await super().push(ours)


def smtp_factory(config: InboundConfig, handler: Any) -> Callable[[], AssistantSMTP]:
    """A protocol factory for ``loop.create_server``: every connection shares one per-address
    counter and the limits of ``[inbound]``."""
    limiter = ConnectionLimiter(config.max_connections_per_ip)

    def build() -> AssistantSMTP:
        return AssistantSMTP(
            handler,
            limit=config.max_message_bytes,
            max_line_length=config.max_line_length,
            hostname=config.domain,
            enable_SMTPUTF8=True,
            timeout=config.command_timeout_seconds,
            data_timeout=config.data_timeout_seconds,
            limiter=limiter,
        )

    return build


class InboundHandler:
    """Accepts mail for the assistant's domain from its users, durably."""

    def __init__(
        self,
        intake: Intake,
        on_stored: Callable[[int], None] = lambda _id: None,
        *,
        executor: Executor | None = None,
        busy: Callable[[], bool] = lambda: False,
    ) -> None:
        self.executor = executor
        self.busy = busy
        """Whether too many accepted messages wait to be read: new ones get 451 4.3.1."""
        self.config = intake.config
        self.intake = intake
        self.on_stored = on_stored

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        refusal = recipient_refusal(self.config, address, len(envelope.rcpt_tos))
        if refusal is not None:
            return refusal
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return replies.RECIPIENT_OK

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.busy():  # as Postfix does: the sender keeps it and tries again later
            return replies.BACKLOG_FULL
        data: bytes = envelope.original_content or b""
        sender, recipients = envelope.mail_from or "", list(envelope.rcpt_tos)
        admitted: Admitted | Receipt | None = self.intake.admit_at_once(
            data, envelope_from=sender, envelope_to=recipients
        )
        if admitted is None:  # a guest, a stranger or a sender check: it waits on DB or DNS
            peer = session.peer[0] if session.peer else None  # for [inbound] trusted_relays
            admitted = await asyncio.get_running_loop().run_in_executor(
                self.executor,
                functools.partial(
                    self.intake.admit, data, envelope_from=sender, envelope_to=recipients, peer=peer
                ),
            )
        if isinstance(admitted, Receipt):
            log.info("refused a message from %s: %s", sender, admitted.reason)
            return admitted.reply
        storing = asyncio.wrap_future(self.intake.store.submit(admitted))
        # Queued for processing when stored, even if the client hangs up (or times out) while
        # we store it: the connection going away must not leave a stored message unprocessed.
        storing.add_done_callback(self._queue_when_stored)
        try:
            await asyncio.shield(storing)
        except StorageUnavailable as exc:
            log.warning("could not store a message from %s: %s", sender, exc)
            return replies.STORAGE_UNAVAILABLE
        return replies.ACCEPTED_FOR_DELIVERY

    def _queue_when_stored(self, storing: asyncio.Future[int]) -> None:
        if not storing.cancelled() and storing.exception() is None:
            self.on_stored(storing.result())

    async def handle_exception(self, error: Exception) -> str:
        """A bug of ours is a temporary failure for the client (it retries), never a 250, and
        never an echo of our internals (aiosmtpd's default tells the client the exception)."""
        log.error("SMTP session failed", exc_info=error)
        return replies.LOCAL_ERROR
