"""A bad config file stops with one message naming the file, the key and what was expected."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mailer.config import ConfigError, load_config

GOOD_USER = '[[users]]\nemail = "a@example.com"\ntimezone = "Europe/Madrid"\n'


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("[inbound]\nprot = 25\n" + GOOD_USER, "inbound.prot", "unknown key"),
        ('[inbound]\nport = "25"\n' + GOOD_USER, "inbound.port", "expected an integer"),
        ("[inbound]\nport = true\n" + GOOD_USER, "inbound.port", "expected an integer"),
        (
            '[[users]]\nemail = "a@example.com"\ntimezone = "Mars/Olympus"\n',
            "users[0].timezone",
            "unknown time zone",
        ),
        (GOOD_USER + '[[users]]\nemail = "A@example.com"\n', "users[1].email", "already belongs"),
        (
            GOOD_USER + '[[users]]\nemail = "b@example.com"\nalso = ["a@example.com"]\n',
            "users[1].email",
            "already belongs",
        ),
        ('[outbound]\ntransport = "pigeon"\n', "outbound.transport", '"maildir" or "smtp"'),
        (GOOD_USER + 'language = "fr"\n', "users[0].language", "expected one of en, es, ca"),
        ('[inbound]\ndomain = "x@y"\n', "inbound.domain", "domain name"),
        ('[[users]]\nname = "No Email"\n', "users[0].email", "required"),
        ('[users]\nemail = "a@example.com"\n', "users", "[[users]]"),
        ("[mystery]\n", "mystery", "unknown section"),
        ("[inbound\n", "", "not valid TOML"),
    ],
)
def test_bad_files_name_file_key_and_expectation(
    tmp_path: Path, text: str, key: str, expected: str
):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert error.value.key == key
    assert expected in str(error.value)
    assert str(path) in str(error.value)


def test_cli_exits_2_with_one_line_and_no_traceback(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text('[inbound]\nport = "twenty-five"\n', encoding="utf-8")
    process = subprocess.run(
        [sys.executable, "-m", "mailer", "--config", str(path), "meetings", "list"],
        capture_output=True,
        text=True,
    )
    assert process.returncode == 2
    assert "Traceback" not in process.stderr
    [line] = process.stderr.strip().splitlines()
    assert str(path) in line and "inbound.port" in line and "expected an integer" in line


def test_relative_paths_are_relative_to_the_file(tmp_path: Path):
    folder = tmp_path / "somewhere"
    folder.mkdir()
    (folder / "config.toml").write_text(GOOD_USER, encoding="utf-8")
    config = load_config(folder / "config.toml")
    assert config.database_url == f"sqlite:///{folder / 'var' / 'mailer.db'}"
    assert config.spool_dir == folder / "var" / "spool"
    assert config.maildir == folder / "var" / "sent"


def test_mailer_config_variable_chooses_the_file(tmp_path: Path):
    path = tmp_path / "elsewhere.toml"
    path.write_text('[inbound]\nport = "x"\n', encoding="utf-8")
    process = subprocess.run(
        [sys.executable, "-m", "mailer", "contacts", "list"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "MAILER_CONFIG": str(path)},
        cwd=tmp_path,
    )
    assert process.returncode == 2
    assert "elsewhere.toml" in process.stderr


def test_example_config_is_valid_and_documents_every_key(tmp_path: Path):
    from dataclasses import fields, is_dataclass

    from mailer.config import EXAMPLE_CONFIG, Config, RelayConfig, UserConfig

    config = load_config(EXAMPLE_CONFIG)
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    sections = [f.name for f in fields(Config) if is_dataclass(getattr(config, f.name))]
    assert {"database", "inbound", "outbound", "calendar", "planning", "http"} <= set(sections)
    for section in sections:
        for field in fields(type(getattr(config, section))):
            assert f"\n{field.name} = " in text, f"{section}.{field.name} is not documented"
    for field in fields(UserConfig):
        if field.name == "relay":  # a table of its own, shown commented out
            assert "\n# [users.relay]\n" in text, "users.relay is not documented"
            for key in fields(RelayConfig):
                assert f"\n# {key.name} = " in text, f"users.relay.{key.name} is not documented"
            continue
        assert f"\n{field.name} = " in text, f"users.{field.name} is not documented"
    assert {f.name for f in fields(Config)} >= {"database", "inbound", "outbound", "users"}
