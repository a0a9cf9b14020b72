"""What the contact file readers hand to the log: one record per person, or why a row was not one.

Shared by the CSV and vCard readers so that every format makes people the same way: names
stripped of control characters (PostgreSQL refuses NUL), e-mail addresses checked and lower-cased,
the first address kept as *the* address and the others only noted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

FORMATS = ("vcard", "google", "outlook", "linkedin")
FORMAT_NAMES = {
    "vcard": "vCard",
    "google": "Google Contacts CSV",
    "outlook": "Outlook CSV",
    "linkedin": "LinkedIn Connections.csv",
}

# local@domain.tld without spaces or the characters that separate addresses in a list
_EMAIL = re.compile(r"[^\s@<>(),;:\"\[\]]+@[^\s@<>(),;:\"\[\]]+\.[^\s@<>(),;:\"\[\].]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ContactFileError(ValueError):
    """The whole file cannot be read as contacts; the message says what was expected."""


@dataclass(frozen=True)
class ContactRecord:
    """One person read from a file; ``line`` is where their row or card starts (1-based)."""

    line: int
    name: str = ""
    given: str = ""
    middle: str = ""
    family: str = ""
    emails: tuple[str, ...] = ()
    company: str = ""
    position: str = ""
    notes: str = ""
    links: tuple[str, ...] = ()

    @property
    def email(self) -> str | None:
        """The address the contact is known by: the first one in the file."""
        return self.emails[0] if self.emails else None


@dataclass(frozen=True)
class RowError:
    """A row or card that was not imported, and why, by its line number."""

    line: int
    reason: str


@dataclass(frozen=True)
class ContactFile:
    """Everything read from one file: ``records`` and ``errors`` together cover every row."""

    format: str
    encoding: str
    records: tuple[ContactRecord, ...]
    errors: tuple[RowError, ...]


def one_line(value: object) -> str:
    """A name-like value: no control characters, runs of spaces made one."""
    text = _LINE_CONTROL.sub(" ", str(value or ""))
    return " ".join(text.split())


def multi_line(value: object) -> str:
    """A note: line breaks kept (as ``\\n``), other control characters removed."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def is_email(text: str) -> bool:
    return len(text) <= 254 and _EMAIL.fullmatch(text) is not None


def email_candidates(values: Iterable[object]) -> list[str]:
    """Cell values split into single addresses (Google puts several in one: ``a ::: b``);
    ``Anna <anna@example.com>`` gives the address in brackets."""
    found: list[str] = []
    for value in values:
        for part in re.split(r":::|[,;]", one_line(value)):
            bracketed = re.search(r"<([^<>]*)>", part)
            part = (bracketed.group(1) if bracketed else part).strip()
            if part.lower().startswith("mailto:"):
                part = part[len("mailto:") :].strip()
            if part:
                found.append(part.lower())
    return found


def full_name(*parts: str) -> str:
    return one_line(" ".join(p for p in parts if p))


def make_record(
    line: int,
    *,
    emails: Iterable[object] = (),
    name: str = "",
    given: str = "",
    middle: str = "",
    family: str = "",
    company: str = "",
    position: str = "",
    notes: str = "",
    links: Iterable[str] = (),
) -> ContactRecord | RowError:
    """A record, or the reason this row is not one (a bad address, or nobody at all).

    A row with an address that is not one is refused rather than imported without it: the
    user meant something by that cell, and the line number lets them fix it.
    """
    addresses = email_candidates(emails)
    for address in addresses:
        if not is_email(address):
            shown = address if len(address) <= 60 else address[:57] + "..."
            return RowError(
                line, f"{shown!r} is not an email address; correct it or empty the cell"
            )
    given, middle, family = one_line(given), one_line(middle), one_line(family)
    name = one_line(name) or full_name(given, middle, family)
    if is_email(name.lower()):
        name = ""  # exporters write the address as the name of a nameless contact
    unique = tuple(dict.fromkeys(addresses))
    if not unique and not name:
        return RowError(line, "no name and no email address; nothing to import")
    return ContactRecord(
        line=line,
        name=name,
        given=given,
        middle=middle,
        family=family,
        emails=unique,
        company=one_line(company),
        position=one_line(position),
        notes=multi_line(notes),
        links=tuple(dict.fromkeys(one_line(link) for link in links if one_line(link))),
    )


def name_key(name: str) -> str:
    """How names are compared when a row has no address: case, accents' encoding, spacing."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())
