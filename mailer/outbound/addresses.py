"""Our own addresses: the assistant's, the bounce address, and signed token addresses.

A token address (``reply+…@``, ``approve+…@``, ``unsubscribe+…@``) is bound to its purpose, its
person and its outbox row by an HMAC, so it can accept mail from that person, who is not a user,
without opening the assistant to anyone else.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailer.config import Config
from mailer.outbound.secret import load_or_create_secret
from mailer.outbound.tokens import TokenClaims, parse_token_address, token_address


@dataclass(frozen=True)
class OutboundAddresses:
    domain: str
    secret: bytes

    @classmethod
    def from_config(cls, config: Config) -> OutboundAddresses:
        return cls(config.inbound.domain, load_or_create_secret(config.secret_path))

    @property
    def assistant(self) -> str:
        return f"assistant@{self.domain}"

    @property
    def bounce(self) -> str:
        return f"bounces@{self.domain}"

    def token(self, purpose: str, person: str, row_id: int) -> str:
        return token_address(self.secret, purpose, person, row_id, self.domain)

    def claims(self, address: str, person: str) -> tuple[str, TokenClaims] | None:
        """Purpose and claims of a token address of ours issued to ``person``, else None."""
        if not address.lower().endswith("@" + self.domain.lower()):
            return None
        return parse_token_address(self.secret, address, person)
