"""What we send is well formed: safe headers, both parts, DKIM when configured."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import dkim

from mailer.outbound.compose import compose, make_message_id
from mailer.outbound.dkim_signing import DkimSigner
from mailer.outbound.templating import Rendered

RENDERED = Rendered("Thank you", "Hello <there>", "<p>Hello &lt;there&gt;</p>")
DATE = datetime(2026, 11, 23, 10, tzinfo=UTC)


def _raw(name: str = "Anna Ruiz", **kwargs) -> bytes:
    return compose(
        RENDERED,
        from_name="Alice Martín",
        from_address="reply+1.abc@assistant.localhost",
        to=[(name, "anna@example.com")],
        message_id=make_message_id("assistant.localhost"),
        date=DATE,
        **kwargs,
    )


def _message(name: str = "Anna Ruiz", **kwargs) -> EmailMessage:
    parsed = message_from_bytes(_raw(name, **kwargs), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_a_name_cannot_add_a_header():
    raw = _raw("x\r\nBcc: victim@example.net")
    headers = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\r\nBcc:" not in headers and b"\nBcc:" not in headers


def test_date_message_id_text_html_and_unsubscribe():
    message = _message(
        list_unsubscribe_mailto="unsubscribe+1.x@assistant.localhost",
        list_unsubscribe_url="https://mailer.example.org/unsubscribe/x",
    )
    assert message["Date"] and message["Message-ID"].endswith("@assistant.localhost>")
    assert [p.get_content_type() for p in message.walk()][1:] == ["text/plain", "text/html"]
    assert message["List-Unsubscribe"] == (
        "<https://mailer.example.org/unsubscribe/x>, <mailto:unsubscribe+1.x@assistant.localhost>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_dkim_signature_verifies(tmp_path: Path):
    key = tmp_path / "dkim.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(key), "2048"], check=True, capture_output=True)
    public = subprocess.run(
        ["openssl", "rsa", "-in", str(key), "-pubout", "-outform", "DER"],
        check=True,
        capture_output=True,
    ).stdout
    import base64

    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)
    raw = DkimSigner("mailer", key)(_raw())
    assert raw.startswith(b"DKIM-Signature:")

    def dns(name: bytes, timeout: int = 5) -> bytes:  # DNS is injected: nothing leaves
        assert name == b"mailer._domainkey.assistant.localhost."
        return record

    assert dkim.verify(raw, dnsfunc=dns)
    assert not dkim.verify(raw.replace(b"Hello", b"Hullo"), dnsfunc=dns)
