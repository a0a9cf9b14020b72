"""The intake reads only the header section (up to the first empty line), and gets the same
headers the parser finds in the whole message, whatever the line endings or the junk."""

from __future__ import annotations

from email.parser import BytesHeaderParser
from email.policy import compat32

from hypothesis import given, settings
from hypothesis import strategies as st

from mailer.inbound.headers import HEADER_BYTES, read_headers

LINE_ENDS = st.sampled_from([b"\r\n", b"\n", b"\r"])
LINES = st.one_of(
    st.builds(
        lambda name, value: name + b": " + value,
        st.sampled_from([b"From", b"Subject", b"Message-ID", b"References", b"X-Junk"]),
        st.binary(max_size=40).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b"")),
    ),
    st.just(b""),  # an empty line: the end of the headers
    st.just(b"   folded continuation"),
    st.just(b"\t"),
    st.just(b"From someone Mon Nov 23 2026"),  # an mbox separator line
    st.binary(max_size=30),  # anything at all, even with CR and LF inside
)


@settings(max_examples=500)
@given(st.lists(st.tuples(LINES, LINE_ENDS), max_size=30))
def test_the_headers_are_those_of_the_whole_message(lines: list[tuple[bytes, bytes]]):
    data = b"".join(line + end for line, end in lines)
    whole = BytesHeaderParser(policy=compat32).parsebytes(data[:HEADER_BYTES])
    assert read_headers(data).items() == whole.items()
