"""The aiosmtpd handler: hooks for RCPT and DATA, nothing else.

RCPT refuses any domain but ours (we are never a relay). DATA decides who the sender is from the
envelope and the From header, then stores the message durably (in a worker thread, so the event
loop keeps serving other clients) and only then answers 250.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from mailer.inbound import replies
from mailer.inbound.access import is_our_address
from mailer.inbound.intake import Intake

log = logging.getLogger(__name__)


class AssistantSMTP(SMTP):
    """aiosmtpd's SMTP with its built-in replies reworded to ours (with enhanced codes)."""

    def __init__(self, handler: Any, *, limit: int, **kwargs: Any) -> None:
        super().__init__(handler, data_size_limit=limit, **kwargs)
        self._builtin = {
            k: v.format(limit=limit) if "{limit}" in v else v for k, v in replies.BUILTIN.items()
        }

    async def push(self, status: Any) -> None:
        text = status.decode() if isinstance(status, bytes) else status
        await super().push(self._builtin.get(text, text))


class InboundHandler:
    """Accepts mail for the assistant's domain from its users, durably."""

    def __init__(
        self,
        intake: Intake,
        on_stored: Callable[[int], None] = lambda _id: None,
        *,
        executor: Executor | None = None,
    ) -> None:
        self.executor = executor
        self.config = intake.config
        self.intake = intake
        self.on_stored = on_stored

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if "@" not in address:
            return replies.BAD_RECIPIENT_SYNTAX
        if not is_our_address(self.config, address):
            return replies.NOT_OUR_DOMAIN.format(domain=self.config.inbound.domain)
        if len(envelope.rcpt_tos) >= self.config.inbound.max_recipients:
            return replies.TOO_MANY_RECIPIENTS
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return replies.RECIPIENT_OK

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        data: bytes = envelope.original_content or b""
        receipt = await asyncio.get_running_loop().run_in_executor(
            self.executor,
            lambda: self.intake.receive(
                data, envelope_from=envelope.mail_from or "", envelope_to=list(envelope.rcpt_tos)
            ),
        )
        if receipt.inbound_id is not None:
            self.on_stored(receipt.inbound_id)
        else:
            log.info("refused a message from %s: %s", envelope.mail_from, receipt.reason)
        return receipt.reply
