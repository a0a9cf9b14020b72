"""One broken vCard is reported by its line; the cards around it are still read."""

from __future__ import annotations

from mailer.parsing.contact_files import read_contact_file

GOOD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEMAIL:{email}\r\nEND:VCARD\r\n"


def _good(name: str, email: str) -> str:
    return GOOD.format(name=name, email=email)


def test_a_card_vobject_cannot_read_is_reported_and_the_rest_kept():
    broken = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad\r\nthis line has no colon\r\nEND:VCARD\r\n"
    text = _good("Anna Ruiz", "anna@example.com") + broken + _good("Pau Vidal", "pau@example.org")
    read = read_contact_file(text.encode("utf-8"))
    assert [(r.line, r.name) for r in read.records] == [(1, "Anna Ruiz"), (11, "Pau Vidal")]
    [error] = read.errors
    assert error.line == 6 and error.reason.startswith("cannot read this vCard")


def test_a_card_without_end_and_stray_text_are_reported():
    text = (
        "garbage before\r\n"
        + _good("Anna Ruiz", "anna@example.com")
        + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut off\r\n"
        + _good("Pau Vidal", "pau@example.org")
        + "BEGIN:VCARD\r\nFN:Truncated at the end\r\n"
    )
    read = read_contact_file(text.encode("utf-8"), "vcard")
    assert [r.name for r in read.records] == ["Anna Ruiz", "Pau Vidal"]
    assert [(e.line, e.reason) for e in read.errors] == [
        (1, "text outside BEGIN:VCARD ... END:VCARD"),
        (7, "this vCard has no END:VCARD"),
        (15, "this vCard has no END:VCARD"),
    ]


def test_a_card_with_a_bad_address_or_nobody_in_it_is_reported():
    text = _good("Anna Ruiz", "anna at example.com") + "BEGIN:VCARD\nVERSION:4.0\nEND:VCARD\n"
    read = read_contact_file(text.encode("utf-8"))
    assert read.records == ()
    assert [e.line for e in read.errors] == [1, 6]
    assert "'anna at example.com' is not an email address" in read.errors[0].reason


def test_a_nameless_card_whose_name_is_its_address_imports_without_a_name():
    [record] = read_contact_file(_good("anna@example.com", "anna@example.com").encode()).records
    assert (record.name, record.email) == ("", "anna@example.com")
