"""The restored config keeps the person's comments; only the restored paths change."""

from __future__ import annotations

import tomllib
from pathlib import Path

from mailer.backup.config_paths import restored_paths, set_values
from mailer.config import EXAMPLE_CONFIG, load_config


def test_the_example_keeps_its_comments_and_gets_new_paths(tmp_path: Path):
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    changed = set_values(text, {("inbound", "spool"): "var/spool2", ("outbound", "templates"): "t"})
    assert changed.count("\n") == text.count("\n")
    data = tomllib.loads(changed)
    assert data["inbound"]["spool"] == "var/spool2" and data["outbound"]["templates"] == "t"
    assert "# Folder where every accepted message is kept" in changed


def test_a_missing_key_and_a_missing_section_are_added():
    text = '[database]\nurl = "sqlite:///x.db"\n\n[[users]]\nemail = "a@example.com"\n'
    changed = set_values(
        text, {("database", "busy_timeout_seconds"): "x", ("inbound", "spool"): "s"}
    )
    data = tomllib.loads(changed)
    assert data["database"] == {"url": "sqlite:///x.db", "busy_timeout_seconds": "x"}
    assert data["inbound"] == {"spool": "s"} and data["users"] == [{"email": "a@example.com"}]


def test_other_relative_paths_point_where_they_were(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text('[imap]\nca_file = "ca.pem"\npassword_file = "/run/secrets/imap"\n')
    changes = restored_paths(
        load_config(path), Path("/srv/old/config.toml"), "sqlite:///var/mailer.db",
        dkim=False, templates=False,
    )  # fmt: skip
    assert changes["imap", "ca_file"] == "/srv/old/ca.pem"
    assert ("imap", "password_file") not in changes  # absolute already
    assert changes["inbound", "spool"] == "var/spool"
