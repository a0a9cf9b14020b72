"""Real SMTP sinks on loopback (aiosmtpd) and a reader for what reached the Maildir."""

from __future__ import annotations

import email
import email.policy
import mailbox
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class RecordingSink:
    """Answers each DATA with the next scripted reply (250 once the script is used up)."""

    def __init__(self, replies: list[str] | None = None) -> None:
        self.replies = list(replies or [])
        self.messages: list[bytes] = []
        self.recipients: list[list[str]] = []
        self.senders: list[str] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        reply = self.replies.pop(0) if self.replies else "250 2.0.0 OK"
        if reply.startswith("250"):
            self.messages.append(envelope.original_content)
            self.recipients.append(list(envelope.rcpt_tos))
            self.senders.append(envelope.mail_from)
        return reply


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _login(username: str, password: str):  # type: ignore[no-untyped-def]
    """An aiosmtpd authenticator that accepts one username and password."""

    def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode(),
            auth_data.password.decode(),
        ) == (username, password)
        # handled=False: aiosmtpd answers a refused login itself (535); with its default True it
        # would leave the client waiting for a reply that never comes
        return AuthResult(success=ok, handled=False)

    return authenticate


@contextmanager
def smtp_sink(
    replies: list[str] | None = None,
    *,
    auth: tuple[str, str] | None = None,
    handler: RecordingSink | None = None,
) -> Iterator[tuple[RecordingSink, int]]:
    """A recording SMTP server on loopback; with ``auth``, it requires that login first;
    ``handler`` is a sink of the test's own (one that stalls, say)."""
    sink = handler or RecordingSink(replies)
    port = free_port()
    login = (
        {"authenticator": _login(*auth), "auth_required": True, "auth_require_tls": False}
        if auth
        else {}
    )
    controller = Controller(sink, hostname="127.0.0.1", port=port, **login)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


def maildir_messages(path: Path) -> list[EmailMessage]:
    def read(handle):
        return email.message_from_binary_file(handle, policy=email.policy.default)

    return list(mailbox.Maildir(path, factory=read, create=True))
