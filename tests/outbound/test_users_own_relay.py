"""A user with their own relay writes to contacts from their own address, through that relay."""

from __future__ import annotations

from datetime import datetime
from email import message_from_bytes, policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mailer.api import Mailer
from mailer.config import ConfigError, load_config
from tests.conftest import ALICE, write_config
from tests.outbound.sinks import maildir_messages, smtp_sink

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
"""The relay here is a loopback sink; real relays get STARTTLS or implicit TLS."""
MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=MADRID)
PAU = "pau@example.org"


def _relay_config(tmp_path: Path, database_url: str, port: int) -> Path:
    path = write_config(tmp_path, database_url)
    text = path.read_text(encoding="utf-8").replace(
        'timezone = "Europe/Madrid"\n',
        'timezone = "Europe/Madrid"\n'
        f'[users.relay]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
        'username = "alice"\npassword_env = "ALICE_RELAY_PASSWORD"\n',
        1,
    )
    path.write_text(text, encoding="utf-8")
    return path


def test_mail_to_contacts_leaves_through_the_users_relay(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("ALICE_RELAY_PASSWORD", "s3cret")
    with smtp_sink(auth=("alice", "s3cret")) as (sink, port):
        mailer = Mailer(load_config(_relay_config(tmp_path, database_url, port)))
        try:
            mailer.invite(PAU, name="Pau", now=NOW)
            mailer.ingest(
                b"From: alice@example.com\r\nSubject: hi\r\n\r\nhello", source="x", now=NOW
            )
            mailer.tick(NOW)
        finally:
            mailer.engine.dispose()
    [raw] = sink.messages
    assert sink.senders == [ALICE] and sink.recipients == [[PAU]]
    invitation = message_from_bytes(raw, policy=policy.default)
    assert invitation["From"].addresses[0].addr_spec == ALICE
    assert "DKIM-Signature" not in invitation  # the user's provider signs for their domain
    assert "reply+" in str(invitation["Reply-To"])  # we still hear the answer
    # what is for the user stays on the default transport (here the Maildir)
    assert {str(m["To"]) for m in maildir_messages(mailer.config.maildir)} == {
        f"Alice Martín <{ALICE}>"
    }


def test_a_relay_without_its_password_stops_with_the_key_to_set(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("ALICE_RELAY_PASSWORD", raising=False)
    mailer = Mailer(load_config(_relay_config(tmp_path, database_url, 2525)))
    try:
        with pytest.raises(ConfigError) as error:
            mailer.tick(NOW)
    finally:
        mailer.engine.dispose()
    assert error.value.key == "users[0].relay.password_env"
    assert "ALICE_RELAY_PASSWORD" in str(error.value)
