"""SMTP smuggling and bare line endings: refused with 521 5.5.2, nothing stored, others unharmed.

A relay that ends DATA at ``\\n.\\n`` (or ``\\r.\\n``, ``\\n.\\r\\n``...) while we wait for
``\\r\\n.\\r\\n`` could carry a second, forged message inside a first one (the SEC Consult
"SMTP smuggling" research; aiosmtpd's GHSA-fp5j-5jfp-vhvc). aiosmtpd >= 1.4.5 only ends data at
``\\r\\n.\\r\\n``; we go further and refuse any bare CR or LF, so neither the carrier message nor
the smuggled one is stored.
"""

from __future__ import annotations

import smtplib

import pytest

from mailer.api import Mailer
from mailer.inbound import replies
from tests.conftest import ALICE, RunningService
from tests.inbound.smtp_wire import Wire
from tests.messages import invite_message

SMUGGLED = (
    b"MAIL FROM:<alice@example.com>\r\n"
    b"RCPT TO:<invites@assistant.localhost>\r\n"
    b"DATA\r\n"
    b"From: alice@example.com\r\nSubject: smuggled\r\n\r\nforged\r\n"
    b".\r\n"
)

END_OF_DATA_TRICKS = [b"\n.\n", b"\r.\n", b"\n.\r\n", b"\r.\r\n", b"\r\n.\r", b"\r\n.\n"]


@pytest.mark.parametrize("trick", END_OF_DATA_TRICKS, ids=repr)
def test_end_of_data_tricks_are_refused_and_nothing_is_stored(
    server: RunningService, mailer: Mailer, trick: bytes
):
    with Wire(server.host, server.port) as wire:
        wire.hello()
        wire.start_data()
        wire.send(b"From: alice@example.com\r\nSubject: carrier\r\n\r\nhello" + trick + SMUGGLED)
        assert wire.reply() == replies.BARE_LINE_ENDING
        assert wire.closed()
    _the_server_still_accepts_mail(server)
    server.drain()
    assert [m["subject"] for m in mailer.inbound(ALICE)] == ["Fwd: Invitation: Coffee"]


@pytest.mark.parametrize(
    "command",
    [b"EHLO client.example\n", b"NOOP\r", b"NOOP\rMAIL FROM:<alice@example.com>\r\n"],
    ids=repr,
)
def test_bare_line_endings_in_commands_are_refused(server: RunningService, command: bytes):
    with Wire(server.host, server.port) as wire:
        assert wire.reply().startswith("220 ")
        wire.send(command)
        if command.endswith(b"\r"):  # a trailing CR is only bare once the next byte is not LF
            wire.send(b"X")
        assert wire.reply() == replies.BARE_LINE_ENDING
        assert wire.closed()


def test_a_bare_lf_inside_a_header_is_refused(server: RunningService, mailer: Mailer):
    with Wire(server.host, server.port) as wire:
        wire.hello()
        wire.start_data()
        wire.send(b"From: alice@example.com\nBcc: someone@else.example\r\n\r\nhi\r\n.\r\n")
        assert wire.reply() == replies.BARE_LINE_ENDING
    server.drain()
    assert mailer.inbound(ALICE) == []


def test_crlf_split_across_packets_is_fine(server: RunningService, mailer: Mailer):
    """CR at the end of one packet and LF at the start of the next is a proper CRLF."""
    with Wire(server.host, server.port) as wire:
        wire.hello()
        wire.start_data()
        message = invite_message().replace(b"Subject: Fwd: Invitation", b"Subject: Split")
        assert message.endswith(b"\r\n")
        for piece in message.split(b"\n")[:-1]:  # each ends with the CR of its line
            wire.send(piece)
            wire.send(b"\n")
        wire.send(b".\r")
        wire.send(b"\n")
        assert wire.reply() == replies.ACCEPTED_FOR_DELIVERY
    server.drain()
    assert [m["status"] for m in mailer.inbound(ALICE)] == ["processed"]


def test_dot_stuffed_lines_arrive_unstuffed(server: RunningService, mailer: Mailer):
    body = "Agenda:\n.\n..two dots\n.one dot\n"
    message = invite_message(body=body)
    with smtplib.SMTP(server.host, server.port) as client:
        assert client.sendmail(ALICE, ["invites@assistant.localhost"], message) == {}
    server.drain()
    [row] = mailer.inbound(ALICE)
    assert row["status"] == "processed"
    stored = server.service.store.spool.read(_raw_path(mailer, row["id"]))
    assert b"\r\n.\r\n..two dots\r\n.one dot\r\n" in stored


def _raw_path(mailer: Mailer, inbound_id: int) -> str:
    from mailer.models import InboundMessage

    with mailer.sessions() as session:
        row = session.get(InboundMessage, inbound_id)
        assert row is not None and row.raw_path is not None
        return row.raw_path


def _the_server_still_accepts_mail(server: RunningService) -> None:
    with smtplib.SMTP(server.host, server.port) as client:
        message = invite_message(subject="Fwd: Invitation: Coffee")
        assert client.sendmail(ALICE, ["invites@assistant.localhost"], message) == {}
