"""Only users may write to the assistant; a stranger gets 550 5.7.1 and nothing is logged."""

from __future__ import annotations

import smtplib

import pytest

from mailer.api import Mailer
from mailer.db import session_factory
from mailer.log.queries import list_inbound
from tests.conftest import ALICE, RunningService
from tests.messages import invite_message


def _send(server: RunningService, envelope_from: str, message: bytes) -> smtplib.SMTPDataError:
    with (
        smtplib.SMTP(server.host, server.port) as client,
        pytest.raises(smtplib.SMTPDataError) as refused,
    ):
        client.sendmail(envelope_from, ["invites@assistant.localhost"], message)
    return refused.value


def _everyone_inbound(mailer: Mailer) -> list[dict]:
    with session_factory(mailer.engine)() as session:
        return list_inbound(session, None, mailer.config.users[0].zone)


def test_stranger_is_refused_and_nothing_is_logged(server: RunningService, mailer: Mailer):
    stranger = "mallory@evil.example"
    error = _send(server, stranger, invite_message(sender=stranger))
    assert error.smtp_code == 550
    assert error.smtp_error.startswith(b"5.7.1")
    server.drain()
    assert mailer.meetings(ALICE) == []
    assert mailer.contacts(ALICE) == []
    [record] = _everyone_inbound(mailer)
    assert record["status"] == "rejected"
    assert stranger in record["error"]


def test_a_forged_from_with_a_strangers_envelope_is_refused(server: RunningService, mailer: Mailer):
    error = _send(server, "mallory@evil.example", invite_message(sender=ALICE))
    assert (error.smtp_code, error.smtp_error[:5]) == (550, b"5.7.1")
    assert mailer.meetings(ALICE) == []


def test_a_users_envelope_with_a_strangers_from_is_refused(server: RunningService, mailer: Mailer):
    error = _send(server, ALICE, invite_message(sender="mallory@evil.example"))
    assert error.smtp_code == 550
    assert mailer.meetings(ALICE) == []
