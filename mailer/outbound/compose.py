"""Build the email itself, as the bytes that go on the wire: headers, text, HTML, calendar.

The stdlib's ``email.mime`` classes with the ``compat32`` policy do the MIME work (quoted-
printable bodies, RFC 2047 names, folding); they are five times faster than ``EmailMessage``
with the default policy, whose header registry parses every value it is given, and the
dispatcher builds thousands of these. Every header value passes through :func:`one_line`
first, so a contact whose name is "x\\r\\nBcc: y" stays a strange name and never becomes a
header (compat32 itself does not refuse line breaks).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email import charset as charsets
from email.header import Header
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import Compat32
from email.utils import format_datetime, formataddr
from typing import Any

from mailer.outbound.templating import Rendered


class WirePolicy(Compat32):
    """compat32 with CRLF line ends (as SMTP and DKIM want them) that writes a short ASCII
    header as it is instead of running it through the folding machinery: every header we
    write is already one clean line (:func:`one_line`), and folding them all was a third of
    the time of building a message. Long or non-ASCII values are folded as usual, and only
    past RFC 5322's hard limit (at 78, compat32 folds a long List-Unsubscribe before its only
    value, leaving an empty first line)."""

    def fold_binary(self, name: str, value: Any) -> bytes:
        one_clean_line = isinstance(value, str) and value.isascii() and len(value) < 900
        if one_clean_line and "\r" not in value and "\n" not in value:
            return f"{name}: {value}{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


WIRE = WirePolicy(linesep="\r\n", max_line_length=998)

UTF8_QP = charsets.Charset("utf-8")
UTF8_QP.header_encoding = charsets.QP
UTF8_QP.body_encoding = charsets.QP
"""Bodies stay readable (quoted-printable, not base64: spam filters frown on base64 text)."""

Recipient = tuple[str | None, str]


@dataclass(frozen=True)
class InlineImage:
    """A JPEG the HTML part shows (``<img src="cid:...">``), and, with ``attach``, the same
    image as an attachment too, for clients that hide inline images or cannot save them."""

    cid: str
    """Its Content-ID, without the angle brackets."""
    data: bytes
    filename: str
    attach: bool = False


def make_message_id(domain: str) -> str:
    """A new, globally unique Message-ID at our domain."""
    return f"<{uuid.uuid4().hex}@{domain}>"


def _boundary() -> str:
    """A random boundary; set here because the stdlib would search the body for its own with
    a regex compiled afresh for every message ("=_" cannot occur in quoted-printable text)."""
    return f"=_{uuid.uuid4().hex}"


def one_line(value: str) -> str:
    """A header value with every run of whitespace (CR and LF included) made one space."""
    return " ".join(value.split())


def format_address(name: str | None, address: str) -> str:
    """``Name <address>``, the name RFC 2047-encoded when it is not ASCII."""
    return formataddr((one_line(name or ""), "".join(address.split())), charset="utf-8")


def _text_part(text: str, subtype: str) -> MIMEText:
    charset = "us-ascii" if text.isascii() else UTF8_QP
    part = MIMEText(text, subtype, charset)  # type: ignore[arg-type]  # stub: Charset works too
    del part["MIME-Version"]  # said once, at the top
    return part


def _subject(subject: str) -> str | Header:
    subject = one_line(subject)
    return subject if subject.isascii() else Header(subject, UTF8_QP)


def _calendar_parts(calendar: bytes, method: str) -> tuple[Message, Message]:
    """The iMIP part (``text/calendar; method=...``, which Thunderbird checks) and the same
    calendar as an .ics attachment, for clients that only offer attachments."""
    inline = _text_part(calendar.decode("utf-8").replace("\r\n", "\n"), "calendar")
    inline.set_param("method", method)
    attachment = MIMEApplication(calendar, "ics")
    del attachment["MIME-Version"]
    attachment.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return inline, attachment


def _image_part(image: InlineImage, disposition: str) -> Message:
    part = MIMEImage(image.data, "jpeg")
    del part["MIME-Version"]
    name = one_line(image.filename)
    filename: str | tuple[str, str, str] = name if name.isascii() else ("utf-8", "", name)
    part.add_header("Content-Disposition", disposition, filename=filename)
    if disposition == "inline":
        part.add_header("Content-ID", f"<{one_line(image.cid)}>")
    return part


def _html_with_images(html: Message, images: Sequence[InlineImage]) -> Message:
    """The HTML part, and with images a multipart/related of it and them (RFC 2387)."""
    if not images:
        return html
    related = MIMEMultipart("related", boundary=_boundary())
    del related["MIME-Version"]
    related.attach(html)
    for image in images:
        related.attach(_image_part(image, "inline"))
    return related


def compose(
    rendered: Rendered,
    *,
    from_name: str,
    from_address: str,
    to: Sequence[Recipient],
    message_id: str,
    date: datetime,
    cc: Sequence[Recipient] = (),
    reply_to: Sequence[Recipient] = (),
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
    list_unsubscribe_mailto: str | None = None,
    list_unsubscribe_url: str | None = None,
    calendar: bytes | None = None,
    calendar_method: str | None = None,
    auto_submitted: str | None = "auto-generated",
    extra_headers: Mapping[str, str] | None = None,
    images: Sequence[InlineImage] = (),
) -> bytes:
    """The message as CRLF bytes: multipart/alternative (text, HTML[, calendar]), the HTML in
    a multipart/related with its ``images``; with a calendar or an image to attach, that inside
    multipart/mixed with the .ics and the images attached."""
    body = MIMEMultipart("alternative", boundary=_boundary())
    body.attach(_text_part(rendered.text, "plain"))
    body.attach(_html_with_images(_text_part(rendered.html, "html"), images))
    message: Message = body
    attachments = [_image_part(image, "attachment") for image in images if image.attach]
    if calendar is not None:
        inline, attachment = _calendar_parts(calendar, (calendar_method or "REQUEST").upper())
        body.attach(inline)
        attachments.insert(0, attachment)
    if attachments:
        del body["MIME-Version"]
        message = MIMEMultipart("mixed", boundary=_boundary())
        message.attach(body)
        for attached in attachments:
            message.attach(attached)
    headers: list[tuple[str, str | Header]] = [
        ("From", format_address(from_name, from_address)),
        ("To", ", ".join(format_address(name, address) for name, address in to)),
    ]
    if cc:
        headers.append(("Cc", ", ".join(format_address(name, address) for name, address in cc)))
    if reply_to:
        headers.append(("Reply-To", ", ".join(format_address(n, a) for n, a in reply_to)))
    headers += [
        ("Subject", _subject(rendered.subject)),
        ("Date", format_datetime(date)),
        ("Message-ID", one_line(message_id)),
    ]
    if in_reply_to:
        headers.append(("In-Reply-To", one_line(in_reply_to)))
        thread = dict.fromkeys([*references, in_reply_to])
        headers.append(("References", one_line(" ".join(thread))))
    if auto_submitted:
        headers.append(("Auto-Submitted", auto_submitted))
    headers += _unsubscribe_headers(list_unsubscribe_mailto, list_unsubscribe_url, from_address)
    headers += [(name, one_line(value)) for name, value in (extra_headers or {}).items()]
    for name, value in headers:
        message[name] = value  # type: ignore[assignment]  # stub: compat32 takes a Header too
    return message.as_bytes(policy=WIRE)


def _unsubscribe_headers(
    mailto: str | None, url: str | None, from_address: str
) -> list[tuple[str, str]]:
    """List-Unsubscribe (RFC 2369, with RFC 8058 one-click when there is a URL) and List-Id."""
    targets = [f"<{url}>"] if url else []
    targets += [f"<mailto:{mailto}>"] if mailto else []
    if not targets:
        return []
    headers = [("List-Unsubscribe", ", ".join(targets))]
    if url:
        headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
    # RFC 2919: mail one can unsubscribe from says which "list" it belongs to
    domain = from_address.rpartition("@")[2]
    headers.append(("List-Id", f"Slow networking <slow-networking.{domain}>"))
    return headers
