"""DATA read a stretch at a time gives exactly the message aiosmtpd's line-by-line reading gave
(transparency dots removed, limits applied), and never reads past the final dot line, where a
pipelining client's next command already waits."""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st

from mailer.inbound.data_reader import DataReader, read_data

LIMIT = 1001  # aiosmtpd's line_length_limit: 1000 octets with CRLF, plus a transparency dot
LINE = st.one_of(
    st.binary(max_size=120).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b"")),
    st.sampled_from([b"", b".", b"..", b".x", b"x.", b". ", b"\x00"]),
    st.integers(990, 1010).map(lambda n: b"y" * n),
)


def _on_the_wire(lines: list[bytes]) -> bytes:
    """What a client sends after 354: each line dot-stuffed, then the final dot line."""
    return b"".join((b"." + line if line.startswith(b".") else line) + b"\r\n" for line in lines)


async def _read(wire: bytes, size_limit: int | None) -> tuple[DataReader, bytes]:
    stream = asyncio.StreamReader(limit=LIMIT)
    stream.feed_data(wire + b".\r\nQUIT\r\n")
    stream.feed_eof()
    data = await read_data(stream, LIMIT, size_limit)
    return data, await stream.read()


@settings(max_examples=400)
@given(st.lists(LINE, max_size=40), st.sampled_from([None, 200, 5000]))
def test_the_message_and_the_limits_are_aiosmtpds(lines: list[bytes], size_limit: int | None):
    wire = _on_the_wire(lines)
    data, rest = asyncio.run(_read(wire, size_limit))
    assert rest == b"QUIT\r\n"
    longest = max((len(line) for line in wire.split(b"\r\n")[:-1]), default=0) + 2
    too_much = size_limit is not None and len(wire) > size_limit
    if longest > LIMIT or too_much:
        assert data.refusal in (
            "500 Line too long (see RFC5321 4.5.3.1.6)",
            "552 Error: Too much mail data",
        )
        assert data.data == b""  # nothing held
    else:
        assert data.refusal is None
        assert data.content() == b"".join(line + b"\r\n" for line in lines)
