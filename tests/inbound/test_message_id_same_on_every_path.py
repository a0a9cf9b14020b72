"""Found in review: the IMAP path read the Message-ID its own way and kept a NUL the intake drops
(PostgreSQL refuses NULs), so after a crash it looked for an id that was never stored and filed
the message a second time. Every inbound path now reads headers through one function."""

from __future__ import annotations

from mailer.inbound.headers import message_id_of, read_headers

RAW = b"From: alice@example.com\r\nMessage-ID: <a\x00b@example.com>\r\n\r\nHello\r\n"


def test_the_message_id_is_stored_without_nul():
    assert message_id_of(read_headers(RAW)) == "<ab@example.com>"


def test_no_message_id_is_none():
    assert message_id_of(read_headers(b"From: alice@example.com\r\n\r\nHello\r\n")) is None
