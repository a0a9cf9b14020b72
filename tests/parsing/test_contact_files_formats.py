"""Each service's export is recognised by its content and read into the right people."""

from __future__ import annotations

import pytest

from mailer.parsing.contact_files import ContactFileError, read_contact_file
from tests.conftest import FIXTURES


def _read(name: str, format: str | None = None):
    return read_contact_file((FIXTURES / "contacts" / name).read_bytes(), format)


def _people(name: str) -> dict[str, object]:
    return {r.name or r.email: r for r in _read(name).records}


@pytest.mark.parametrize(
    ("name", "format", "encoding"),
    [
        ("apple_contacts_v3.vcf", "vcard", "utf-8"),
        ("google_contacts_v3.vcf", "vcard", "utf-8"),
        ("contacts_v4.vcf", "vcard", "utf-8"),
        ("google_contacts.csv", "google", "utf-8"),
        ("outlook_contacts_utf16.csv", "outlook", "utf-16-le"),
        ("outlook_contacts_cp1252.csv", "outlook", "cp1252"),
        ("linkedin_connections.csv", "linkedin", "utf-8"),
    ],
)
def test_format_and_encoding_are_told_from_the_content(name: str, format: str, encoding: str):
    read = _read(name)
    assert (read.format, read.encoding) == (format, encoding)


def test_apple_vcard_3_with_groups_photo_and_folded_note():
    people = _people("apple_contacts_v3.vcf")
    anna = people["Anna Ruiz"]
    assert (anna.line, anna.given, anna.family) == (1, "Anna", "Ruiz")
    assert anna.emails == ("anna@example.com", "anna.ruiz@fundacio.example.org")  # pref first
    assert (anna.company, anna.position) == ("Fundació Antoni Tàpies", "Comissària d'exposicions")
    assert anna.notes.endswith("slow networking and in the archive project.\nLikes cortados.")
    assert anna.links == ("https://www.linkedin.com/in/anna-ruiz-example",)
    cafe = people["hola@satans.example.org"]  # a company card: no person's name
    assert (cafe.name, cafe.company) == ("", "Satan's Coffee Corner")
    assert people["Dr. Jürgen Müller-Lüdenscheidt"].emails == ()


def test_vcard_4_with_pref_non_ascii_names_and_a_data_uri_photo():
    read = _read("contacts_v4.vcf")
    assert [r.name for r in read.records] == [
        "Zoë Ñúñez Castellà",
        "山田 太郎",
        "Łukasz Żółkiewski",
    ]
    zoe, taro, lukasz = read.records
    assert zoe.email == "zoe.nunez@example.com"  # PREF=1, though listed second
    assert zoe.position.endswith("patrimoni immaterial")  # folded mid-word
    assert (taro.given, taro.family, taro.company) == ("太郎", "山田", "株式会社サンプル")
    assert len(lukasz.emails) == 3 and lukasz.email == "lukasz@example.pl"
    assert [r.line for r in read.records] == [1, 19, 27]


def test_google_csv_with_several_addresses_in_a_cell_and_a_multi_line_note():
    read = _read("google_contacts.csv")
    people = {r.name or r.email: r for r in read.records}
    anna = people["Anna Ruiz"]
    assert anna.emails == ("anna@example.com", "anna.ruiz@home.example.net")
    assert anna.notes == "Met at the Python meetup.\nLikes cortados, not lattes."
    jordi = people["Jordi Maria Puig"]
    assert (jordi.given, jordi.middle, jordi.family) == ("Jordi", "Maria", "Puig")
    assert jordi.emails == ("jordi@example.org", "jpuig@puigfills.example.com")
    assert jordi.links == ("https://www.linkedin.com/in/jordi-puig-example",)
    assert people["Marta López"].emails == ()
    # Anna's quoted address spans three lines, so Jordi's row starts on line 6
    assert [r.line for r in read.records] == [2, 6, 7, 9]
    [error] = read.errors
    assert error.line == 8 and "pau.vidal(at)example.org" in error.reason


@pytest.mark.parametrize("name", ["outlook_contacts_utf16.csv", "outlook_contacts_cp1252.csv"])
def test_outlook_csv_skips_exchange_paths(name: str):
    people = _people(name)
    assert people["Sofía Fernández"].emails == (
        "sofia@cafelento.example.com",
        "sofia.fernandez@example.net",
    )
    assert people["Sofía Fernández"].notes == (
        "Owner of the café on Mallorca street.\nAsk about the roaster."
    )
    assert people["Anna Ruiz"].emails == ("anna@example.com",)  # the EX one is not an address
    jurgen = people["Jürgen Müller"]
    assert (jurgen.company, jurgen.position) == ("Müller & Söhne GmbH", "Geschäftsführer")
    assert _read(name).errors == ()


def test_linkedin_connections_with_preamble_and_missing_addresses():
    read = _read("linkedin_connections.csv")
    assert [r.line for r in read.records] == [5, 6, 7, 8, 10]
    marta = read.records[1]
    assert (marta.name, marta.emails) == ("Marta López", ())
    assert (marta.company, marta.position) == ("Acme, S.A.", "Head of Product, Payments")
    assert marta.links == ("https://www.linkedin.com/in/marta-lopez-example",)
    assert read.records[2].email == "sofia@cafelento.example.com"
    assert read.records[3].position == 'Senior Engineer "Platform"'
    assert [(e.line, e.reason) for e in read.errors] == [
        (9, "no name and no email address; nothing to import")
    ]


def test_format_can_be_forced_and_a_wrong_one_is_refused():
    assert _read("linkedin_connections.csv", "linkedin").format == "linkedin"
    with pytest.raises(ContactFileError, match="no Outlook CSV header row"):
        _read("linkedin_connections.csv", "outlook")
    with pytest.raises(ContactFileError, match="cannot tell what kind of contacts file"):
        read_contact_file(b"name,phone\nAnna,123\n")
    with pytest.raises(ContactFileError, match="empty"):
        read_contact_file(b"\xef\xbb\xbf \n")
