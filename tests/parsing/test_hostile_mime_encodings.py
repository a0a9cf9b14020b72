"""Broken encodings, unknown charsets and huge headers: read what can be read, quickly.

None of these is beyond a structural limit, so each message is read (never refused), the text
that survives is there, and what was wrong is at most a defect.
"""

from __future__ import annotations

import base64

import pytest

from mailer.parsing.limits import MAX_HEADER_CHARS, MAX_TEXT_CHARS
from mailer.parsing.message import parse_message
from mailer.parsing.types import ParsedMessage
from tests.parsing.hostile_mime import HEAD, PARSE_SECONDS, finishes_within, message, multipart


def _part(headers: str, body: bytes) -> bytes:
    return headers.encode() + b"\r\n\r\n" + body


def _read(raw: bytes, *words: str) -> ParsedMessage:
    parsed = parse_message(raw)
    assert not parsed.refused, parsed.refused
    assert not any(d.startswith("unreadable") for d in parsed.defects), parsed.defects
    for word in words:
        assert word in parsed.text, parsed.text[:200]
    return parsed


@pytest.mark.parametrize(
    ("headers", "body", "word"),
    [
        ("Content-Type: text/plain; charset=x-no-such-charset", "Café con Anna".encode(), "Café"),
        ("Content-Type: text/plain; charset=utf-8\x00evil", "Café con Anna".encode(), "Café"),
        ('Content-Type: text/plain; charset="' + "u" * 10_000 + '"', b"Coffee", "Coffee"),
        ("Content-Type: text/plain; charset=utf-7", b"Coffee +AOk-", "Coffee"),
        ("Content-Type: text/plain; charset=utf-16", b"\xff\xfeC\x00o\x00f\x00", "Cof"),
        ("Content-Type: text/plain; charset=utf-8", b"Coffee \xff\xfe\xc3(", "Coffee"),
        ("Content-Type: text/plain; charset=iso-2022-jp", b"Coffee \x1b$B\xff\xff", "Coffee"),
        ("Content-Type: text/plain; charset=idna", b"Coffee \xe9", "Coffee"),
        ("Content-Type: text/plain; charset=rot13", b"Coffee", "Coffee"),
        ("Content-Type: text/plain; charset=base64", b"Coffee", "Coffee"),
        ("Content-Type: text/plain; charset=zlib_codec", b"Coffee", "Coffee"),
    ],
    ids=[
        "unknown", "nul-in-label", "huge-label", "utf-7", "utf-16-odd-length", "bad-utf-8",
        "bad-iso-2022-jp", "idna", "text-transform-rot13", "bytes-codec-base64", "bytes-codec-zlib",
    ],
)  # fmt: skip
def test_unknown_and_hostile_charsets_decode_to_text(headers: str, body: bytes, word: str):
    finishes_within(PARSE_SECONDS, lambda: _read(message(_part(headers, body)), word))


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("base64", b"Q29mZmVlIHdpdGggQW5uYQ==!!!not base64 at all%%%"),
        ("base64", b"Q29mZmVl" + b"=" * 10_000),
        ("base64", base64.encodebytes(b"Coffee with Anna")[:-5]),
        ("quoted-printable", b"Coffee =ZZ=\r\n with =E9=C3=28 Anna=" + b"=" * 5000),
        ("x-uuencode", b"begin 644 x\r\n&garbage\r\nend\r\n"),
        ("8bit", b"Coffee \x00\x00\x00 with Anna \xff"),
        ("x-unknown-encoding", b"Coffee with Anna"),
        ("base64\x00", b"Coffee with Anna"),
    ],
)
def test_broken_transfer_encodings_never_raise(encoding: str, body: bytes):
    headers = f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: {encoding}"
    finishes_within(PARSE_SECONDS, lambda: _read(message(_part(headers, body))))


def test_a_huge_subject_is_cut_to_the_header_limit():
    raw = HEAD.replace(b"Subject: hostile", b"Subject: " + b"coffee " * 1_000_000) + b"\r\nHi"

    def check() -> None:
        parsed = _read(raw)
        assert len(parsed.subject) == MAX_HEADER_CHARS

    finishes_within(PARSE_SECONDS, check)


def test_two_hundred_thousand_headers_are_read_quickly():
    extra = b"".join(b"X-Header-%d: value\r\n" % n for n in range(200_000))
    finishes_within(PARSE_SECONDS, lambda: _read(HEAD + extra + b"\r\nCoffee", "Coffee"))


def test_a_header_folded_over_a_million_lines_is_read_quickly():
    folded = b"X-Folded: start\r\n" + b" more\r\n" * 1_000_000
    finishes_within(PARSE_SECONDS, lambda: _read(HEAD + folded + b"\r\nCoffee", "Coffee"))


def test_thousands_of_addresses_in_to_are_read():
    to = b"To: " + b", ".join(b"p%d@example.com" % n for n in range(20_000)) + b"\r\n"

    def check() -> None:
        parsed = _read(HEAD.replace(b"To: invites@assistant.localhost\r\n", to) + b"\r\nHi")
        assert parsed.to  # cut at the header limit, but what is left is read

    finishes_within(PARSE_SECONDS, check)


@pytest.mark.parametrize(
    "subject",
    [
        b"=?x-unknown?Q?Caf=E9?=",
        b"=?utf-8?B?not base64!!?=",
        b"=?utf-8?Q?" + b"=E9" * 50_000 + b"?=",
        b"=?utf-8*" + b"x" * 10_000 + b"?B?Q29mZmVl?=",
        b"\xff\xfe raw 8-bit \x00 subject",
    ],
    ids=["unknown-charset", "bad-base64", "huge-encoded-word", "huge-language", "raw-8-bit"],
)
def test_broken_encoded_words_in_headers_never_raise(subject: bytes):
    raw = HEAD.replace(b"Subject: hostile", b"Subject: " + subject) + b"\r\nCoffee"
    finishes_within(PARSE_SECONDS, lambda: _read(raw, "Coffee"))


def test_a_text_body_beyond_the_limit_is_cut_and_noted():
    body = b"Content-Type: text/plain\r\n\r\n" + b"Coffee with Anna. " * 2_000_000

    def check() -> None:
        parsed = _read(message(body), "Coffee with Anna")
        assert len(parsed.text) == MAX_TEXT_CHARS
        assert any("text cut" in d for d in parsed.defects)

    finishes_within(PARSE_SECONDS, check)


def test_a_huge_html_only_body_is_converted_within_its_limit():
    html = b"<div><p>Coffee with <b>Anna</b></p></div>" * 200_000
    body = multipart([b"Content-Type: text/html\r\n\r\n" + html], subtype="alternative")

    def check() -> None:
        parsed = _read(message(body), "Coffee with")
        assert len(parsed.text) <= MAX_TEXT_CHARS

    finishes_within(PARSE_SECONDS, check)
