"""Contacts exported as vCard 3.0 import back into the same log without a single duplicate."""

from __future__ import annotations

from datetime import UTC, datetime

import vobject

from mailer.api import Mailer
from tests.conftest import ALICE, FIXTURES

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _fill(mailer: Mailer) -> None:
    for name in ("apple_contacts_v3.vcf", "contacts_v4.vcf", "linkedin_connections.csv"):
        mailer.import_contacts((FIXTURES / "contacts" / name).read_bytes(), now=NOW)
    mailer.add_contact("nameless@example.com")


def test_export_then_import_adds_and_changes_nothing(mailer: Mailer):
    _fill(mailer)
    before = mailer.contacts(ALICE)
    exported = mailer.export_vcf(ALICE)
    report = mailer.import_contacts(exported.encode("utf-8"), now=NOW)
    assert (report.added, report.merged, report.skipped) == (0, 0, [])
    assert report.unchanged == len(before)
    assert mailer.contacts(ALICE) == before


def test_cards_are_vcard_3_with_what_we_know(mailer: Mailer):
    _fill(mailer)
    cards = {c.fn.value: c for c in vobject.readComponents(mailer.export_vcf(ALICE))}
    assert len(cards) == len(mailer.contacts(ALICE))
    assert all(c.version.value == "3.0" for c in cards.values())
    zoe = cards["Zoë Ñúñez Castellà"]
    assert zoe.email.value == "zoe.nunez@example.com"
    assert zoe.org.value == ["Institut Català de Recerca en Patrimoni Cultural"]
    assert zoe.title.value.startswith("Investigadora principal")
    assert "Other addresses: zoe@home.example.net" in zoe.note.value
    assert cards["Marta López"].contents.get("email") is None  # LinkedIn had no address
    assert cards["nameless@example.com"].n.value.family == ""  # FN is the address, N is empty


def test_another_users_contacts_are_not_exported(mailer: Mailer):
    _fill(mailer)
    assert mailer.export_vcf("bob@example.org") == ""
