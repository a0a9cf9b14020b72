"""Hostile MIME structure: deep nesting, thousands of parts, broken boundaries.

Each case finishes within seconds and either reads the message or refuses it with a reason
that names the limit (``ParsedMessage.refused``), headers still read so the sender can be told.
"""

from __future__ import annotations

import base64

import pytest

from mailer.parsing.limits import MAX_CONTAINERS, MAX_DEPTH, MAX_PARTS
from mailer.parsing.message import parse_message
from mailer.parsing.types import ParsedMessage
from tests.parsing.hostile_mime import (
    PARSE_SECONDS,
    finishes_within,
    message,
    multipart,
    text_part,
)


def _nested_multiparts(depth: int) -> bytes:
    body = text_part()
    for level in range(depth):
        body = multipart([body], boundary=f"level{level}")
    return body


def _nested_messages(depth: int) -> bytes:
    body = text_part()
    for level in range(depth):
        body = (
            b"Content-Type: message/rfc822\r\n\r\nFrom: someone@example.org\r\n"
            + f"Subject: level {level}\r\n".encode()
            + body
        )
    return body


def _nested_encoded_messages(depth: int) -> bytes:
    """.eml attachments in base64, each inside the next: invisible to a scan of the bytes."""
    body = text_part()
    for level in range(depth):
        inner = b"From: someone@example.org\r\nSubject: inner\r\n" + body
        attachment = (
            b"Content-Type: application/octet-stream\r\n"
            + f'Content-Disposition: attachment; filename="level{level}.eml"\r\n'.encode()
            + b"Content-Transfer-Encoding: base64\r\n\r\n"
            + base64.encodebytes(inner)
        )
        body = multipart([text_part("see attached"), attachment], boundary=f"enc{level}")
    return body


def _many_parts(count: int) -> bytes:
    return multipart([text_part(f"part {n}") for n in range(count)])


def _refused(raw: bytes, *words: str) -> None:
    parsed = parse_message(raw)
    assert isinstance(parsed, ParsedMessage)
    assert parsed.refused, parsed.defects
    for word in words:
        assert word in parsed.refused
    assert parsed.sender is not None and parsed.sender.email == "alice@example.com"
    assert parsed.subject == "hostile"
    assert parsed.text == "" and parsed.calendars == ()


def _read(raw: bytes, text: str) -> ParsedMessage:
    parsed = parse_message(raw)
    assert not parsed.refused, parsed.refused
    assert text in parsed.text
    return parsed


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 150, 3000])
def test_deeply_nested_multiparts_are_refused_quickly(depth: int):
    words = ("levels deep",) if depth <= MAX_CONTAINERS else ("containers",)
    finishes_within(PARSE_SECONDS, lambda: _refused(message(_nested_multiparts(depth)), *words))


def test_nesting_up_to_the_limit_is_read():
    raw = message(_nested_multiparts(MAX_DEPTH - 1))
    finishes_within(PARSE_SECONDS, lambda: _read(raw, "Coffee with Anna"))


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1000])
def test_deeply_nested_rfc822_messages_are_refused_quickly(depth: int):
    finishes_within(PARSE_SECONDS, lambda: _refused(message(_nested_messages(depth))))


def test_nested_base64_eml_attachments_are_refused_at_the_depth_limit():
    raw = message(_nested_encoded_messages(MAX_DEPTH))
    finishes_within(PARSE_SECONDS, lambda: _refused(raw, "levels deep"))


def test_a_few_nested_base64_eml_attachments_are_read():
    raw = message(_nested_encoded_messages(3))
    finishes_within(PARSE_SECONDS, lambda: _read(raw, "Coffee with Anna"))


@pytest.mark.parametrize("count", [MAX_PARTS + 1, 50_000])
def test_thousands_of_parts_are_refused_quickly(count: int):
    finishes_within(PARSE_SECONDS, lambda: _refused(message(_many_parts(count)), "MIME parts"))


def test_parts_up_to_the_limit_are_read():
    raw = message(_many_parts(MAX_PARTS - 5))
    finishes_within(PARSE_SECONDS, lambda: _read(raw, f"part {MAX_PARTS - 6}"))


def test_an_encoded_message_with_thousands_of_parts_is_refused():
    inner = b"From: someone@example.org\r\nSubject: inner\r\n" + _many_parts(5000)
    attachment = (
        b'Content-Type: application/octet-stream; name="bomb.eml"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(inner)
    )
    raw = message(multipart([text_part(), attachment]))
    finishes_within(PARSE_SECONDS, lambda: _refused(raw, "an attached message", "MIME parts"))


def test_thousands_of_declared_boundaries_are_refused():
    body = b"".join(
        f'Content-Type: multipart/mixed; boundary="x{n}"\r\n'.encode() for n in range(500)
    )
    finishes_within(PARSE_SECONDS, lambda: _refused(message(body + b"\r\n" + text_part())))


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(multipart([text_part()]).replace(b"--b--\r\n", b""), id="no-closing-line"),
        pytest.param(
            b'Content-Type: multipart/mixed; boundary="never"\r\n\r\n' + text_part(),
            id="boundary-never-used",
        ),
        pytest.param(
            b"Content-Type: multipart/mixed\r\n\r\n--b\r\n" + text_part() + b"\r\n--b--\r\n",
            id="no-boundary-parameter",
        ),
        pytest.param(
            multipart([text_part()]).replace(b"--b\r\n", b"--b  \t\r\n"), id="trailing-space"
        ),
        pytest.param(
            multipart([text_part(), multipart([text_part("inner")], boundary="b")]),
            id="inner-boundary-reused",
        ),
        pytest.param(
            b'Content-Type: multipart/mixed; boundary="' + b"x" * 5000 + b'"\r\n\r\n'
            b"--" + b"x" * 5000 + b"\r\n" + text_part(),
            id="huge-boundary",
        ),
        pytest.param(
            multipart([text_part()]).replace(b"boundary=", b"boundary=\r\n "), id="folded"
        ),
    ],
)
def test_broken_boundaries_are_read_or_noted_never_raised(body: bytes):
    def check() -> None:
        parsed = parse_message(message(body))
        assert not parsed.refused
        assert parsed.sender is not None and parsed.subject == "hostile"
        assert not any(d.startswith("unreadable") for d in parsed.defects)

    finishes_within(PARSE_SECONDS, check)


def test_an_mbox_line_and_garbage_before_the_headers_never_raise():
    raw = b"From MAILER-DAEMON Fri Nov 20 10:00:00 2026\n\x00\xff\xfe garbage\n" + message(
        _many_parts(3)
    )
    finishes_within(PARSE_SECONDS, lambda: parse_message(raw))
