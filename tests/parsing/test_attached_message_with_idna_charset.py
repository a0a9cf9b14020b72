"""Bug found by hypothesis (CI): an attached ``.eml`` part declaring ``charset="idna"``.

``Message.get_payload()`` on a leaf decodes it with the declared charset and
``errors="replace"``; the ``idna`` codec refuses that error handler and raised a bare
``UnicodeError``, so the whole message came out "unreadable" instead of being read.
"""

from __future__ import annotations

from mailer.parsing.message import parse_message

RAW = (
    b"From: Alice <alice@example.com>\r\nTo: invites@assistant.localhost\r\n"
    b"Subject: Fwd: coffee\r\nMessage-ID: <idna-charset@example.com>\r\n"
    b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
    b'--b\r\nContent-Type: text/plain; charset="utf-8"\r\n\r\n'
    b"Coffee with Anna Ruiz <anna@example.com> yesterday.\r\n"
    b'--b\r\nContent-Type: application/octet-stream; charset="idna"\r\n'
    b'Content-Disposition: attachment; filename="forward.eml"\r\n\r\n\xc2\x80\r\n--b--\r\n'
)


def test_the_message_is_read_around_the_idna_part() -> None:
    parsed = parse_message(RAW)
    assert not any(d.startswith("unreadable") for d in parsed.defects), parsed.defects
    assert "Coffee with Anna Ruiz" in parsed.text
