"""Importing contacts merges by address, else by name, fills only what is empty, never doubles."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from mailer.api import Mailer
from mailer.db import transaction
from mailer.models import Contact
from tests.conftest import ALICE, BOB, FIXTURES

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
CONTACT_FILES = sorted(p.name for p in (FIXTURES / "contacts").iterdir())
LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _import(mailer: Mailer, data: bytes | str, user: str = ALICE):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return mailer.import_contacts(raw, user=user, now=NOW)


def _fixture(name: str) -> bytes:
    return (FIXTURES / "contacts" / name).read_bytes()


def _by_name(mailer: Mailer, user: str = ALICE) -> dict[str, dict]:
    return {c["name"] or c["email"]: c for c in mailer.contacts(user)}


@pytest.mark.parametrize("name", CONTACT_FILES)
def test_a_second_import_of_the_same_file_changes_nothing(mailer: Mailer, name: str):
    first = _import(mailer, _fixture(name))
    assert first.added > 0
    before = mailer.contacts(ALICE)
    again = _import(mailer, _fixture(name))
    assert (again.added, again.merged) == (0, 0)
    assert again.unchanged == first.added + first.merged + first.unchanged
    assert [e.line for e in again.skipped] == [e.line for e in first.skipped]
    assert mailer.contacts(ALICE) == before


def test_every_sample_together_makes_each_address_and_each_addressless_name_once(
    mailer: Mailer,
):
    for name in CONTACT_FILES:
        _import(mailer, _fixture(name))
    contacts = mailer.contacts(ALICE)
    emails = [c["email"] for c in contacts if c["email"]]
    assert len(emails) == len(set(emails))
    addressless = [c["name"] for c in contacts if not c["email"]]
    assert len(addressless) == len(set(addressless))
    # Anna is in five files, by two addresses and by name alone in LinkedIn: one contact
    [anna] = [c for c in contacts if c["name"] == "Anna Ruiz"]
    assert anna["email"] == "anna@example.com"
    assert "Profile: https://www.linkedin.com/in/anna-ruiz-example" in anna["notes"]


def test_only_empty_fields_are_filled(mailer: Mailer):
    mailer.add_contact("anna@example.com", name="Anna R.")
    with transaction(mailer.sessions) as session:
        session.execute(update(Contact).values(notes="Knows everyone at the Tàpies."))
    report = _import(mailer, _fixture("google_contacts.csv"))
    assert report.merged == 1
    anna = _by_name(mailer)["Anna R."]  # her name as the user wrote it stays
    assert anna["company"] == "Fundació Antoni Tàpies"  # was empty: filled
    assert anna["notes"].startswith("Knows everyone at the Tàpies.\n")  # kept, then the file's
    assert "Other addresses: anna.ruiz@home.example.net" in anna["notes"]


def test_a_linkedin_connection_gets_the_address_a_later_file_has(mailer: Mailer):
    _import(mailer, _fixture("linkedin_connections.csv"))
    assert _by_name(mailer)["Marta López"]["email"] is None
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Marta López\nEMAIL:marta@example.net\nEND:VCARD\n"
    report = _import(mailer, card)
    assert (report.added, report.merged) == (0, 1)
    marta = _by_name(mailer)["Marta López"]
    assert marta["email"] == "marta@example.net"
    assert marta["company"] == "Acme, S.A."


def test_a_row_without_address_completes_the_contact_of_that_name(mailer: Mailer):
    mailer.add_contact("sofia@cafelento.example.com", name="Sofía Fernández")
    report = _import(mailer, LINKEDIN_HEADER + "SOFÍA,fernández,,,Café Lento,Gerente,1 Jan 2025\n")
    assert (report.added, report.merged) == (0, 1)
    [sofia] = mailer.contacts(ALICE)
    assert sofia["company"] == "Café Lento"


def test_namesakes_with_different_profiles_stay_two_people(mailer: Mailer):
    rows = (
        "John,Smith,https://www.linkedin.com/in/john-smith-1,,Acme,CTO,1 Jan 2024\n"
        "John,Smith,https://www.linkedin.com/in/john-smith-2,,Globex,Chef,2 Jan 2024\n"
    )
    assert _import(mailer, LINKEDIN_HEADER + rows).added == 2
    assert _import(mailer, LINKEDIN_HEADER + rows).unchanged == 2


def test_a_name_that_fits_several_contacts_is_reported_not_guessed(mailer: Mailer):
    mailer.add_contact("john@acme.example.com", name="John Smith")
    mailer.add_contact("john@globex.example.com", name="John Smith")
    report = _import(mailer, LINKEDIN_HEADER + "John,Smith,,,Initech,CEO,1 Jan 2024\n")
    [skipped] = report.skipped
    assert skipped.line == 2
    assert "2 contacts are named 'John Smith'" in skipped.reason
    assert all(c["company"] == "" for c in mailer.contacts(ALICE))


def test_bad_rows_are_reported_by_line_and_the_rest_imported(mailer: Mailer):
    report = _import(mailer, _fixture("google_contacts.csv"))
    assert [(e.line, e.reason.split(" is ")[0]) for e in report.skipped] == [
        (8, "'pau.vidal(at)example.org'")
    ]
    assert report.added == 4
    assert "Marta López" in _by_name(mailer)


def test_the_users_own_address_is_not_a_contact(mailer: Mailer):
    report = _import(mailer, LINKEDIN_HEADER + f"Alice,Martín,,{ALICE.upper()},,,1 Jan 2024\n")
    assert report.skipped[0].reason == f"{ALICE} is you, not a contact"
    assert mailer.contacts(ALICE) == []


def test_an_opt_out_survives_an_import(mailer: Mailer):
    mailer.add_contact("sofia@cafelento.example.com")
    with transaction(mailer.sessions) as session:
        session.execute(update(Contact).values(opted_out=True, opted_out_at=NOW))
    _import(mailer, _fixture("outlook_contacts_utf16.csv"))
    sofia = next(c for c in mailer.contacts(ALICE) if c["email"] == "sofia@cafelento.example.com")
    assert sofia["opted_out"] and sofia["name"] == "Sofía Fernández"


def test_each_user_imports_into_their_own_contacts(mailer: Mailer):
    _import(mailer, _fixture("contacts_v4.vcf"), user=ALICE)
    report = _import(mailer, _fixture("contacts_v4.vcf"), user=BOB)
    assert report.added == 3  # Alice's copies are not Bob's
    assert len(mailer.contacts(ALICE)) == len(mailer.contacts(BOB)) == 3


def test_odd_and_overlong_values_fit_the_columns(mailer: Mailer):
    long_name = "Ñ" * 300
    row = f'{long_name},\x00Ruiz,,,"{"Acme " * 60}","CTO\x00",1 Jan 2024\n'
    report = _import(mailer, LINKEDIN_HEADER + row)
    assert report.added == 1
    [contact] = mailer.contacts(ALICE)
    assert len(contact["name"]) == 200 and contact["name"].endswith("…")
    assert len(contact["company"]) <= 200 and "\x00" not in contact["name"]
