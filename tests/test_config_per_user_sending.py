"""Each user may have their own sending window, hourly cap and relay; mistakes name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailer.config import ConfigError, RelayConfig, load_config

USER = """
[[users]]
email = "alice@example.com"
timezone = "Europe/Madrid"
"""


def _load(tmp_path: Path, user_extra: str) -> object:
    path = tmp_path / "config.toml"
    path.write_text(USER + user_extra, encoding="utf-8")
    return load_config(path)


def test_own_window_cap_and_relay_are_read(tmp_path: Path):
    config = _load(
        tmp_path,
        'send_days = ["mon", "wed"]\nsend_from = "10:00"\nmax_per_hour = 4\n'
        '[users.relay]\nhost = "smtp.example.com"\nport = 465\nsecurity = "tls"\n'
        'username = "alice"\npassword_env = "ALICE_SMTP_PASSWORD"\n',
    )
    [user] = config.users  # type: ignore[attr-defined]
    assert (user.send_days, user.send_from, user.send_until, user.max_per_hour) == (
        ["mon", "wed"],
        "10:00",
        "",
        4,
    )
    assert user.relay == RelayConfig(
        host="smtp.example.com",
        port=465,
        security="tls",
        username="alice",
        password_env="ALICE_SMTP_PASSWORD",
    )


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        ('send_days = ["someday"]\n', "users[0].send_days"),
        ('send_until = "late"\n', "users[0].send_until"),
        ('[users.relay]\nhost = "smtp.example.com"\nsecurity = "ssl"\n', "users[0].relay.security"),
        ("[users.relay]\nport = 25\n", "users[0].relay.host"),
        ('[users.relay]\nhost = "smtp.example.com"\nport = "25"\n', "users[0].relay.port"),
    ],
)
def test_a_mistake_names_the_users_key(tmp_path: Path, extra: str, key: str):
    with pytest.raises(ConfigError) as error:
        _load(tmp_path, extra)
    assert error.value.key == key
