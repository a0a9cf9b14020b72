"""The bare CR/LF detector, on any split of a stream into packets (hypothesis)."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from mailer.inbound.limits import LineEndingGuard

TEXT = st.binary(max_size=40).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b""))


def _feed(stream: bytes, cuts: list[int]) -> bool:
    """Whether the guard flags ``stream`` delivered in packets cut at ``cuts``."""
    guard = LineEndingGuard()
    edges = [0, *sorted(c % (len(stream) + 1) for c in cuts), len(stream)]
    return any(guard.bare(stream[a:b]) for a, b in itertools.pairwise(edges))


@given(st.lists(TEXT, max_size=12), st.lists(st.integers(min_value=0), max_size=8))
def test_crlf_only_streams_pass_however_they_are_cut(lines: list[bytes], cuts: list[int]):
    stream = b"".join(line + b"\r\n" for line in lines)
    assert not _feed(stream, cuts)


@given(
    st.lists(TEXT, min_size=1, max_size=6),
    st.sampled_from([b"\n", b"\r", b"\n\r", b"\r\r\n", b"\n\n"]),
    st.integers(min_value=0),
    st.lists(st.integers(min_value=0), max_size=8),
)
def test_a_bare_cr_or_lf_is_always_caught(
    lines: list[bytes], bare: bytes, where: int, cuts: list[int]
):
    position = where % len(lines)
    stream = b"".join(line + (bare if i == position else b"\r\n") for i, line in enumerate(lines))
    stream += b"X\r\n"  # a CR is only known to be bare when the next byte arrives
    assert _feed(stream, cuts)
