"""DATA read a stretch at a time, not a line at a time.

aiosmtpd reads message text with one ``readuntil(b"\\r\\n")`` per line, and its bookkeeping per
line was the largest single cost of accepting a forwarded invitation (some 160 lines each): more
than parsing its headers, storing it and committing its row together. :class:`StretchData`
reads up to each ``.<CRLF>`` instead, which ends a line that may be the end of the data, and
keeps aiosmtpd's rules exactly (the tests in ``tests/inbound/test_smtp_*.py`` pin them):

- the data ends at a line holding a single dot (``<CRLF>.<CRLF>``, or ``.<CRLF>`` first);
- a line longer than ``line_length_limit`` octets with its CRLF, or data over
  ``data_size_limit`` octets, is read to its end and then refused (500 and 552: RFC 5321
  4.2.5), and what came is discarded as it comes, not held;
- a dot that starts a line is removed (RFC 5321 4.5.2 transparency).

Bare CR and LF never get here (:class:`~mailer.inbound.limits.StrictLineEndings` hangs up on
them first), so every line ends with CRLF.
"""

from __future__ import annotations

import asyncio
import logging

from aiosmtpd.smtp import MISSING, SMTP, syntax

log = logging.getLogger(__name__)

DOT_LINE_END = b".\r\n"


class DataTooLong(Exception):
    """The data broke a limit; it is read to its end, then refused with ``reply``."""

    def __init__(self, reply: str) -> None:
        super().__init__(reply)
        self.reply = reply


class DataReader:
    """Collects one message's data from stretches ending at ``.<CRLF>``, within the limits."""

    def __init__(self, line_limit: int, size_limit: int | None) -> None:
        self.line_limit = line_limit
        self.size_limit = size_limit
        self.data = bytearray()
        self.size = 0
        self.line = 0  # octets of the line not yet ended
        self.refusal: str | None = None
        self.tail = b"\r\n"  # the two octets before the stretch: data starts a line

    def add(self, stretch: bytes) -> bool:
        """Take the next stretch; True when it ends the data (a line of a single dot)."""
        last = self.tail + stretch[-5:]
        ends = last.endswith(DOT_LINE_END) and last[-5:-3] == b"\r\n"
        body = stretch[:-3] if ends else stretch
        self._measure(body)
        if self.refusal is None:
            self.data += body
        self.tail = last[-2:]
        return ends

    def _measure(self, stretch: bytes) -> None:
        self.size += len(stretch)
        if self.refusal is None and self.size_limit and self.size > self.size_limit:
            self.refuse("552 Error: Too much mail data")
        lines = stretch.split(b"\r\n")
        if len(lines) == 1:
            self.line += len(stretch)
            longest = self.line
        else:
            longest = max([self.line + len(lines[0]), *(len(line) for line in lines[1:-1])]) + 2
            self.line = len(lines[-1])
            longest = max(longest, self.line)
        if longest > self.line_limit:
            self.refuse("500 Line too long (see RFC5321 4.5.3.1.6)")

    def refuse(self, reply: str) -> None:
        if self.refusal is None:
            self.refusal = reply
            self.data = bytearray()  # discard at once: a flood must not fill our memory

    def content(self) -> bytes:
        """The message, with the transparency dots removed."""
        data = bytes(self.data)
        if data.startswith(b"."):
            data = data[1:]
        return data.replace(b"\r\n.", b"\r\n")


async def read_data(
    stream: asyncio.StreamReader, line_limit: int, size_limit: int | None
) -> DataReader:
    """Read one message's data from ``stream``, and not an octet past its final dot line."""
    reader = DataReader(line_limit, size_limit)
    while True:
        try:
            stretch = await stream.readuntil(DOT_LINE_END)
        except asyncio.LimitOverrunError as over:  # no ``.<CRLF>`` in the next ``limit`` octets
            stretch = await stream.readexactly(over.consumed)
        if reader.add(stretch):
            return reader


class StretchData(SMTP):
    """aiosmtpd's DATA command with the message read by :class:`DataReader`."""

    @syntax("DATA")
    async def smtp_DATA(self, arg: str) -> None:
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        assert self.envelope is not None
        if not self.envelope.rcpt_tos:
            await self.push("503 Error: need RCPT command")
            return
        if arg:
            await self.push("501 Syntax: DATA")
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        try:
            reader = await read_data(self._reader, self.line_length_limit, self.data_size_limit)
        except asyncio.CancelledError:
            log.info("connection lost during DATA")
            self._writer.close()
            raise
        except asyncio.IncompleteReadError:  # the client hung up mid-message: nobody to answer
            log.info("connection lost during DATA")
            self._writer.close()
            return
        if reader.refusal is not None:
            await self.push(reader.refusal)
            self._set_post_data_state()
            return
        self.envelope.original_content = self.envelope.content = reader.content()
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()
        await self.push("250 OK" if status is MISSING else status)
