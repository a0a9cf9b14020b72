"""Found while checking issue 7's imports: a contact's position (LinkedIn's "Position", vCard's
TITLE) was imported and exported but missing from `mailer contacts list --json`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mailer.cli import cli
from tests.conftest import FIXTURES


def test_the_json_list_carries_each_contacts_position(config_path: Path):
    linkedin = str(FIXTURES / "contacts" / "linkedin_connections.csv")
    runner = CliRunner()
    imported = runner.invoke(cli, ["--config", str(config_path), "contacts", "import", linkedin])
    assert "5 added" in imported.stdout, imported.output  # and its one bad row reported
    listed = runner.invoke(cli, ["--config", str(config_path), "contacts", "list", "--json"])
    positions = {c["name"]: c["position"] for c in json.loads(listed.stdout)}
    assert positions["Marta López"] == "Head of Product, Payments"
    assert positions["Sofía Fernández"] == "Gerente"
