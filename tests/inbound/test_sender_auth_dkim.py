"""[inbound] sender_auth with DKIM: a forged user From is refused under require, noted under prefer.

Real RSA keys (dkimpy's key generator), real signatures (``dkim.sign``), the real intake, store
and pipeline; DNS answers from a dict and nothing reaches the Internet.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mailer.api import Mailer
from mailer.inbound import replies
from mailer.inbound.sender_auth import STAMP_HEADER
from mailer.inbound.spool import Spool
from mailer.pipeline import Pipeline
from tests.conftest import ALICE
from tests.inbound.dkim_keys import DkimKey, FakeDns, configured, intake
from tests.messages import invite_message

ALICE_KEY = DkimKey("example.com")
OTHER_KEY = DkimKey("evil.example", seed=1)


@pytest.fixture
def dns() -> FakeDns:
    dns = FakeDns()
    dns.publish(ALICE_KEY)
    dns.publish(OTHER_KEY)
    return dns


def _mailer(tmp_path: Path, database_url: str, policy: str) -> Iterator[Mailer]:
    mailer = configured(tmp_path, database_url, f'sender_auth = "{policy}"')
    yield mailer
    mailer.engine.dispose()


@pytest.fixture
def requiring(tmp_path: Path, database_url: str) -> Iterator[Mailer]:
    yield from _mailer(tmp_path, database_url, "require")


@pytest.fixture
def preferring(tmp_path: Path, database_url: str) -> Iterator[Mailer]:
    yield from _mailer(tmp_path, database_url, "prefer")


def _deliver(mailer: Mailer, dns: FakeDns, data: bytes, envelope_from: str = ALICE):
    return intake(mailer, dns).receive(
        data, envelope_from=envelope_from, envelope_to=["invites@assistant.localhost"]
    )


def _stored(mailer: Mailer, inbound_id: int) -> bytes:
    [row] = [m for m in mailer.inbound(ALICE) if m["id"] == inbound_id]
    with mailer.sessions() as session:
        from mailer.models import InboundMessage

        path = session.get(InboundMessage, inbound_id).raw_path  # type: ignore[union-attr]
    assert row["status"] == "received"
    return Spool(mailer.config.spool_dir).read(path)


def test_a_valid_signature_of_the_users_domain_is_accepted_and_filed(
    requiring: Mailer, dns: FakeDns
):
    receipt = _deliver(requiring, dns, ALICE_KEY.sign(invite_message()))
    assert receipt.reply == replies.ACCEPTED_FOR_DELIVERY
    assert _stored(requiring, receipt.inbound_id).startswith(f"{STAMP_HEADER}: pass".encode())
    outcome = Pipeline(requiring.config, requiring.sessions).process(receipt.inbound_id)
    assert outcome.status == "processed", outcome.detail
    assert [m["title"] for m in requiring.meetings(ALICE)] == ["Coffee with Anna"]
    assert dns.queries == [b"mail._domainkey.example.com."]


def test_an_unsigned_message_from_a_users_address_is_refused_under_require(
    requiring: Mailer, dns: FakeDns
):
    receipt = _deliver(requiring, dns, invite_message())
    assert receipt.reply == replies.SENDER_UNSIGNED
    assert receipt.reply.startswith("550 5.7.20")
    assert "no DKIM signature of example.com" in receipt.reason
    [row] = requiring.inbound(ALICE) or _all_inbound(requiring)
    assert row["status"] == "rejected"
    assert requiring.meetings(ALICE) == []


def test_a_signature_that_fails_is_refused_as_forged(requiring: Mailer, dns: FakeDns):
    signed = ALICE_KEY.sign(invite_message())
    tampered = signed.replace(b"Coffee with Anna", b"Coffee with Mallory")
    receipt = _deliver(requiring, dns, tampered)
    assert receipt.reply == replies.SENDER_FORGED
    assert receipt.reply.startswith("550 5.7.22")


def test_a_signature_by_the_wrong_key_is_refused_as_forged(requiring: Mailer, dns: FakeDns):
    forged = OTHER_KEY.sign(invite_message(), domain="example.com")  # evil's key, alice's d=
    assert _deliver(requiring, dns, forged).reply == replies.SENDER_FORGED


def test_a_valid_signature_of_another_domain_proves_nothing(requiring: Mailer, dns: FakeDns):
    receipt = _deliver(requiring, dns, OTHER_KEY.sign(invite_message()))
    assert receipt.reply == replies.SENDER_UNSIGNED
    assert "signed by evil.example" in receipt.reason


def test_a_key_missing_from_dns_fails(requiring: Mailer, dns: FakeDns):
    dns.records.clear()
    assert _deliver(requiring, dns, ALICE_KEY.sign(invite_message())).reply == replies.SENDER_FORGED


def test_dns_down_is_a_temporary_failure(requiring: Mailer, dns: FakeDns):
    dns.down = True
    receipt = _deliver(requiring, dns, ALICE_KEY.sign(invite_message()))
    assert receipt.reply == replies.SENDER_AUTH_TEMPFAIL
    assert receipt.reply.startswith("451 ")


def test_prefer_accepts_and_records_the_verdict(preferring: Mailer, dns: FakeDns):
    receipt = _deliver(preferring, dns, invite_message())
    assert receipt.reply == replies.ACCEPTED_FOR_DELIVERY
    stored = _stored(preferring, receipt.inbound_id)
    assert stored.startswith(f"{STAMP_HEADER}: none (no DKIM signature of example.com)".encode())
    outcome = Pipeline(preferring.config, preferring.sessions).process(receipt.inbound_id)
    assert outcome.status == "processed"


def test_off_checks_nothing_and_asks_no_dns(tmp_path: Path, database_url: str, dns: FakeDns):
    mailer = configured(tmp_path, database_url, 'sender_auth = "off"')
    try:
        receipt = _deliver(mailer, dns, invite_message())
        assert receipt.reply == replies.ACCEPTED_FOR_DELIVERY
        assert not _stored(mailer, receipt.inbound_id).startswith(STAMP_HEADER.encode())
        assert dns.queries == []
    finally:
        mailer.engine.dispose()


def test_a_forged_stamp_in_the_message_is_below_ours(preferring: Mailer, dns: FakeDns):
    forged = f"{STAMP_HEADER}: pass (trust me)\r\n".encode() + invite_message()
    receipt = _deliver(preferring, dns, forged)
    first = _stored(preferring, receipt.inbound_id).split(b"\r\n", 1)[0]
    assert first.startswith(f"{STAMP_HEADER}: none".encode())


def _all_inbound(mailer: Mailer) -> list[dict]:
    from mailer.db import session_factory
    from mailer.log.queries import list_inbound

    with session_factory(mailer.engine)() as session:
        return list_inbound(session, None, mailer.config.users[0].zone)
