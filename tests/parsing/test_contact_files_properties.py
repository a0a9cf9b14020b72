"""Property-based (hypothesis): contact files never crash the reader, and no row goes missing.

Whatever bytes arrive, ``read_contact_file`` returns or raises ``ContactFileError``, and nothing
else; for a CSV export or a vCard file, every non-blank row (every card) comes out either as a
record or as an error, at the line where it starts.
"""

from __future__ import annotations

import csv
import io
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailer.parsing.contact_files import (
    FORMATS,
    ContactFile,
    ContactFileError,
    read_contact_file,
)
from tests.conftest import FIXTURES

LINKEDIN_HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                   "Connected On"]  # fmt: skip
SAMPLES = sorted(p.read_bytes() for p in (FIXTURES / "contacts").iterdir())
BREAKS = re.compile(r"\r\n|\r|\n")

cells = st.text(max_size=30) | st.sampled_from(["", " ", '"', ",", "\n", "Anna", "Ñúñez"])
addresses = st.emails() | st.sampled_from(["", "not an address", "a@b", "x@y.z ::: w@v.u"])


def _assert_contract(data: bytes, format: str | None) -> ContactFile | None:
    try:
        read = read_contact_file(data, format)
    except ContactFileError:
        return None
    assert read.format in FORMATS
    for record in read.records:
        assert record.line >= 1
        assert record.name or record.emails  # nobody is never a record
        assert all("@" in e and e == e.lower() for e in record.emails)
        assert "\x00" not in record.name + record.company + record.position + record.notes
    return read


@given(st.binary(max_size=3000), st.sampled_from([None, *FORMATS]))
@settings(max_examples=300, deadline=None)
def test_arbitrary_bytes_never_raise_anything_but_contact_file_error(data: bytes, format):
    _assert_contract(data, format)


@given(st.sampled_from(SAMPLES), st.data())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_damaged_samples_keep_the_contract(sample: bytes, data: st.DataObject):
    """Real exports with bytes cut out, flipped or inserted somewhere."""
    start = data.draw(st.integers(0, len(sample)))
    end = data.draw(st.integers(start, min(len(sample), start + 40)))
    insert = data.draw(st.binary(max_size=20) | st.sampled_from([b'"', b"\r\n", b"\x00", b"\xff"]))
    _assert_contract(sample[:start] + insert + sample[end:], None)


def _csv_text(rows: list[list[str]], preamble: bool, newline: str) -> tuple[str, list[int]]:
    """The export, and the line each non-blank data row starts on."""
    out = io.StringIO()
    # csv.writer quotes only the terminator's own characters: with "\n" a bare "\r" in a cell
    # would end the row for every reader, so quote everything then
    quoting = csv.QUOTE_ALL if newline == "\n" else csv.QUOTE_MINIMAL
    writer = csv.writer(out, lineterminator=newline, quoting=quoting)
    head = ["Notes:", '"When exporting your connection data, some addresses are missing."', ""]
    text = newline.join(head) + newline if preamble else ""
    writer.writerow(LINKEDIN_HEADER)
    line = len(BREAKS.split(text)) + len(BREAKS.split(out.getvalue())) - 2 + 1
    starts = []
    for row in rows:
        before = out.getvalue()
        writer.writerow(row)
        if any(cell.strip() for cell in row):
            starts.append(line)
        line += len(BREAKS.split(out.getvalue()[len(before) :])) - 1
    return text + out.getvalue(), starts


@given(
    st.lists(st.tuples(cells, cells, cells, addresses, cells, cells, cells).map(list), max_size=25),
    st.booleans(),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from(["utf-8", "utf-16", "cp1252"]),
)
@settings(max_examples=200, deadline=None)
def test_every_csv_row_is_imported_or_reported_at_its_line(rows, preamble, newline, encoding):
    text, starts = _csv_text(rows, preamble, newline)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    read = _assert_contract(data, "linkedin")
    assert read is not None
    lines = sorted([r.line for r in read.records] + [e.line for e in read.errors])
    assert lines == starts
    rows_by_line = dict(zip(starts, [r for r in rows if any(c.strip() for c in r)], strict=True))
    for record in read.records:
        cell = rows_by_line[record.line][3]
        assert record.email is None or record.email in cell.lower()


def _escape(value: str) -> str:
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return re.sub(r"\r\n|\r|\n", "\\\\n", value)


def _fold(line: str) -> str:
    return "\r\n ".join(line[i : i + 60] for i in range(0, max(len(line), 1), 60))


@given(
    st.lists(
        st.tuples(st.text(max_size=40), addresses, st.booleans()),
        min_size=1,
        max_size=12,
    )
)
@settings(max_examples=150, deadline=None)
def test_every_vcard_is_imported_or_reported_at_its_line(cards):
    lines: list[str] = []
    for name, address, complete in cards:
        lines += ["BEGIN:VCARD", "VERSION:3.0", _fold(f"FN:{_escape(name)}")]
        lines += [f"EMAIL;TYPE=INTERNET:{_escape(address)}"] if address else []
        lines += ["END:VCARD"] if complete else []
    text = "\r\n".join(lines) + "\r\n"
    read = _assert_contract(text.encode("utf-8"), None)
    assert read is not None and read.format == "vcard"
    found = sorted([r.line for r in read.records] + [e.line for e in read.errors])
    # each card at the file line of its BEGIN, folded lines counting as lines of the file
    assert found == [i + 1 for i, line in enumerate(BREAKS.split(text)) if line == "BEGIN:VCARD"]
