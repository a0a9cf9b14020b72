"""Decode a raw message into :class:`ParsedMessage`, whatever state its bytes are in.

Real mail is broken in every way: bogus or wrong charsets, missing boundaries, garbage headers,
8-bit bodies without a charset. This module never raises: it reads what can be read and records
what was wrong in ``defects``. The walk over parts is bounded (depth and count) so hostile
nesting stays cheap.
"""

from __future__ import annotations

import codecs
import contextlib
import email
import email.policy
import re
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from mailer.parsing.html_text import html_to_text
from mailer.parsing.types import ParsedMessage, Person

MAX_DEPTH = 20
MAX_PARTS = 1000
CALENDAR_TYPES = frozenset({"text/calendar", "application/ics", "text/x-vcalendar"})
CALENDAR_SUFFIXES = (".ics", ".vcs", ".ical", ".icalendar")
SINGLE_BYTE = frozenset(
    codecs.lookup(name).name
    for name in ("cp1252", "latin-1", "iso-8859-15", "iso-8859-2", "cp1250")
)
CHARSET_ALIASES = {"ks_c_5601-1987": "cp949", "x-sjis": "shift_jis", "gb2312": "gb18030"}


def _header(message: Message, name: str) -> str:
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
    except Exception:
        text = ""
    return " ".join(text.split())


def _people(message: Message, name: str) -> tuple[Person, ...]:
    values = []
    try:
        values = [str(v) for v in message.get_all(name) or []]
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
            people[address] = Person(email=address, name=" ".join(display.split()) or None)
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
    """Text from bytes: the declared charset if it decodes cleanly, else UTF-8, else cp1252."""
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
            return payload.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return payload.decode("utf-8", errors="replace")


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
    raw = part.get_payload()
    if isinstance(raw, str):
        return raw.encode("utf-8", errors="surrogateescape")
    return b""


def _filename(part: Message) -> str:
    try:
        return (part.get_filename() or "").strip().lower()
    except Exception:
        return ""


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type().lower()
    except Exception:
        return "text/plain"


class _Walk:
    """Collects text, HTML and calendars from a message tree within fixed bounds."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.htmls: list[str] = []
        self.calendars: list[bytes] = []
        self.defects: list[str] = []
        self.parts = 0

    def visit(self, part: Message, depth: int) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            if self.parts == MAX_PARTS + 1:
                self.defects.append(f"more than {MAX_PARTS} parts; the rest were skipped")
            return
        if depth > MAX_DEPTH:
            self.defects.append(f"parts nested deeper than {MAX_DEPTH} were skipped")
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
            data = _payload(part)
            if b"BEGIN:VCALENDAR" in data.upper() and data not in self.calendars:
                self.calendars.append(data)
            return
        disposition = ""
        with contextlib.suppress(Exception):
            disposition = (part.get_content_disposition() or "").lower()
        if content_type in ("text/plain", "text/html") and disposition != "attachment":
            text = decode_bytes(_payload(part), part.get_param("charset") or None)
            (self.texts if content_type == "text/plain" else self.htmls).append(text)
        elif content_type == "message/rfc822" or (
            content_type == "application/octet-stream" and filename.endswith(".eml")
        ):
            self._nested(part, depth)

    def _nested(self, part: Message, depth: int) -> None:
        payload = part.get_payload()
        if isinstance(payload, list):
            for child in payload:
                if isinstance(child, Message):
                    self.visit(child, depth + 1)
        else:
            self.visit(_parse(_payload(part)), depth + 1)


def _parse(raw: bytes) -> Message:
    try:
        return email.message_from_bytes(raw, policy=email.policy.default)
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
        return ParsedMessage(message_id=None, subject="", sender=None, calendars=(raw,))
    message = _parse(raw)
    walk = _Walk()
    walk.visit(message, 0)
    text = "\n\n".join(t for t in walk.texts if t.strip())
    if not text.strip() and walk.htmls:
        text = "\n\n".join(html_to_text(h) for h in walk.htmls)
    senders = _people(message, "From")
    auto = _header(message, "Auto-Submitted").lower()
    precedence = _header(message, "Precedence").lower()
    content_type = _content_type(message)
    report = content_type == "multipart/report" or content_type == "message/delivery-status"
    return ParsedMessage(
        message_id=next(iter(_ids(_header(message, "Message-ID"))), None)
        or _header(message, "Message-ID")
        or None,
        subject=_header(message, "Subject"),
        sender=senders[0] if senders else None,
        to=_people(message, "To"),
        cc=_people(message, "Cc"),
        reply_to=_people(message, "Reply-To"),
        date=_date(_header(message, "Date")),
        in_reply_to=_ids(_header(message, "In-Reply-To")),
        references=_ids(_header(message, "References")),
        text=text,
        html="\n".join(walk.htmls),
        calendars=tuple(walk.calendars),
        auto_submitted=bool(auto and auto != "no")
        or precedence in {"bulk", "list", "junk"}
        or report,
        defects=tuple(dict.fromkeys(walk.defects)),
    )
