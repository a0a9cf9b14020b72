"""``[imap]`` is checked when the file is read, and every key is documented in the example."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from mailer.config import EXAMPLE_CONFIG, ConfigError, ImapConfig, load_config
from tests.conftest import write_config


def test_imap_settings_are_checked_when_the_file_is_read(tmp_path: Path):
    database = f"sqlite:///{tmp_path / 'm.db'}"
    for table, key in [
        ('security = "ssl"', "imap.security"),
        ("idle_seconds = 1800", "imap.idle_seconds"),
        ('processed_folder = "INBOX"', "imap"),
        ('recipient = "me@elsewhere.example"', "imap.recipient"),
        ("enabled = true", "imap"),
    ]:
        path = write_config(tmp_path, database, f"\n[imap]\n{table}\n")
        with pytest.raises(ConfigError) as raised:
            load_config(path)
        assert raised.value.key == key, table


def test_every_imap_key_is_documented_and_off_by_default():
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    section = text[text.index("\n[imap]\n") :].split("\n[", 2)[1]
    for field in fields(ImapConfig):
        assert f"\n{field.name} = " in section, f"imap.{field.name} is not documented"
    config = load_config(EXAMPLE_CONFIG)
    assert config.imap == ImapConfig()
    assert not config.imap.enabled
