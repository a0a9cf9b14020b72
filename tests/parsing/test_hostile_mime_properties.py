"""Property-based (hypothesis): random MIME trees never break parsing or the pipeline.

Trees of parts with random types, charsets, transfer encodings and boundaries (colliding,
empty, missing, never closed), bodies both valid and garbage. ``parse_message`` never raises;
``Mailer.ingest`` always ends with the message processed or failed with a reason (never an
internal error, never left ``received``), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import base64
import gzip
import quopri

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailer.api import Mailer
from mailer.parsing.calendar import CalendarParseError, events_from_message
from mailer.parsing.message import parse_message
from mailer.parsing.types import ParsedMessage
from tests.conftest import ALICE
from tests.parsing.hostile_mime import MADRID, NOW, vcalendar, vevent

CONTENT_TYPES = [
    "text/plain", "text/html", "text/calendar", "application/ics", "application/octet-stream",
    "application/gzip", "application/zip", "message/rfc822", "image/png", "text/x-vcalendar",
    "multipart/mixed", "text/plain; format=flowed", "", "garbage", "text/",
]  # fmt: skip
CHARSETS = [
    "utf-8", "iso-8859-1", "windows-1252", "x-unknown", "utf-16", "utf-7", "gb2312",
    "ks_c_5601-1987", "", "utf-8\x00", "base64", "rot13", "idna",
]  # fmt: skip
ENCODINGS = ["7bit", "8bit", "base64", "quoted-printable", "binary", "x-junk", "", "x-uuencode"]
FILENAMES = ["", "invite.ics", "invite.ics.gz", "meeting.zip", "forward.eml", "photo.png"]
BODIES = [
    "Coffee with Anna Ruiz <anna@example.com> yesterday. Follow up in 2 weeks.",
    "Café con Jordi <jordi@example.org> ayer.",
    "<p>Lunch with <b>Marta</b> marta@example.com</p>",
    vcalendar(vevent("prop-1@example.com", "RRULE:FREQ=WEEKLY;COUNT=3")).decode(),
    vcalendar(vevent("prop-2@example.com", "RRULE:FREQ=SECONDLY"), method="CANCEL").decode(),
    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:soon\r\nEND:VEVENT",
    "From: someone@example.org\r\nSubject: inner\r\n\r\nInner text.",
]


@st.composite
def leaf(draw: st.DrawFn) -> bytes:
    content_type = draw(st.sampled_from(CONTENT_TYPES))
    charset = draw(st.sampled_from(CHARSETS))
    encoding = draw(st.sampled_from(ENCODINGS))
    filename = draw(st.sampled_from(FILENAMES))
    text = draw(st.one_of(st.sampled_from(BODIES), st.text(max_size=200)))
    body = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        body = draw(st.binary(max_size=300))
    if filename.endswith(".gz") and draw(st.booleans()):
        body = gzip.compress(body)
    if encoding == "base64" and draw(st.booleans()):
        body = base64.encodebytes(body)
    elif encoding == "quoted-printable" and draw(st.booleans()):
        body = quopri.encodestring(body)
    headers = [f"Content-Type: {content_type}" + (f'; charset="{charset}"' if charset else "")]
    if encoding:
        headers.append(f"Content-Transfer-Encoding: {encoding}")
    if filename:
        headers.append(f'Content-Disposition: attachment; filename="{filename}"')
    return "\r\n".join(headers).encode("utf-8", "surrogatepass") + b"\r\n\r\n" + body


def _container(draw: st.DrawFn, children: list[bytes]) -> bytes:
    boundary = draw(
        st.one_of(
            st.sampled_from(["b", "b", "", "=_x", "a b", "--"]),
            st.text(alphabet="abcxyz=_-'()+,./:? ", min_size=1, max_size=70),
        )
    )
    subtype = draw(st.sampled_from(["mixed", "alternative", "related", "report", "digest"]))
    declared = draw(st.sampled_from([f'"{boundary}"', boundary, "", '"other"']))
    head = f"Content-Type: multipart/{subtype}; boundary={declared}\r\n\r\n".encode()
    preamble = draw(st.sampled_from([b"", b"This is a multipart message.\r\n"]))
    parts = b"".join(f"--{boundary}\r\n".encode() + child + b"\r\n" for child in children)
    closing = draw(st.sampled_from([f"--{boundary}--\r\n".encode(), b"", b"--wrong--\r\n"]))
    return head + preamble + parts + closing  # fmt: skip


@st.composite
def container(draw: st.DrawFn, children: st.SearchStrategy[list[bytes]]) -> bytes:
    return _container(draw, draw(children))


MIME_TREE = st.recursive(
    leaf(), lambda inner: container(st.lists(inner, max_size=5)), max_leaves=25
)


@st.composite
def hostile_message(draw: st.DrawFn) -> bytes:
    subject = draw(st.one_of(st.just("Fwd: coffee"), st.text(max_size=80)))
    headers = [
        f"From: Alice <{ALICE}>",
        "To: invites@assistant.localhost",
        "Subject: " + subject.replace("\r", " ").replace("\n", " "),
        f"Message-ID: <{draw(st.uuids()).hex}@example.com>",
        draw(st.sampled_from(["Date: Fri, 20 Nov 2026 10:00:00 +0000", "Date: garbage", ""])),
    ]
    head = "\r\n".join(h for h in headers if h).encode("utf-8", "surrogatepass") + b"\r\n"
    return head + draw(MIME_TREE)


def _check(raw: bytes) -> ParsedMessage:
    parsed = parse_message(raw)
    assert isinstance(parsed, ParsedMessage)
    assert isinstance(parsed.text, str) and isinstance(parsed.refused, str)
    assert all(isinstance(c, bytes) for c in parsed.calendars)
    assert not any(d.startswith("unreadable") for d in parsed.defects), parsed.defects
    texts = [parsed.subject, parsed.text, parsed.message_id or "", *parsed.references]
    texts += [p.email + (p.name or "") for p in (*parsed.to, *parsed.cc, parsed.sender) if p]
    assert not any("\x00" in t for t in texts)  # PostgreSQL cannot store a NUL
    try:
        events = events_from_message(parsed, default_zone=MADRID, now=NOW)
    except CalendarParseError:
        return parsed
    assert all(e.start.tzinfo is not None and e.start <= e.end for e in events)
    assert not any("\x00" in f"{e.uid}{e.title}{e.location}{e.description}" for e in events)
    return parsed


@settings(max_examples=300, deadline=None)
@given(hostile_message())
def test_parse_message_reads_any_mime_tree(raw: bytes):
    _check(raw)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=hostile_message())
def test_the_pipeline_processes_or_fails_any_mime_tree(mailer: Mailer, raw: bytes):
    result = mailer.ingest(raw, source="property", envelope_from=ALICE, now=NOW)
    assert result.status in {"processed", "failed"}, result
    assert "internal error" not in result.detail, result.detail
    if result.status == "failed":
        assert result.detail.strip()
    statuses = {m["status"] for m in mailer.inbound(ALICE)}
    assert statuses <= {"processed", "failed"}


def test_the_strategy_reaches_calendars_and_refusals():
    """The trees above are not all trivial: some carry calendars, some hit a limit."""
    sample = [b"".join([b"From: a@example.com\r\n", _deep()]), _wide()]
    assert parse_message(sample[0]).refused and parse_message(sample[1]).refused


def _deep() -> bytes:
    body = b"Content-Type: text/plain\r\n\r\nhi"
    for level in range(30):
        head = f'Content-Type: multipart/mixed; boundary="l{level}"\r\n\r\n--l{level}\r\n'
        body = head.encode() + body + f"\r\n--l{level}--\r\n".encode()
    return body


def _wide() -> bytes:
    parts = b"".join(b"--w\r\nContent-Type: text/plain\r\n\r\nx\r\n" for _ in range(2000))
    return b'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="w"\r\n\r\n' + parts
