"""Decode a raw message into :class:`ParsedMessage`, whatever state its bytes are in.

Real mail is broken in every way: bogus or wrong charsets, missing boundaries, garbage headers,
8-bit bodies without a charset. This module never raises: it reads what can be read and records
what was wrong in ``defects``. Hostile structure is refused before the standard library
builds it (:mod:`mailer.parsing.structure`), and the walk over parts is bounded too (depth,
count, calendar size, archives, text length: :mod:`mailer.parsing.limits`); a message beyond a
structural limit comes back with ``refused`` saying why, and its headers only.
"""

from __future__ import annotations

import binascii
import codecs
import contextlib
import email
import email.policy
import re
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import collapse_rfc2231_value, getaddresses, parsedate_to_datetime
from typing import Any, TypedDict, Unpack

from mailer.parsing.archives import (
    CALENDAR_SUFFIXES,
    ArchiveTooLarge,
    Decompressor,
    is_archive,
)
from mailer.parsing.html_text import html_to_text
from mailer.parsing.limits import (
    MAX_CALENDAR_BYTES,
    MAX_DEPTH,
    MAX_HEADER_CHARS,
    MAX_HTML_CHARS,
    MAX_PARTS,
    MAX_TEXT_CHARS,
)
from mailer.parsing.structure import TOO_DEEP, TOO_MANY_PARTS, structure_problem
from mailer.parsing.types import ImagePart, ParsedMessage, Person

CALENDAR_TYPES = frozenset({"text/calendar", "application/ics", "text/x-vcalendar"})
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".gif", ".tif", ".tiff")
"""Names of images sent as application/octet-stream (as some phones and webmails do)."""
TAIL_HEADERS = frozenset({"references"})
"""Headers whose newest part is at the end: a cut keeps the end."""


class _BoundedPolicy(email.policy.Compat32):
    """``compat32``, with each header cut to MAX_HEADER_CHARS before it is read.

    Not the default policy: its header registry parsed every header the walk touched
    (``Content-Type`` of each part several times over) into objects nobody looked at, a quarter
    of the CPU a forwarded invitation cost. Here a header is its text; RFC 2047 is decoded only
    where a value is shown (:func:`_shown`: the subject, display names, file names). A long
    header is cut first all the same: the older parser also slows with a header's length.
    """

    def header_fetch_parse(self, name: str, value: str) -> Any:
        if len(value) > MAX_HEADER_CHARS:
            tail = name.lower() in TAIL_HEADERS
            value = value[-MAX_HEADER_CHARS:] if tail else value[:MAX_HEADER_CHARS]
        return super().header_fetch_parse(name, value)


POLICY = _BoundedPolicy()
SINGLE_BYTE = frozenset(
    codecs.lookup(name).name
    for name in ("cp1252", "latin-1", "iso-8859-15", "iso-8859-2", "cp1250")
)
CHARSET_ALIASES = {"ks_c_5601-1987": "cp949", "x-sjis": "shift_jis", "gb2312": "gb18030"}


def _shown(text: str) -> str:
    """``text`` with its RFC 2047 encoded words decoded (as it is shown to a person)."""
    if "=?" not in text:
        return text
    try:
        return str(make_header(decode_header(text)))
    except (ValueError, LookupError, UnicodeError, AssertionError, binascii.Error):
        return text


def _header(message: Message, name: str, *, shown: bool = False) -> str:
    try:
        value = message.get(name)
    except Exception:  # a header the policy cannot parse: fall back to its raw text
        value = None
        for key, raw in message.raw_items() if hasattr(message, "raw_items") else []:
            if key.lower() == name.lower():
                value = raw
                break
    if value is None:
        return ""
    try:
        text = str(value)
        text = (_shown(text) if shown else text).replace("\x00", "")  # PostgreSQL: no NUL
    except Exception:
        text = ""
    if name.lower() in TAIL_HEADERS:
        return " ".join(text[-MAX_HEADER_CHARS * 2 :].split())[-MAX_HEADER_CHARS:]
    return " ".join(text[: MAX_HEADER_CHARS * 2].split())[:MAX_HEADER_CHARS]


def _people(message: Message, name: str) -> tuple[Person, ...]:
    values = []
    try:
        values = [
            str(v)[:MAX_HEADER_CHARS].replace("\x00", "") for v in message.get_all(name) or []
        ]
    except Exception:
        values = [_header(message, name)]
    people: dict[str, Person] = {}
    try:
        pairs = getaddresses(values)
    except Exception:
        pairs = []
    for display, address in pairs:
        address = address.strip().strip("<>").lower()
        if "@" not in address or " " in address:
            continue
        if address not in people:
            shown = _shown(display).replace("\x00", "")
            people[address] = Person(email=address, name=" ".join(shown.split()) or None)
    return tuple(people.values())


def _ids(value: str) -> tuple[str, ...]:
    """The ``<msg-id>`` tokens of a header, with or without whitespace between them."""
    return tuple(re.findall(r"<[^<>\s]+>", value))


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:  # "-0000": the zone is unknown, the time is UTC (RFC 5322 3.3)
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def decode_bytes(payload: bytes, charset: str | None) -> str:
    """Text from bytes: the declared charset if it decodes cleanly, else UTF-8, else cp1252.

    NUL characters are dropped: no text means one, and PostgreSQL cannot store them.
    """
    candidates = []
    if charset:
        label = CHARSET_ALIASES.get(charset.strip().lower(), charset.strip().strip('"'))
        with contextlib.suppress(LookupError, ValueError):  # ValueError: a NUL in the label
            candidates.append(codecs.lookup(label).name)
    if candidates and candidates[0] in SINGLE_BYTE and _is_utf8_text(payload):
        candidates.insert(0, "utf-8")  # UTF-8 declared as Latin-1: every byte "decodes" there
    candidates += ["utf-8", "cp1252"]
    for candidate in candidates:
        try:
            return payload.decode(candidate).replace("\x00", "")
        except (UnicodeDecodeError, LookupError):
            continue
    return payload.decode("utf-8", errors="replace").replace("\x00", "")


def _is_utf8_text(payload: bytes) -> bool:
    """Valid UTF-8 with non-ASCII in it: almost never a Latin-1 text by accident."""
    if payload.isascii():
        return False
    try:
        payload.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _payload(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if isinstance(data, bytes):
        return data
    try:
        raw = part.get_payload()
    except Exception:  # a declared charset such as "idna" that cannot decode with "replace"
        return b""
    if isinstance(raw, str):
        return raw.encode("utf-8", errors="surrogateescape")
    return b""


def _filename(part: Message) -> str:
    try:
        return _shown(str(part.get_filename() or "")).strip().lower()
    except Exception:
        return ""


def _shown_filename(part: Message) -> str:
    """The file name as the sender wrote it, for telling them about it ("IMG_1234.HEIC")."""
    try:
        name = part.get_filename() or ""
    except Exception:
        return ""
    return " ".join(_shown(str(name)).replace("\x00", "").split())[:200]


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type().lower()
    except Exception:
        return "text/plain"


class _Walk:
    """Collects text, HTML, calendars and image parts from a message tree within fixed bounds.

    ``refused`` is set (and the walk stops) when the tree is beyond a structural limit.
    """

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.htmls: list[str] = []
        self.calendars: list[bytes] = []
        self.images: list[ImagePart] = []
        self.defects: list[str] = []
        self.parts = 0
        self.refused = ""
        self.archives = Decompressor(defects=self.defects)

    def visit(self, part: Message, depth: int) -> None:
        if self.refused:
            return
        self.parts += 1
        if self.parts > MAX_PARTS:
            self.refused = TOO_MANY_PARTS
            return
        if depth > MAX_DEPTH:
            self.refused = TOO_DEEP
            return
        for defect in getattr(part, "defects", []) or []:
            self.defects.append(defect.__class__.__name__)
        content_type = _content_type(part)
        if part.is_multipart():
            children = part.get_payload()
            for child in children if isinstance(children, list) else []:
                if isinstance(child, Message):
                    self.visit(child, depth + 1)
            return
        filename = _filename(part)
        if content_type in CALENDAR_TYPES or filename.endswith(CALENDAR_SUFFIXES):
            self._calendar(_payload(part), filename)
            return
        if is_archive(content_type, filename):
            try:
                for calendar in self.archives.calendars(_payload(part), content_type, filename):
                    self._calendar(calendar, filename)
            except ArchiveTooLarge as exc:
                self.refused = str(exc)
            return
        if content_type.startswith("image/") or (
            content_type == "application/octet-stream" and filename.endswith(IMAGE_SUFFIXES)
        ):
            self.images.append(ImagePart(_shown_filename(part), content_type, _payload(part)))
            return
        disposition = ""
        with contextlib.suppress(Exception):
            disposition = (part.get_content_disposition() or "").lower()
        if content_type in ("text/plain", "text/html") and disposition != "attachment":
            text = decode_bytes(_payload(part), _charset(part))
            (self.texts if content_type == "text/plain" else self.htmls).append(text)
        elif content_type == "message/rfc822" or (
            content_type == "application/octet-stream" and filename.endswith(".eml")
        ):
            self._nested(part, depth)

    def _calendar(self, data: bytes, filename: str) -> None:
        if b"BEGIN:VCALENDAR" not in data.upper() or data in self.calendars:
            return
        if len(data) > MAX_CALENDAR_BYTES:
            self.refused = calendar_too_large(len(data), filename)
            return
        self.calendars.append(data)

    def _nested(self, part: Message, depth: int) -> None:
        # is_multipart() first: get_payload() on a leaf decodes it with the declared charset,
        # which raises for codecs such as "idna" that refuse errors="replace".
        if part.is_multipart():
            for child in part.get_payload():
                if isinstance(child, Message):
                    self.visit(child, depth + 1)
            return
        raw = _payload(part)  # an encoded message the structure check has not seen yet
        problem = structure_problem(raw, parts_left=MAX_PARTS - self.parts)
        if problem:
            self.refused = f"an attached message: {problem}"
            return
        self.visit(_parse(raw), depth + 1)


def calendar_too_large(size: int, filename: str = "") -> str:
    name = f" ({filename})" if filename else ""
    return (
        f"the calendar{name} is {size:,} bytes; the assistant reads calendars of at most "
        f"{MAX_CALENDAR_BYTES:,} bytes (forward the single invitation, not a calendar export)"
    )


def _charset(part: Message) -> str | None:
    try:
        value = part.get_param("charset")
    except Exception:
        return None
    if isinstance(value, tuple):  # RFC 2231 read by compat32: (charset, language, text)
        value = collapse_rfc2231_value(value)
    return value or None


def _parse(raw: bytes) -> Message:
    try:
        return email.message_from_bytes(raw, policy=POLICY)
    except Exception:
        return email.message_from_bytes(raw, policy=email.policy.compat32)


def _strip_mbox_line(raw: bytes) -> bytes:
    """Some saved messages start with an mbox ``From `` line; it is not a header."""
    if raw.startswith(b"From "):
        newline = raw.find(b"\n")
        return raw[newline + 1 :] if newline >= 0 else b""
    return raw


def parse_message(raw: bytes) -> ParsedMessage:
    """Everything we read from a message; never raises."""
    try:
        return _parse_message(_strip_mbox_line(raw))
    except Exception as exc:  # the last line of defence: say what went wrong, keep going
        return ParsedMessage(
            message_id=None, subject="", sender=None, defects=(f"unreadable: {exc!r}",)
        )


def _parse_message(raw: bytes) -> ParsedMessage:
    if raw.lstrip()[:15].upper() == b"BEGIN:VCALENDAR":  # a bare .ics file, not a message
        if len(raw) > MAX_CALENDAR_BYTES:
            return ParsedMessage(None, "", None, refused=calendar_too_large(len(raw)))
        return ParsedMessage(message_id=None, subject="", sender=None, calendars=(raw,))
    problem = structure_problem(raw)
    if problem:  # read the headers only, so the sender can be told why
        return _headers_only(raw, problem)
    message = _parse(raw)
    walk = _Walk()
    walk.visit(message, 0)
    if walk.refused:
        return _about(message, refused=walk.refused, defects=walk.defects)
    defects = walk.defects
    text = _bounded("\n\n".join(t for t in walk.texts if t.strip()), MAX_TEXT_CHARS, defects)
    html = _bounded("\n".join(walk.htmls), MAX_HTML_CHARS, defects)
    if not text.strip() and html:
        text = _bounded(html_to_text(html), MAX_TEXT_CHARS, defects)
    return _about(
        message,
        text=text,
        html=html,
        calendars=tuple(walk.calendars),
        images=tuple(walk.images),
        defects=defects,
    )


def _bounded(text: str, limit: int, defects: list[str]) -> str:
    if len(text) <= limit:
        return text
    defects.append(f"text cut at {limit:,} of its {len(text):,} characters")
    return text[:limit]


def _headers_only(raw: bytes, problem: str) -> ParsedMessage:
    end = raw.find(b"\r\n\r\n")
    end = raw.find(b"\n\n") if end < 0 else end
    head = raw[: end if 0 <= end < 1_000_000 else 1_000_000]
    try:
        message = BytesHeaderParser(policy=POLICY).parsebytes(head)
    except Exception:
        message = BytesHeaderParser(policy=email.policy.compat32).parsebytes(head)
    return _about(message, refused=problem, defects=[])


class _Walked(TypedDict, total=False):
    """What the walk over the parts found, for :class:`ParsedMessage`."""

    text: str
    html: str
    calendars: tuple[bytes, ...]
    images: tuple[ImagePart, ...]
    refused: str


def _about(message: Message, *, defects: list[str], **values: Unpack[_Walked]) -> ParsedMessage:
    """The message's headers, with what the walk found (``values``)."""
    senders = _people(message, "From")
    auto = _header(message, "Auto-Submitted").lower()
    precedence = _header(message, "Precedence").lower()
    content_type = _content_type(message)
    report = content_type == "multipart/report" or content_type == "message/delivery-status"
    return ParsedMessage(
        message_id=next(iter(_ids(_header(message, "Message-ID"))), None)
        or _header(message, "Message-ID")
        or None,
        subject=_header(message, "Subject", shown=True),
        sender=senders[0] if senders else None,
        to=_people(message, "To"),
        cc=_people(message, "Cc"),
        reply_to=_people(message, "Reply-To"),
        date=_date(_header(message, "Date")),
        in_reply_to=_ids(_header(message, "In-Reply-To")),
        references=_ids(_header(message, "References")),
        auto_submitted=bool(auto and auto != "no")
        or precedence in {"bulk", "list", "junk"}
        or report,
        defects=tuple(dict.fromkeys(defects)),
        **values,
    )
