"""RCPT to any domain but ours is refused: the assistant is never a relay."""

from __future__ import annotations

import smtplib

from tests.conftest import ALICE, RunningService


def test_foreign_recipient_domain_gets_550(server: RunningService):
    with smtplib.SMTP(server.host, server.port) as client:
        client.ehlo()
        client.mail(ALICE)
        code, text = client.rcpt("someone@gmail.example")
        assert code == 550
        assert text.startswith(b"5.7.1")
        code, _ = client.rcpt("invites@assistant.localhost")
        assert code == 250
