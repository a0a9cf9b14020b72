"""Contacts from the CSV exports of Google Contacts, Outlook and LinkedIn.

Each service names its columns differently, and each has quirks this reader absorbs:

- Google Contacts: the current export (``First Name, Middle Name, Last Name, ..., Organization
  Name, Organization Title, ..., E-mail 1 - Value``) and the older one (``Name, Given Name,
  Additional Name, Family Name, ..., Organization 1 - Name``); one cell may hold several
  addresses separated by ``:::``.
- Outlook: ``E-mail Address``, ``E-mail 2 Address``, ``E-mail 3 Address``, where an ``EX``
  type is an Exchange directory path, not an address; localised Excel may use ``;``.
- LinkedIn ``Connections.csv``: a ``Notes:`` preamble before the header row, and an
  ``Email Address`` column that is empty for most people.

Rows are read with the ``csv`` module, so quoted fields may span lines; each record keeps the
line its row starts on.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mailer.parsing.contact_rows import (
    FORMAT_NAMES,
    ContactFileError,
    ContactRecord,
    RowError,
    make_record,
)

HEADER_SEARCH_ROWS = 30
"""How far down the file the header row may be (LinkedIn's preamble is three lines)."""

Cells = Callable[[str], str]


@dataclass(frozen=True)
class _Layout:
    format: str
    identifies: Callable[[set[str]], bool]
    read: Callable[[int, Cells, list[str]], ContactRecord | RowError]
    expected: str


def _google(line: int, cell: Cells, headers: list[str]) -> ContactRecord | RowError:
    values = [h for h in headers if re.fullmatch(r"e-mail \d+ - value", h)]
    sites = [h for h in headers if re.fullmatch(r"website \d+ - value", h)]
    return make_record(
        line,
        emails=[cell(h) for h in values],
        name=cell("name"),
        given=cell("first name") or cell("given name"),
        middle=cell("middle name") or cell("additional name"),
        family=cell("last name") or cell("family name"),
        company=cell("organization name") or cell("organization 1 - name"),
        position=cell("organization title") or cell("organization 1 - title"),
        notes=cell("notes"),
        links=[cell(h) for h in sites if "linkedin.com/" in cell(h)],
    )


def _outlook(line: int, cell: Cells, headers: list[str]) -> ContactRecord | RowError:
    emails = [
        cell(f"e-mail{n} address")
        for n in ("", " 2", " 3")
        if cell(f"e-mail{n} type").upper() != "EX"  # an Exchange path, not an address
    ]
    return make_record(
        line,
        emails=emails,
        given=cell("first name"),
        middle=cell("middle name"),
        family=cell("last name"),
        company=cell("company"),
        position=cell("job title"),
        notes=cell("notes"),
    )


def _linkedin(line: int, cell: Cells, headers: list[str]) -> ContactRecord | RowError:
    return make_record(
        line,
        emails=[cell("email address")],
        given=cell("first name"),
        family=cell("last name"),
        company=cell("company"),
        position=cell("position"),
        links=[cell("url")],
    )


LAYOUTS = {
    "linkedin": _Layout(
        "linkedin",
        lambda h: (
            {"first name", "last name", "email address"} <= h
            and bool({"connected on", "position"} & h)
        ),
        _linkedin,
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ),
    "google": _Layout(
        "google",
        lambda h: "e-mail 1 - value" in h and bool({"first name", "given name", "name"} & h),
        _google,
        "First Name,Middle Name,Last Name,...,E-mail 1 - Label,E-mail 1 - Value,...",
    ),
    "outlook": _Layout(
        "outlook",
        lambda h: {"first name", "last name", "e-mail address"} <= h,
        _outlook,
        '"Title","First Name","Middle Name","Last Name",...,"E-mail Address",...',
    ),
}


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str] | None]]:
    """(first line, cells) for each CSV record; cells is None for one the csv module refused."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield previous + 1, None
            if reader.line_num == previous:  # nothing consumed: stop rather than spin
                return
        else:
            yield previous + 1, row
        previous = reader.line_num


def _header_names(row: list[str]) -> list[str]:
    return [cell.strip().strip("\ufeff").strip().strip('"').strip().lower() for cell in row]


def _find_header(text: str, wanted: str | None) -> tuple[str, _Layout, int]:
    """The delimiter, layout and line of the header row, searched near the top of the file."""
    layouts = [LAYOUTS[wanted]] if wanted else list(LAYOUTS.values())
    for delimiter in (",", ";", "\t"):
        for index, (line, row) in enumerate(_records(text, delimiter)):
            if index >= HEADER_SEARCH_ROWS:
                break
            if not row:
                continue
            names = set(_header_names(row))
            for layout in layouts:
                if layout.identifies(names):
                    return delimiter, layout, line
    if wanted:
        raise ContactFileError(
            f"no {FORMAT_NAMES[wanted]} header row in the first {HEADER_SEARCH_ROWS} rows; "
            f"expected columns like {LAYOUTS[wanted].expected}"
        )
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")[:80]
    raise ContactFileError(
        "cannot tell what kind of contacts file this is: expected a vCard file (BEGIN:VCARD) or "
        "a CSV export from Google Contacts, Outlook or LinkedIn (Connections.csv); its first "
        f"line is {first!r}. If it is one of these, say which with --format"
    )


def read_csv(
    text: str, wanted: str | None = None
) -> tuple[str, list[ContactRecord], list[RowError]]:
    """(format, records, errors) for every non-blank row after the header row."""
    delimiter, layout, header_line = _find_header(text, wanted)
    records: list[ContactRecord] = []
    errors: list[RowError] = []
    headers: list[str] = []
    for line, row in _records(text, delimiter):
        if line < header_line:
            continue
        if line == header_line and row is not None:
            headers = _header_names(row)
            continue
        if row is None:
            errors.append(RowError(line, "this row is not valid CSV (an unclosed quote?)"))
            continue
        if not any(cell.strip() for cell in row):
            continue  # blank rows are not people (LinkedIn ends with one)
        values = dict(zip(headers, row, strict=False))

        def cell(name: str, values: dict[str, str] = values) -> str:
            return values.get(name, "").strip()

        result = layout.read(line, cell, headers)
        if isinstance(result, RowError):
            errors.append(result)
        else:
            records.append(result)
    return layout.format, records, errors
