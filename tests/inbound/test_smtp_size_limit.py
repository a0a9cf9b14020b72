"""Messages over max_message_bytes are refused with 552, and SIZE is advertised."""

from __future__ import annotations

import smtplib

from mailer.api import Mailer
from tests.conftest import ALICE, RunningService
from tests.messages import plain_message


def test_size_is_advertised_and_declared_oversize_refused(server: RunningService):
    with smtplib.SMTP(server.host, server.port) as client:
        client.ehlo()
        assert client.has_extn("size")
        assert int(client.esmtp_features["size"]) == 200000
        code, text = client.mail(ALICE, ["SIZE=300000"])
        assert code == 552
        assert text.startswith(b"5.3.4")


def test_oversize_data_is_refused_with_552(server: RunningService, mailer: Mailer):
    """A client that does not declare SIZE is stopped at the end of DATA."""
    big = plain_message(body=("y" * 76 + "\n") * 3000)
    assert len(big) > 200000
    with smtplib.SMTP(server.host, server.port) as client:
        client.ehlo()
        assert client.mail(ALICE)[0] == 250
        assert client.rcpt("invites@assistant.localhost")[0] == 250
        code, text = client.data(big)
    assert code == 552
    assert text.startswith(b"5.3.4")
    server.drain()
    assert mailer.inbound(ALICE) == []
