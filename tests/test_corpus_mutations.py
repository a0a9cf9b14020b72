"""Mutations of ../shared/corpus through the whole pipeline: no unhandled exception, ever.

Each corpus file is made into what a user would send (tests/corpus_messages.py), then
damaged the ways mail gets damaged: bytes flipped, the message cut short, lines duplicated or
dropped, boundaries broken, charsets swapped, headers multiplied. Every mutation is seeded, so a
failure names a mutation that can be replayed (``_mutate(source, number)``).

The pipeline turns an exception into a message failed with "internal error": here each of those
is a failure of the test, since an internal error is a bug. The default run takes a sample; the
soak (``make soak``, at least 5,000 messages) runs the full sweep.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mailer.api import Mailer
from mailer.config import load_config
from tests.conftest import ALICE, SHARED_CORPUS, write_config
from tests.corpus_messages import as_sent

SEED = 6
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
SOAK_MESSAGES = 5000
SAMPLE_MESSAGES = 100
CHARSETS = [b"utf-8", b"iso-8859-1", b"x-unknown", b"utf-16", b"gb2312", b"", b"utf-7", b"koi8-r"]
CHARSET = re.compile(rb'(?i)(charset\s*=\s*"?)([^";\s]*)')
BOUNDARY = re.compile(rb'(?i)(boundary\s*=\s*"?)([^";\s]*)')


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _flip(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        damaged[rng.randrange(len(damaged))] ^= rng.randint(1, 255)
    return bytes(damaged)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def _duplicate_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 30)):
        at = rng.randrange(len(lines))
        lines[at:at] = [lines[at]] * rng.randint(1, 50)
    return b"".join(lines)


def _remove_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, max(1, len(lines) // 5))):
        if len(lines) > 1:
            del lines[rng.randrange(len(lines))]
    return b"".join(lines)


def _damage_boundaries(data: bytes, rng: random.Random) -> bytes:
    def damage(match: re.Match[bytes]) -> bytes:
        boundary = match.group(2)
        choice = rng.randrange(5)
        replacement = [b"", boundary[:-1], boundary + b"x", b"\x00" * 3, b"--" + boundary][choice]
        return match.group(1) + replacement

    damaged = BOUNDARY.sub(damage, data)
    lines = [
        line[:-3] + b"\r\n" if line.startswith(b"--") and rng.random() < 0.3 else line
        for line in _lines(damaged)
    ]
    return b"".join(lines)


def _swap_charsets(data: bytes, rng: random.Random) -> bytes:
    swapped = CHARSET.sub(lambda m: m.group(1) + rng.choice(CHARSETS), data)
    if swapped == data:
        head, sep, body = data.partition(b"\r\n\r\n")
        swapped = (
            head + b"\r\nContent-Type: text/plain; charset=" + rng.choice(CHARSETS) + sep + body
        )
    return swapped


def _explode_headers(data: bytes, rng: random.Random) -> bytes:
    head, sep, body = (
        data.partition(b"\r\n\r\n") if b"\r\n\r\n" in data else data.partition(b"\n\n")
    )
    lines = _lines(head)
    choice = rng.randrange(3)
    if choice == 0 and len(lines) > 1:  # one header repeated thousands of times
        line = lines[rng.randrange(1, len(lines))].rstrip(b"\r\n")
        head = head + b"\r\n" + b"\r\n".join([line] * rng.randint(1000, 20_000))
    elif choice == 1:  # one giant header
        head = head + b"\r\nX-Giant: " + b"word " * rng.randint(10_000, 200_000)
    else:  # a giant folded header
        head = head + b"\r\nReferences: " + b"\r\n <x@example.com>" * rng.randint(1000, 50_000)
    return head + sep + body


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": _flip,
    "truncate": _truncate,
    "duplicate-lines": _duplicate_lines,
    "remove-lines": _remove_lines,
    "boundaries": _damage_boundaries,
    "charsets": _swap_charsets,
    "headers": _explode_headers,
}


def _mutate(source: bytes, number: int) -> tuple[str, bytes]:
    """Mutation ``number`` of ``source``: one to three damages, the From line kept (so the
    message reaches the pipeline instead of being refused as a stranger's)."""
    rng = random.Random(f"{SEED}:{number}")
    first, newline, rest = source.partition(b"\n")
    names = rng.sample(sorted(MUTATIONS), k=rng.randint(1, 3))
    for name in names:
        if rest:
            rest = MUTATIONS[name](rest, rng)
    return "+".join(names), first + newline + rest


def _sources() -> list[tuple[str, bytes]]:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"{SHARED_CORPUS} is absent: the mutation run reads the corpus in place")
    paths = sorted(p for p in SHARED_CORPUS.rglob("*") if p.is_file() and p.suffix != ".md")
    return [(str(p.relative_to(SHARED_CORPUS)), as_sent(p)) for p in paths]


def _mutations(count: int) -> Iterator[tuple[str, bytes]]:
    sources = _sources()
    for number in range(count):
        name, source = sources[number % len(sources)]
        kind, data = _mutate(source, number)
        yield f"#{number} {name} ({kind})", data


@pytest.fixture
def mailer(tmp_path: Path) -> Iterator[Mailer]:
    """SQLite, with SMTP's size limit raised so exploded headers reach the parser."""
    path = write_config(tmp_path, f"sqlite:///{tmp_path / 'mutations.db'}")
    text = path.read_text(encoding="utf-8").replace(
        "max_message_bytes = 200000", "max_message_bytes = 67108864"
    )
    path.write_text(text, encoding="utf-8")
    instance = Mailer(load_config(path))
    yield instance
    instance.engine.dispose()


def _run(mailer: Mailer, count: int) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    bugs = []
    for label, data in _mutations(count):
        try:
            result = mailer.ingest(data, source=label, envelope_from=ALICE, now=NOW)
        except Exception as exc:  # every escape is what this test looks for
            bugs.append(f"{label}: raised {exc!r}")
            continue
        outcomes[result.status] += 1
        if "internal error" in result.detail or result.status not in {
            "processed",
            "failed",
            "rejected",
        }:
            bugs.append(f"{label}: {result.status}: {result.detail}")
    assert not bugs, f"{len(bugs)} of {count} mutations hit a bug:\n" + "\n".join(bugs[:20])
    assert sum(outcomes.values()) == count
    return outcomes


def test_a_sample_of_corpus_mutations_goes_through_the_pipeline(mailer: Mailer):
    outcomes = _run(mailer, SAMPLE_MESSAGES)
    assert outcomes["processed"] > SAMPLE_MESSAGES // 10, outcomes


@pytest.mark.soak
def test_five_thousand_corpus_mutations_go_through_the_pipeline(mailer: Mailer):
    outcomes = _run(mailer, SOAK_MESSAGES)
    assert outcomes["processed"] > SOAK_MESSAGES // 10, outcomes


def test_mutations_are_deterministic():
    source = b"From: alice@example.com\r\nSubject: x\r\n\r\n" + b"Coffee with Anna.\r\n" * 50
    assert _mutate(source, 7) == _mutate(source, 7)
    assert _mutate(source, 7) != _mutate(source, 8)


def test_bug_a_recap_resent_with_its_message_id_and_another_date_is_filed_again(mailer: Mailer):
    """Found by mutation #1984: a recap's meeting UID comes from its Message-ID, so the same
    Message-ID with another date (no meeting near it to match) tried to insert that UID twice
    and failed with "internal error"."""
    recap = (
        f"From: {ALICE}\r\nTo: recap@assistant.localhost\r\nSubject: Coffee\r\n"
        "Message-ID: <recap-once@example.com>\r\nDate: {date}\r\n\r\n"
        "Had coffee with Anna Ruiz <anna@example.com> today.\r\n"
    )
    first = recap.format(date="Mon, 16 Nov 2026 10:00:00 +0000").encode()
    again = recap.format(date="Mon, 02 Nov 2026 10:00:00 +0000").encode()
    results = [
        mailer.ingest(m, source="recap", envelope_from=ALICE, now=NOW) for m in (first, again)
    ]
    assert [r.status for r in results] == ["processed", "processed"], results
    assert len(mailer.meetings(ALICE)) == 1


@pytest.mark.parametrize("number", [1481, 1827, 1984, 2774])
def test_bug_mutations_that_hit_the_recap_uid_go_through(mailer: Mailer, number: int):
    """Replays the mutations that found the bug above, with what came before them from the
    same source (the first delivery of that Message-ID)."""
    sources = _sources()
    name, source = sources[number % len(sources)]
    earlier = range(number % len(sources), number + 1, len(sources))
    for replay in earlier:
        _, data = _mutate(source, replay)
        result = mailer.ingest(data, source=f"#{replay} {name}", envelope_from=ALICE, now=NOW)
        assert "internal error" not in result.detail, result.detail
