"""Own domain (b): MX, SPF, DKIM and DMARC, asked of a DNS server of the test's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailer.doctor import Checkup
from mailer.doctor.findings import Finding
from mailer.outbound.dkim_keys import generate_key, record_value
from tests.doctor.checkups import configure
from tests.doctor.dns_server import Zone, dns_server, txt

DOMAIN = "assistant.example.org"


def _zone(key_pem: bytes) -> Zone:
    return {
        (DOMAIN, "MX"): ["10 mx.example.org."],
        (DOMAIN, "TXT"): [txt("v=spf1 mx -all"), txt("google-site-verification=abc")],
        (f"mail._domainkey.{DOMAIN}", "TXT"): [txt(record_value(key_pem))],
        (f"_dmarc.{DOMAIN}", "TXT"): [txt("v=DMARC1; p=quarantine")],
    }


@pytest.fixture
def key(tmp_path: Path) -> bytes:
    return generate_key(tmp_path / "dkim.key")


def _dns_findings(tmp_path: Path, zone: Zone, *, silent: bool = False) -> dict[str, Finding]:
    extra = '\n[outbound]\ndkim_selector = "mail"\ndkim_key_file = "dkim.key"\n'
    path = configure(tmp_path, extra=extra, domain=f'"{DOMAIN}"')
    with dns_server(zone, silent=silent) as server:
        found = Checkup(path, resolver=server.resolver()).run()
    return {f.check: f for f in found if f.check.startswith("dns")}


def test_every_record_in_place(tmp_path: Path, key: bytes):
    found = _dns_findings(tmp_path, _zone(key))
    assert {c: f.level for c, f in found.items()} == {
        "dns mx": "ok", "dns spf": "ok", "dns dkim": "ok", "dns dmarc": "ok"
    }  # fmt: skip
    assert "10 mx.example.org." in found["dns mx"].message
    assert "v=spf1 mx -all" in found["dns spf"].message


def test_no_mx_fails(tmp_path: Path, key: bytes):
    zone = _zone(key)
    del zone[(DOMAIN, "MX")]
    found = _dns_findings(tmp_path, zone)
    assert found["dns mx"].level == "FAIL"
    assert f"{DOMAIN}. IN MX 10" in found["dns mx"].advice


def test_no_spf_fails_and_two_fail_too(tmp_path: Path, key: bytes):
    zone = _zone(key)
    zone[(DOMAIN, "TXT")] = [txt("google-site-verification=abc")]
    assert _dns_findings(tmp_path, zone)["dns spf"].level == "FAIL"
    zone[(DOMAIN, "TXT")] = [txt("v=spf1 mx -all"), txt("v=spf1 a -all")]
    two = _dns_findings(tmp_path, zone)["dns spf"]
    assert two.level == "FAIL" and "2 SPF records" in two.message


def test_a_missing_or_different_dkim_key_fails(tmp_path: Path, key: bytes):
    zone = _zone(key)
    del zone[(f"mail._domainkey.{DOMAIN}", "TXT")]
    assert _dns_findings(tmp_path, zone)["dns dkim"].level == "FAIL"
    other = generate_key(tmp_path / "other.key")
    zone[(f"mail._domainkey.{DOMAIN}", "TXT")] = [txt(record_value(other))]
    different = _dns_findings(tmp_path, zone)["dns dkim"]
    assert different.level == "FAIL" and "another key" in different.message


def test_no_dmarc_is_a_warning(tmp_path: Path, key: bytes):
    zone = _zone(key)
    del zone[(f"_dmarc.{DOMAIN}", "TXT")]
    found = _dns_findings(tmp_path, zone)["dns dmarc"]
    assert found.level == "warn" and f"_dmarc.{DOMAIN}. IN TXT" in found.advice


def test_a_silent_resolver_is_a_warning_not_a_missing_record(tmp_path: Path, key: bytes):
    found = _dns_findings(tmp_path, _zone(key), silent=True)
    assert list(found) == ["dns"]  # one warning: the other questions would wait as long
    assert found["dns"].level == "warn" and "no answer" in found["dns"].message


def test_no_signing_configured_is_a_warning(tmp_path: Path, key: bytes):
    path = configure(tmp_path, domain=f'"{DOMAIN}"')
    with dns_server(_zone(key)) as server:
        found = [
            f for f in Checkup(path, resolver=server.resolver()).run() if f.check == "dns dkim"
        ]
    assert [f.level for f in found] == ["warn"]
    assert "mailer dkim keygen" in found[0].advice


def test_a_local_domain_asks_dns_nothing(tmp_path: Path, key: bytes):
    path = configure(tmp_path)  # assistant.localhost
    with dns_server(_zone(key)) as server:
        found = Checkup(path, resolver=server.resolver()).run()
    assert not [f for f in found if f.check.startswith("dns")]
    assert server.queries == []
