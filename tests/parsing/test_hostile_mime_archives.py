"""Compressed and enormous attachments: calendars in .gz and .zip are read, bombs are not.

We read a calendar inside a gzip or zip attachment (some systems compress their .ics), but with
bounded decompression: one calendar at most MAX_CALENDAR_BYTES, all archives of a message at
most MAX_DECOMPRESSED_BYTES, MAX_ARCHIVE_MEMBERS members looked at, no archive inside an
archive. Other attachments are never decoded, however large.
"""

from __future__ import annotations

import base64
import gzip
import io
import zipfile

import pytest

from mailer.parsing.limits import MAX_ARCHIVE_MEMBERS, MAX_CALENDAR_BYTES, MAX_DECOMPRESSED_BYTES
from mailer.parsing.message import parse_message
from tests.parsing.hostile_mime import (
    PARSE_SECONDS,
    finishes_within,
    message,
    multipart,
    text_part,
    vcalendar,
    vevent,
    with_attachment,
)

INVITE = vcalendar(vevent("zipped-1@example.com"))


def _zip(members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _attached_gzip(data: bytes, filename: str = "invite.ics.gz") -> bytes:
    return with_attachment(gzip.compress(data), filename=filename, maintype="application",
                           subtype="gzip")  # fmt: skip


def _attached_zip(data: bytes, filename: str = "invite.zip") -> bytes:
    return with_attachment(data, filename=filename, maintype="application", subtype="zip")


def test_a_gzipped_calendar_is_read():
    assert parse_message(_attached_gzip(INVITE)).calendars == (INVITE,)


def test_a_zipped_calendar_is_read_and_other_members_are_not():
    archive = _zip({"notes.txt": b"x" * 100_000, "invite.ics": INVITE, "photo.jpg": b"\xff" * 10})
    assert parse_message(_attached_zip(archive)).calendars == (INVITE,)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(_attached_gzip(b"\0" * (200 * 1024 * 1024)), id="gzip-bomb-200MB"),
        pytest.param(
            _attached_zip(_zip({"invite.ics": b"BEGIN:VCALENDAR" + b"\0" * (200 * 1024 * 1024)})),
            id="zip-bomb-200MB",
        ),
        pytest.param(
            _attached_gzip(INVITE.replace(b"SUMMARY", b"X-PAD:" + b"a" * MAX_CALENDAR_BYTES
                                          + b"\r\nSUMMARY")),
            id="calendar-just-over-the-limit",
        ),
    ],
)  # fmt: skip
def test_decompression_bombs_are_refused_quickly_with_the_limit_named(raw: bytes):
    def check() -> None:
        parsed = parse_message(raw)
        assert "expands beyond" in parsed.refused
        assert parsed.sender is not None

    finishes_within(PARSE_SECONDS, check)


def test_many_archives_share_one_decompression_budget():
    each = MAX_CALENDAR_BYTES - 1000
    member = INVITE.replace(
        b"SUMMARY", b"X-PAD:" + b"a" * (each - len(INVITE) - 10) + b"\r\nSUMMARY"
    )
    parts = [
        b'Content-Type: application/gzip; name="part%d.ics.gz"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        % n
        + base64.encodebytes(gzip.compress(member.replace(b"zipped-1", b"zipped-%d" % n)))
        for n in range(MAX_DECOMPRESSED_BYTES // each + 2)
    ]

    def check() -> None:
        parsed = parse_message(message(multipart([text_part(), *parts])))
        assert "expand beyond" in parsed.refused and "together" in parsed.refused

    finishes_within(PARSE_SECONDS, check)


def test_only_the_first_members_of_a_zip_are_looked_at():
    members = {f"junk{n}.txt": b"" for n in range(MAX_ARCHIVE_MEMBERS)}
    members["late.ics"] = INVITE
    assert parse_message(_attached_zip(_zip(members))).calendars == ()


def test_a_zip_with_a_hundred_thousand_entries_is_not_opened():
    members = {f"e{n}": b"" for n in range(100_000)}
    raw = _attached_zip(_zip(members, method=zipfile.ZIP_STORED))

    def check() -> None:
        parsed = parse_message(raw)
        assert not parsed.refused and any("not opened" in d for d in parsed.defects)

    finishes_within(PARSE_SECONDS, check)


def test_an_archive_inside_an_archive_is_not_opened():
    inner = _zip({"invite.ics": INVITE})
    assert parse_message(_attached_zip(_zip({"inner.zip": inner}))).calendars == ()


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(_attached_gzip(b"not gzip at all"), id="not-gzip"),
        pytest.param(_attached_gzip(INVITE)[:-200] + b"\r\n--x--", id="truncated"),
        pytest.param(_attached_zip(b"PK\x03\x04 broken"), id="not-zip"),
        pytest.param(
            _attached_zip(_zip({"invite.ics": INVITE}).replace(b"BEGIN", b"BEGXN")),
            id="stored-bytes-altered",
        ),
    ],
)
def test_broken_archives_are_noted_and_the_message_read(raw: bytes):
    def check() -> None:
        parsed = parse_message(raw)
        assert not parsed.refused and "See the attachment" in parsed.text

    finishes_within(PARSE_SECONDS, check)


def test_an_encrypted_zip_member_is_skipped():
    archive = bytearray(_zip({"invite.ics": INVITE}, method=zipfile.ZIP_STORED))
    archive[6] |= 0x01  # the "encrypted" flag of the local header
    central = archive.rfind(b"PK\x01\x02")
    archive[central + 8] |= 0x01  # and of the central directory entry
    parsed = parse_message(_attached_zip(bytes(archive)))
    assert parsed.calendars == () and not parsed.refused


def test_an_enormous_attachment_is_never_decoded():
    photo = with_attachment(b"\xff\xd8" * (10 * 1024 * 1024), filename="photo.jpg",
                            maintype="image", subtype="jpeg")  # fmt: skip

    def check() -> None:
        parsed = parse_message(photo)
        assert not parsed.refused and "See the attachment" in parsed.text

    finishes_within(PARSE_SECONDS, check)


def test_an_enormous_calendar_attachment_is_refused_with_its_name():
    data = INVITE + b"X-PAD:" + b"a" * (5 * MAX_CALENDAR_BYTES)
    raw = with_attachment(data, filename="export.ics", maintype="text", subtype="calendar")

    def check() -> None:
        parsed = parse_message(raw)
        assert "export.ics" in parsed.refused and "calendar export" in parsed.refused

    finishes_within(PARSE_SECONDS, check)
