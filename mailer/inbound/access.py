"""Who may use the assistant, decided from the envelope sender and the From header.

Only users may write to it. When both the envelope sender and the From header are present they
must be the same user's addresses, so a stranger cannot borrow a user's name in either one.
"""

from __future__ import annotations

from email.utils import getaddresses

from mailer.config import Config, UserConfig, normalise_address
from mailer.inbound import replies


class SenderRejected(Exception):
    """The message is not from a user; ``reply`` is the SMTP answer to give."""

    def __init__(self, reply: str, reason: str) -> None:
        self.reply = reply
        super().__init__(reason)


def header_address(value: str | None) -> str:
    """The first address in a From-style header, normalised, or "" when there is none."""
    if not value:
        return ""
    pairs = getaddresses([value])
    return normalise_address(pairs[0][1]) if pairs and "@" in pairs[0][1] else ""


def identify_user(config: Config, envelope_from: str, header_from: str) -> UserConfig:
    """The user a message comes from, or :class:`SenderRejected` saying why it is refused."""
    envelope_from = normalise_address(envelope_from)
    by_envelope = config.user_for(envelope_from) if envelope_from else None
    by_header = config.user_for(header_from) if header_from else None
    if envelope_from and header_from and by_envelope is not by_header:
        if by_envelope is None and by_header is None:
            raise SenderRejected(
                replies.SENDER_NOT_ALLOWED,
                f"{envelope_from} / {header_from} is not an address of any user",
            )
        raise SenderRejected(
            replies.SENDER_MISMATCH,
            f"envelope sender {envelope_from} and From {header_from} are not the same user",
        )
    user = by_envelope or by_header
    if user is None:
        who = envelope_from or header_from or "an empty sender"
        raise SenderRejected(replies.SENDER_NOT_ALLOWED, f"{who} is not an address of any user")
    return user


def is_our_address(config: Config, address: str) -> bool:
    """True for any local part at the assistant's domain (we are never a relay)."""
    _, _, domain = normalise_address(address).rpartition("@")
    return domain == config.inbound.domain.lower()
