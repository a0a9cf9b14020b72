"""Signed addresses of ours: ``PURPOSE+ROW.SIGNATURE@domain``.

The HMAC-SHA256 signature binds purpose, person and outbox row, so a token made for one
person's unsubscribe cannot approve a draft, nor unsubscribe anyone else. It is truncated to
100 bits (plenty against guessing over SMTP) and base32-encoded to fit an email local part.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

PURPOSES = frozenset({"reply", "approve", "unsubscribe", "rsvp", "undo"})


class InvalidToken(ValueError):
    """The token is forged, altered or used for another purpose."""


@dataclass(frozen=True)
class TokenClaims:
    person: str
    row_id: int


def _signature(secret: bytes, purpose: str, person: str, row_id: int) -> str:
    message = f"{purpose}\0{person.strip().lower()}\0{row_id}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.b32encode(digest).decode().lower()[:20]


def make_token(secret: bytes, *, purpose: str, person: str, row_id: int) -> str:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}; expected one of {sorted(PURPOSES)}")
    return f"{row_id}.{_signature(secret, purpose, person, row_id)}"


def verify_token(secret: bytes, token: str, *, purpose: str, person: str) -> TokenClaims:
    row, _, signature = token.partition(".")
    if not row.isdigit() or not signature:
        raise InvalidToken("not a token of ours")
    expected = _signature(secret, purpose, person, int(row))
    if not hmac.compare_digest(expected, signature.lower()):
        raise InvalidToken("the token does not match its purpose, person and row")
    return TokenClaims(person.strip().lower(), int(row))


def token_address(secret: bytes, purpose: str, person: str, row_id: int, domain: str) -> str:
    return f"{purpose}+{make_token(secret, purpose=purpose, person=person, row_id=row_id)}@{domain}"


def parse_token_address(secret: bytes, address: str, person: str) -> tuple[str, TokenClaims] | None:
    """Purpose and claims of a token address issued to ``person``, or None."""
    local = address.strip().lower().rpartition("@")[0]
    purpose, plus, token = local.partition("+")
    if not plus or purpose not in PURPOSES:
        return None
    try:
        return purpose, verify_token(secret, token, purpose=purpose, person=person)
    except InvalidToken:
        return None
