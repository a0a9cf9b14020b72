"""A bug of ours while receiving is a 451 4.3.0 (the client retries), never a 250, and never an
echo of our internals to the client."""

from __future__ import annotations

import smtplib

import pytest

from mailer.api import Mailer
from mailer.inbound import replies
from tests.conftest import ALICE, RunningService
from tests.messages import invite_message


def test_an_exception_in_the_handler_is_a_451_without_details(
    server: RunningService, mailer: Mailer, monkeypatch: pytest.MonkeyPatch
):
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals at /srv/mailer")

    monkeypatch.setattr(server.service.handler.intake, "admit_at_once", broken)
    with smtplib.SMTP(server.host, server.port) as client:
        with pytest.raises(smtplib.SMTPDataError) as refused:
            client.sendmail(ALICE, ["invites@assistant.localhost"], invite_message())
        assert refused.value.smtp_code == 451
        assert refused.value.smtp_error.decode() == replies.LOCAL_ERROR[4:]
        monkeypatch.undo()  # the same connection works again once the fault is gone
        assert client.sendmail(ALICE, ["invites@assistant.localhost"], invite_message()) == {}
    server.drain()
    assert [m["status"] for m in mailer.inbound(ALICE)] == ["processed"]
