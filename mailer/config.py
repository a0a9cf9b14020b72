"""Load and validate ``config.toml``.

A bad file stops the program with one message that names the file, the key and what was expected
(:class:`ConfigError`); the CLI turns it into exit status 2 without a traceback. Relative paths in
the file are relative to the file, so a config works the same from any working directory.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from datetime import time
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin, get_type_hints
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

CONFIG_ENV = "MAILER_CONFIG"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_CONFIG_NAME = "config.toml"
EXAMPLE_CONFIG = Path(__file__).resolve().parent / "config.example.toml"

T = TypeVar("T")


class ConfigError(Exception):
    """The configuration file is missing or wrong; the message says where and what to write."""

    def __init__(self, path: Path | str, key: str, problem: str) -> None:
        self.path = Path(path)
        self.key = key
        self.problem = problem
        where = f"{self.path}: {key}: " if key else f"{self.path}: "
        super().__init__(where + problem)


@dataclass(frozen=True)
class DatabaseConfig:
    url: str = "sqlite:///var/mailer.db"


@dataclass(frozen=True)
class InboundConfig:
    host: str = "127.0.0.1"
    port: int = 8025
    domain: str = "assistant.localhost"
    max_message_bytes: int = 26_214_400
    spool: str = "var/spool"
    max_recipients: int = 20


@dataclass(frozen=True)
class OutboundConfig:
    transport: str = "maildir"
    maildir: str = "var/sent"
    from_name: str = "Slow Networking Assistant"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 587
    smtp_security: str = "starttls"
    smtp_username: str = ""
    smtp_password_env: str = "MAILER_SMTP_PASSWORD"
    smtp_timeout_seconds: int = 30
    retry_lifetime_hours: int = 48
    max_per_hour: int = 30
    send_days: list[str] = field(default_factory=lambda: list(WEEKDAYS))
    send_from: str = "08:00"
    send_until: str = "21:00"
    templates: str = ""
    secret_file: str = "var/secret.key"
    public_base_url: str = ""
    dkim_selector: str = ""
    dkim_key_file: str = ""


@dataclass(frozen=True)
class PlanningConfig:
    thank_you_delay_days: int = 1
    thank_you_hour: int = 9
    thank_you_approval: bool = True
    recap_prompt_delay_hours: int = 2
    invitation_no_answer_days: int = 5
    prompt_hour: int = 9
    default_cadence_days: int = 0


@dataclass(frozen=True)
class HttpConfig:
    host: str = "127.0.0.1"
    port: int = 8026


@dataclass(frozen=True)
class CalendarConfig:
    horizon_weeks: int = 26


@dataclass(frozen=True)
class UserConfig:
    email: str
    name: str = ""
    timezone: str = "UTC"
    also: list[str] = field(default_factory=list)

    @property
    def addresses(self) -> tuple[str, ...]:
        """Every address that is this person, normalised, the main one first."""
        return tuple(dict.fromkeys(normalise_address(a) for a in [self.email, *self.also]))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Config:
    """The whole configuration, with paths already resolved against the file's folder."""

    path: Path
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    inbound: InboundConfig = field(default_factory=InboundConfig)
    outbound: OutboundConfig = field(default_factory=OutboundConfig)
    calendar: CalendarConfig = field(default_factory=CalendarConfig)
    planning: PlanningConfig = field(default_factory=PlanningConfig)
    http: HttpConfig = field(default_factory=HttpConfig)
    users: list[UserConfig] = field(default_factory=list)

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    def resolve(self, value: str) -> Path:
        """A path from the file, made absolute against the file's folder."""
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.base_dir / path

    @property
    def spool_dir(self) -> Path:
        return self.resolve(self.inbound.spool)

    @property
    def maildir(self) -> Path:
        return self.resolve(self.outbound.maildir)

    @property
    def database_url(self) -> str:
        """The database URL, with a relative SQLite path made relative to the config file."""
        url = make_url(self.database.url)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            url = url.set(database=str(self.resolve(url.database)))
        return url.render_as_string(hide_password=False)

    @property
    def secret_path(self) -> Path:
        return self.resolve(self.outbound.secret_file)

    def user_for(self, address: str) -> UserConfig | None:
        address = normalise_address(address)
        return next((u for u in self.users if address in u.addresses), None)


def parse_clock(value: str) -> time:
    """``"08:30"`` as a time of day; raises ValueError for anything else."""
    hours, _, minutes = value.partition(":")
    return time(int(hours), int(minutes or 0)) if hours.isdigit() else time.fromisoformat(value)


def normalise_address(address: str) -> str:
    """The form under which an address is stored and compared: stripped, lower-case."""
    return address.strip().strip("<>").strip().lower()


_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", list: "a list"}


def _convert(value: Any, annotation: Any, path: Path, key: str) -> Any:
    origin = get_origin(annotation) or annotation
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(path, key, f"expected a list, got {value!r}")
        (item_type,) = get_args(annotation) or (Any,)
        return [_convert(v, item_type, path, f"{key}[{i}]") for i, v in enumerate(value)]
    if origin is int and isinstance(value, bool):
        raise ConfigError(path, key, f"expected an integer, got {value!r}")
    if origin in _TYPE_NAMES and not isinstance(value, origin):
        raise ConfigError(path, key, f"expected {_TYPE_NAMES[origin]}, got {value!r}")
    return value


def _section(cls: type[T], table: Any, path: Path, key: str) -> T:
    """Build a section dataclass from a TOML table, refusing unknown keys and wrong types."""
    if not isinstance(table, dict):
        raise ConfigError(path, key, f"expected a table, got {table!r}")
    hints = get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(
            path, f"{key}.{unknown[0]}", f"unknown key; expected one of: {', '.join(sorted(known))}"
        )
    required = [
        f.name
        for f in fields(cls)
        if f.name not in table and f.default is f.default_factory  # both MISSING: no default at all
    ]
    if required:
        raise ConfigError(path, f"{key}.{required[0]}", "missing; this key is required")
    values = {name: _convert(v, hints[name], path, f"{key}.{name}") for name, v in table.items()}
    return cls(**values)


def _validate(config: Config) -> None:
    path = config.path
    try:
        make_url(config.database.url)
    except ArgumentError:
        raise ConfigError(
            path, "database.url", "expected a SQLAlchemy URL such as sqlite:///var/mailer.db"
        ) from None
    outbound = config.outbound
    if outbound.transport not in {"maildir", "smtp"}:
        raise ConfigError(path, "outbound.transport", 'expected "maildir" or "smtp"')
    if outbound.smtp_security not in {"none", "starttls", "tls"}:
        raise ConfigError(path, "outbound.smtp_security", 'expected "none", "starttls" or "tls"')
    for day in outbound.send_days:
        if day not in WEEKDAYS:
            raise ConfigError(
                path, "outbound.send_days", f"unknown day {day!r}; expected some of {WEEKDAYS}"
            )
    for key in ("send_from", "send_until"):
        try:
            parse_clock(getattr(outbound, key))
        except ValueError:
            raise ConfigError(
                path,
                f"outbound.{key}",
                f"expected a time like 08:00, got {getattr(outbound, key)!r}",
            ) from None
    if not 0 <= config.planning.thank_you_hour < 24 or not 0 <= config.planning.prompt_hour < 24:
        raise ConfigError(path, "planning", "hours are 0 to 23")
    if not 0 < config.inbound.port < 65536:
        raise ConfigError(path, "inbound.port", "expected a port number between 1 and 65535")
    if config.inbound.max_message_bytes <= 0:
        raise ConfigError(path, "inbound.max_message_bytes", "expected a positive integer")
    if "@" in config.inbound.domain or not config.inbound.domain:
        raise ConfigError(path, "inbound.domain", "expected a domain name such as example.org")
    seen: dict[str, int] = {}
    for index, user in enumerate(config.users):
        key = f"users[{index}]"
        if "@" not in user.email:
            raise ConfigError(
                path, f"{key}.email", f"expected an email address, got {user.email!r}"
            )
        try:
            user.zone  # noqa: B018 - validating the name is the point
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                path,
                f"{key}.timezone",
                f"unknown time zone {user.timezone!r}; expected an IANA name such as Europe/Madrid",
            ) from None
        for address in user.addresses:
            if address in seen:
                raise ConfigError(
                    path,
                    f"{key}.email",
                    f"address {address} already belongs to users[{seen[address]}]; "
                    "each address may belong to one user only",
                )
            seen[address] = index


def load_config(path: Path | str) -> Config:
    """Read, check and resolve a configuration file."""
    path = Path(path).resolve()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "", "no such file; run `mailer init` to write one") from None
    except OSError as exc:
        raise ConfigError(path, "", f"cannot be read ({exc.strerror})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "", f"is not valid TOML ({exc})") from None
    sections = {
        "database": DatabaseConfig,
        "inbound": InboundConfig,
        "outbound": OutboundConfig,
        "calendar": CalendarConfig,
        "planning": PlanningConfig,
        "http": HttpConfig,
    }
    unknown = sorted(set(data) - set(sections) - {"users"})
    if unknown:
        raise ConfigError(
            path, unknown[0], "unknown section; expected one of: " + ", ".join([*sections, "users"])
        )
    values: dict[str, Any] = {
        name: _section(cls, data.get(name, {}), path, name) for name, cls in sections.items()
    }
    users = data.get("users", [])
    if not isinstance(users, list):
        raise ConfigError(path, "users", "expected [[users]] tables")
    values["users"] = [_section(UserConfig, u, path, f"users[{i}]") for i, u in enumerate(users)]
    config = Config(path=path, **values)
    _validate(config)
    return config


def default_config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The file to use: ``--config``, else ``$MAILER_CONFIG``, else ``./config.toml``."""
    if explicit:
        return Path(explicit)
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG_NAME)
