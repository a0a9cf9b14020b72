"""Read a contacts file (vCard, or a Google, Outlook or LinkedIn CSV export) into records.

Pure: bytes in, :class:`ContactFile` out, with one record per person and one
:class:`RowError` per row that is not one, each with its line number. The format is told from
the content (``BEGIN:VCARD``, or the CSV's header row), never from the file name, and can be
forced. Files come in whatever encoding their exporter liked: a byte-order mark is believed
(Outlook writes UTF-16), then UTF-8, then Windows-1252, then Latin-1, which never fails.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable

from mailer.parsing.contact_csv import read_csv
from mailer.parsing.contact_rows import (
    FORMAT_NAMES,
    FORMATS,
    ContactFile,
    ContactFileError,
    ContactRecord,
    RowError,
)
from mailer.parsing.contact_vcard import looks_like_vcard, read_vcards

__all__ = [
    "FORMATS",
    "FORMAT_NAMES",
    "ContactFile",
    "ContactFileError",
    "ContactRecord",
    "RowError",
    "decode_text",
    "read_contact_file",
]

_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name) for a file of unknown encoding; never raises."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding
    sample = data[:4000]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:  # UTF-16 without a mark
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        encoding = "utf-16-be" if even > odd else "utf-16-le"
        return data[: len(data) // 2 * 2].decode(encoding, errors="replace"), encoding
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def read_contact_file(
    data: bytes,
    format: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ContactFile:
    """Every person in ``data``, and every row that could not be one.

    Raises :class:`ContactFileError` only when the file as a whole is not a contacts file (or
    not the ``format`` given); a bad row never stops the others. ``progress(done, total)`` is
    called while vCards are read (CSV is read in a blink).
    """
    if format is not None and format not in FORMATS:
        raise ContactFileError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    text, encoding = decode_text(data)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ContactFileError("the file is empty; export your contacts again")
    if format == "vcard" or (format is None and looks_like_vcard(text)):
        records, errors = read_vcards(text, progress)
        return ContactFile("vcard", encoding, tuple(records), tuple(errors))
    found, rows, problems = read_csv(text, format)
    return ContactFile(found, encoding, tuple(rows), tuple(problems))
