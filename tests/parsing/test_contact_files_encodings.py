"""Whatever the exporter's encoding, names come out right: marks, UTF-16, Windows-1252, Latin-1."""

from __future__ import annotations

import codecs

import pytest

from mailer.parsing.contact_files import decode_text, read_contact_file

LINKEDIN = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Núria,Pérez,,nuria@example.com,Cafè Ñ,Cap,1 Jan 2024\r\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + LINKEDIN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + LINKEDIN.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + LINKEDIN.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + LINKEDIN.encode("utf-32-le"), "utf-32-le"),
        (LINKEDIN.encode("utf-16-le"), "utf-16-le"),  # no mark: told by the zero bytes
        (LINKEDIN.encode("utf-16-be"), "utf-16-be"),
        (LINKEDIN.encode("utf-8"), "utf-8"),
        (LINKEDIN.encode("cp1252"), "cp1252"),
    ],
)
def test_each_encoding_gives_the_same_person(data: bytes, encoding: str):
    read = read_contact_file(data)
    assert read.encoding == encoding
    [person] = read.records
    assert (person.name, person.company, person.line) == ("Núria Pérez", "Cafè Ñ", 2)


def test_bytes_windows_1252_lacks_fall_back_to_latin_1():
    data = "Núria".encode("latin-1") + b"\x81"  # 0x81 is undefined in Windows-1252
    assert decode_text(data) == ("Núria\x81", "latin-1")


def test_windows_1252_punctuation_is_read_as_such():
    assert decode_text("Café – “Ñ” €".encode("cp1252")) == ("Café – “Ñ” €", "cp1252")


def test_a_semicolon_separated_outlook_file_from_a_european_excel():
    text = (
        '"First Name";"Last Name";"Company";"Job Title";"E-mail Address";"E-mail Type"\r\n'
        '"Jürgen";"Müller";"Müller; Söhne";"Chef";"j.mueller@example.de";"SMTP"\r\n'
    )
    read = read_contact_file(text.encode("cp1252"))
    assert read.format == "outlook"
    [jurgen] = read.records
    assert (jurgen.email, jurgen.company) == ("j.mueller@example.de", "Müller; Söhne")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_numbers_count_lines_whatever_ends_them(newline: str):
    text = newline.join(
        [
            "Notes:",
            '"Some addresses are missing."',
            "",
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
            'Anna,Ruiz,,,"Fundació',
            'Tàpies",Curator,1 Jan 2024',
            "Pau,Vidal,,not-an-address,,,1 Jan 2024",
            "Jordi,Puig,,,,,1 Jan 2024",
            "",
        ]
    )
    read = read_contact_file(text.encode("utf-8"))
    assert [r.line for r in read.records] == [5, 8]
    assert read.records[0].company == "Fundació Tàpies"
    assert [e.line for e in read.errors] == [7]


def test_nul_and_control_characters_never_reach_the_log():
    text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    text += "An\x00na,Ru\x07iz,,,Acme\x1b,,1 Jan 2024\n"
    [anna] = read_contact_file(text.encode("utf-8")).records
    assert (anna.name, anna.company) == ("An na Ru iz", "Acme")


def test_outlooks_vcard_2_1_in_windows_1252_with_quoted_printable():
    card = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;LANGUAGE=es;CHARSET=Windows-1252:Fernández;Sofía\r\n"
        "FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Sof=C3=ADa Fern=C3=A1ndez\r\n"
        "ORG:Café Lento\r\n"
        "EMAIL;INTERNET:other@example.com\r\n"
        "EMAIL;PREF;INTERNET:sofia@example.com\r\n"
        "END:VCARD\r\n"
    )
    [sofia] = read_contact_file(card.encode("cp1252")).records
    assert (sofia.name, sofia.family, sofia.company) == (
        "Sofía Fernández",
        "Fernández",
        "Café Lento",
    )
    assert sofia.emails == ("sofia@example.com", "other@example.com")
