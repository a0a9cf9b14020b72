"""A relay's Authentication-Results vouches for a user's From only when we trust that relay.

Trust is configured by authserv-id (``trusted_authserv_ids``), by the connecting address
(``trusted_relays``), or both; a header naming our own domain, or from anyone else, proves
nothing. Guests writing to their token address are not users: the policy does not apply.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from mailer.api import Mailer
from mailer.config import ConfigError
from mailer.inbound import replies
from mailer.models import OutboxMessage
from mailer.outbound.addresses import OutboundAddresses
from mailer.outbound.outbox import enqueue
from tests.conftest import ALICE
from tests.inbound.dkim_keys import FakeDns, configured, intake
from tests.messages import invite_message, plain_message

RELAY = "192.0.2.25"
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
MX_RESULTS = (
    "Authentication-Results: mx.example.com; dkim=pass header.d=example.com; "
    "spf=pass smtp.mailfrom=alice@example.com\r\n"
)


def _mailer(tmp_path: Path, database_url: str, inbound: str) -> Mailer:
    return configured(tmp_path, database_url, 'sender_auth = "require"\n' + inbound)


def _reply(mailer: Mailer, data: bytes, peer: str | None = None, to: str = "invites") -> str:
    receipt = intake(mailer, FakeDns()).receive(
        data,
        envelope_from=ALICE,
        envelope_to=[to if "@" in to else f"{to}@assistant.localhost"],
        peer=peer,
    )
    mailer.engine.dispose()
    return receipt.reply


@pytest.mark.parametrize(
    ("inbound", "header", "peer", "accepted"),
    [
        ('trusted_authserv_ids = ["mx.example.com"]', MX_RESULTS, None, True),
        ('trusted_authserv_ids = ["mx.example.com"]', MX_RESULTS.replace("mx.", "other."), None,
         False),
        ('trusted_relays = ["192.0.2.0/24"]', MX_RESULTS, RELAY, True),
        ('trusted_relays = ["192.0.2.0/24"]', MX_RESULTS, "198.51.100.7", False),
        ('trusted_relays = ["192.0.2.0/24"]', MX_RESULTS, None, False),
        ('trusted_relays = ["192.0.2.25"]\ntrusted_authserv_ids = ["mx.example.com"]',
         MX_RESULTS, RELAY, True),
        ('trusted_relays = ["192.0.2.25"]\ntrusted_authserv_ids = ["mx.example.com"]',
         MX_RESULTS, "203.0.113.1", False),
        ("", MX_RESULTS, RELAY, False),
        ('trusted_authserv_ids = ["mx.example.com"]',
         "Authentication-Results: mx.example.com; dkim=pass header.d=evil.example\r\n", None,
         False),
        ('trusted_authserv_ids = ["mx.example.com"]',
         "Authentication-Results: mx.example.com; spf=pass smtp.mailfrom=a@mail.example.com\r\n",
         None, True),
        ('trusted_authserv_ids = ["mx.example.com"]',
         "Authentication-Results: mx.example.com; dkim=fail header.d=example.com\r\n", None,
         False),
        ('trusted_authserv_ids = ["mx.example.com"]',
         "Authentication-Results: mx.example.com; dmarc=pass header.from=example.com\r\n", None,
         True),
        ('trusted_authserv_ids = ["mx.example.com"]',
         "Authentication-Results: mx.example.com; ;;; garbage ===\r\n", None, False),
        ('trusted_relays = ["192.0.2.25"]',
         "Authentication-Results: assistant.localhost; dkim=pass header.d=example.com\r\n",
         RELAY, False),
    ],
    ids=[
        "by-id", "other-id", "by-relay", "not-from-the-relay", "no-peer", "id-and-relay",
        "id-but-wrong-relay", "nothing-trusted", "dkim-pass-for-another-domain",
        "spf-pass-subdomain", "dkim-fail", "dmarc-pass", "garbage", "our-own-id",
    ],
)  # fmt: skip
def test_trusted_authentication_results(
    tmp_path: Path, database_url: str, inbound: str, header: str, peer: str | None, accepted: bool
):
    mailer = _mailer(tmp_path, database_url, inbound)
    reply = _reply(mailer, header.encode() + invite_message(), peer)
    assert reply == (replies.ACCEPTED_FOR_DELIVERY if accepted else replies.SENDER_UNSIGNED)


def test_only_the_topmost_header_counts_when_trusting_a_relay(tmp_path: Path, database_url: str):
    mailer = _mailer(tmp_path, database_url, 'trusted_relays = ["192.0.2.25"]')
    forged_below = (
        "Authentication-Results: relay.example.net; dkim=fail header.d=example.com\r\n" + MX_RESULTS
    )
    assert _reply(mailer, forged_below.encode() + invite_message(), RELAY) == (
        replies.SENDER_UNSIGNED
    )


def test_a_guest_writing_to_their_token_address_needs_no_signature(
    tmp_path: Path, database_url: str
):
    mailer = _mailer(tmp_path, database_url, "")
    _, alice_id = mailer.user(ALICE)
    anna = "anna@example.com"
    with mailer.sessions.begin() as session:
        enqueue(session, user_id=alice_id, key="thank-you:1", recipient=anna,
                template="thank_you_note", context={}, scheduled_at=NOW)  # fmt: skip
    with mailer.sessions() as session:
        row_id = session.scalars(select(OutboxMessage.id)).one()
    token = OutboundAddresses.from_config(mailer.config).token("reply", anna, row_id)
    receipt = intake(mailer, FakeDns()).receive(
        plain_message(sender=anna, body="Thanks!"), envelope_from=anna, envelope_to=[token]
    )
    assert receipt.reply == replies.ACCEPTED_FOR_DELIVERY
    mailer.engine.dispose()


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('sender_auth = "sometimes"', "inbound.sender_auth"),
        ('trusted_relays = ["not an address"]', "inbound.trusted_relays"),
        ('trusted_authserv_ids = ["assistant.localhost"]', "inbound.trusted_authserv_ids"),
    ],
)
def test_bad_sender_auth_settings_are_config_errors(tmp_path: Path, line: str, key: str):
    with pytest.raises(ConfigError, match=key):
        configured(tmp_path, f"sqlite:///{tmp_path / 'x.db'}", line)
