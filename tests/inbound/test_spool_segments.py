"""Segments: messages appended and read back by reference, a new segment per day and once one
is full, bytes a killed process left at a segment's end ignored, an older spool's files read."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from mailer.inbound.spool import Spool


def _message(number: int) -> bytes:
    return f"Subject: {number}\r\n\r\n{'body ' * number}\r\n".encode()


def test_messages_read_back_across_full_segments_and_days(tmp_path: Path):
    spool = Spool(tmp_path, segment_bytes=200)
    monday, tuesday = datetime(2026, 11, 23, 23, 59, tzinfo=UTC), datetime(2026, 11, 24, tzinfo=UTC)
    references = spool.append([_message(n) for n in range(10)], now=monday)
    references += [spool.write(_message(n), now=monday) for n in range(10, 20)]
    references += spool.append([_message(n) for n in range(20, 25)], now=tuesday)
    spool.close()
    assert [spool.read(r) for r in references] == [_message(n) for n in range(25)]
    segments = {r.partition("#")[0] for r in references}
    assert len(segments) > 3  # the first lot shares one; each full segment is closed
    assert {s[:10] for s in segments} == {"2026/11/23", "2026/11/24"}


def test_a_torn_append_is_ignored_and_the_next_process_writes_elsewhere(tmp_path: Path):
    first = Spool(tmp_path)
    kept = first.append([_message(1), _message(2)])
    segment = tmp_path / kept[0].partition("#")[0]
    with open(segment, "ab") as torn:  # a process killed halfway through its next append
        torn.write(_message(3)[:7])
    second = Spool(tmp_path)  # the restarted server
    later = second.write(_message(4))
    assert later.partition("#")[0] != kept[0].partition("#")[0]
    assert [second.read(r) for r in [*kept, later]] == [_message(1), _message(2), _message(4)]


def test_discarded_bytes_are_cut_from_the_segment_and_an_empty_one_removed(tmp_path: Path):
    spool = Spool(tmp_path)
    refused = spool.append([_message(1)])
    spool.discard(refused)  # its row could not be committed
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    kept = spool.write(_message(2))
    spool.discard(spool.append([_message(3), _message(4)]))
    segment = tmp_path / kept.partition("#")[0]
    assert segment.read_bytes() == _message(2)


def test_an_older_spool_file_per_message_is_still_read(tmp_path: Path):
    old = tmp_path / "2026" / "05" / "01" / "0123abcd.eml"
    old.parent.mkdir(parents=True)
    old.write_bytes(_message(7))
    assert Spool(tmp_path).read("2026/05/01/0123abcd.eml") == _message(7)
