"""`[digest]` is checked like every section: a wrong value names the key and what to write."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailer.config import ConfigError, load_config

USER = '[[users]]\nemail = "a@example.com"\ntimezone = "Europe/Madrid"\n'


def test_defaults_send_sunday_evening_with_one_pick_and_three_alternatives(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text(USER, encoding="utf-8")
    digest = load_config(path).digest
    assert (digest.weekday, digest.hour, digest.week_start) == ("sun", 18, "mon")
    assert (digest.invite_budget, digest.alternatives, digest.too_long_factor) == (1, 3, 1.5)


@pytest.mark.parametrize(
    ("table", "key", "expected"),
    [
        ('weekday = "sunday"', "digest.weekday", "expected one of"),
        ('week_start = "lunes"', "digest.week_start", "expected one of"),
        ("hour = 24", "digest.hour", "from 0 to 23"),
        ("too_long_factor = 0.5", "digest.too_long_factor", "at least 1"),
        ('too_long_factor = "2"', "digest.too_long_factor", "at least 1"),
        ("alternatives = -1", "digest.alternatives", "0 or a positive"),
        ("invites = 2", "digest.invites", "unknown key"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, table: str, key: str, expected: str):
    path = tmp_path / "config.toml"
    path.write_text(f"[digest]\n{table}\n{USER}", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert error.value.key == key and expected in error.value.problem
