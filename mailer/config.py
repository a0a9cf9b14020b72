"""Load and validate ``config.toml``.

A bad file stops the program with one message that names the file, the key and what was expected
(:class:`ConfigError`); the CLI turns it into exit status 2 without a traceback. Relative paths in
the file are relative to the file, so a config works the same from any working directory.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import time
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin, get_type_hints
from zoneinfo import ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from mailer.config_sections import (
    JOINT_TO,
    LANGUAGES,
    WEEKDAYS,
    CalendarConfig,
    DatabaseConfig,
    DigestConfig,
    HttpConfig,
    ImapConfig,
    InboundConfig,
    IntrosConfig,
    OutboundConfig,
    PhotosConfig,
    PlanningConfig,
    RelayConfig,
    UserConfig,
    normalise_address,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = [
    "CONFIG_ENV",
    "DEFAULT_CONFIG_NAME",
    "EXAMPLE_CONFIG",
    "LANGUAGES",
    "SECURITY_MODES",
    "WEEKDAYS",
    "CalendarConfig",
    "Config",
    "ConfigError",
    "DatabaseConfig",
    "DigestConfig",
    "HttpConfig",
    "ImapConfig",
    "InboundConfig",
    "IntrosConfig",
    "OutboundConfig",
    "PhotosConfig",
    "PlanningConfig",
    "RelayConfig",
    "UserConfig",
    "default_config_path",
    "load_config",
    "normalise_address",
    "parse_clock",
    "password_file_path",
    "password_from_env",
]

CONFIG_ENV = "MAILER_CONFIG"
DEFAULT_CONFIG_NAME = "config.toml"
EXAMPLE_CONFIG = Path(__file__).resolve().parent / "config.example.toml"
SECURITY_MODES = frozenset({"none", "starttls", "tls"})
"""How a connection to a relay or an IMAP server is protected (see outbound.transports)."""

T = TypeVar("T", bound="DataclassInstance")


class ConfigError(Exception):
    """The configuration file is missing or wrong; the message says where and what to write."""

    def __init__(self, path: Path | str, key: str, problem: str) -> None:
        self.path = Path(path)
        self.key = key
        self.problem = problem
        where = f"{self.path}: {key}: " if key else f"{self.path}: "
        super().__init__(where + problem)


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
    imap: ImapConfig = field(default_factory=ImapConfig)
    digest: DigestConfig = field(default_factory=DigestConfig)
    photos: PhotosConfig = field(default_factory=PhotosConfig)
    intros: IntrosConfig = field(default_factory=IntrosConfig)
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
    def photos_dir(self) -> Path:
        return self.resolve(self.photos.folder)

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


_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", list: "a list"}


def _convert(value: Any, annotation: Any, path: Path, key: str) -> Any:
    if get_origin(annotation) in (Union, UnionType):  # "X | None": TOML has no None
        (annotation,) = [a for a in get_args(annotation) if a is not type(None)]
    origin = get_origin(annotation) or annotation
    if isinstance(origin, type) and is_dataclass(origin):
        return _section(origin, value, path, key)
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


_POSITIVE = (
    ("inbound", "max_message_bytes"),
    ("inbound", "max_recipients"),
    ("inbound", "max_connections_per_ip"),
    ("inbound", "worker_max_messages"),
    ("inbound", "command_timeout_seconds"),
    ("inbound", "data_timeout_seconds"),
    ("database", "busy_timeout_seconds"),
    ("http", "max_connections"),
    ("http", "header_timeout_seconds"),
    ("http", "request_timeout_seconds"),
    ("photos", "max_per_message"),
    ("photos", "max_bytes"),
    ("photos", "max_megapixels"),
)


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
    if not 1 <= outbound.concurrent_sends <= 20:
        raise ConfigError(path, "outbound.concurrent_sends", "expected a number from 1 to 20")
    _validate_security(path, "outbound.smtp_security", outbound.smtp_security)
    _validate_window(path, "outbound", outbound)
    _validate_imap(path, config.imap, config.inbound.domain)
    planning = config.planning
    if not all(
        0 <= h < 24 for h in (planning.thank_you_hour, planning.prompt_hour, planning.brief_hour)
    ):
        raise ConfigError(path, "planning", "hours are 0 to 23")
    if not 0 <= planning.brief_hours_before <= 24:
        raise ConfigError(path, "planning.brief_hours_before", "expected 0 to 24 hours")
    if not 0 < config.inbound.port < 65536:
        raise ConfigError(path, "inbound.port", "expected a port number between 1 and 65535")
    for section, key in _POSITIVE:
        if getattr(getattr(config, section), key) <= 0:
            raise ConfigError(path, f"{section}.{key}", "expected a positive integer")
    if config.inbound.max_line_length < 1000:
        raise ConfigError(
            path, "inbound.max_line_length", "expected at least 1000 (RFC 5321 allows 1000)"
        )
    if "@" in config.inbound.domain or not config.inbound.domain:
        raise ConfigError(path, "inbound.domain", "expected a domain name such as example.org")
    _validate_sender_auth(path, config.inbound)
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
        if user.language not in LANGUAGES:
            raise ConfigError(
                path,
                f"{key}.language",
                f"expected one of {', '.join(LANGUAGES)}, got {user.language!r}",
            )
        _validate_window(path, key, user)
        if user.relay is not None:
            _validate_security(path, f"{key}.relay.security", user.relay.security)
        for address in user.addresses:
            if address in seen:
                raise ConfigError(
                    path,
                    f"{key}.email",
                    f"address {address} already belongs to users[{seen[address]}]; "
                    "each address may belong to one user only",
                )
            seen[address] = index


def _validate_sender_auth(path: Path, inbound: InboundConfig) -> None:
    from mailer.inbound.sender_auth import POLICIES, check_relays

    if inbound.sender_auth not in POLICIES:
        raise ConfigError(path, "inbound.sender_auth", 'expected "off", "prefer" or "require"')
    if (bad := check_relays(inbound.trusted_relays)) is not None:
        raise ConfigError(
            path, "inbound.trusted_relays", f"{bad!r} is not an IP address or network (10.0.0.0/8)"
        )
    if inbound.domain.lower() in (i.lower() for i in inbound.trusted_authserv_ids):
        raise ConfigError(
            path, "inbound.trusted_authserv_ids", "our own domain cannot vouch for mail we receive"
        )


def _validate_security(path: Path, key: str, value: str) -> None:
    """How a connection to a mail server is protected: the same three choices everywhere."""
    if value not in SECURITY_MODES:
        raise ConfigError(path, key, 'expected "none", "starttls" or "tls"')


def _validate_imap(path: Path, imap: ImapConfig, domain: str) -> None:
    _validate_security(path, "imap.security", imap.security)
    if not 0 < imap.port < 65536:
        raise ConfigError(path, "imap.port", "expected a port number between 1 and 65535")
    if imap.poll_seconds <= 0 or imap.timeout_seconds <= 0:
        raise ConfigError(path, "imap", "poll_seconds and timeout_seconds must be positive")
    if not 0 < imap.idle_seconds < 29 * 60:  # RFC 2177: servers may drop an IDLE after 30 min
        raise ConfigError(path, "imap.idle_seconds", "expected 1 to 1739 (under 29 minutes)")
    folders = {imap.folder, imap.processed_folder, imap.failed_folder}
    if len(folders) != 3 or "" in folders:
        raise ConfigError(
            path, "imap", "folder, processed_folder and failed_folder must be three different names"
        )
    if imap.recipient and not imap.recipient.lower().endswith("@" + domain.lower()):
        raise ConfigError(path, "imap.recipient", f"expected an address @{domain} (the domain)")
    if imap.enabled and not (imap.host and imap.username):
        raise ConfigError(path, "imap", "enabled = true needs host and username")


def _validate_window(path: Path, key: str, section: OutboundConfig | UserConfig) -> None:
    """Sending days and hours, in [outbound] or a user's own (where empty means inherited)."""
    for day in section.send_days:
        if day not in WEEKDAYS:
            raise ConfigError(
                path, f"{key}.send_days", f"unknown day {day!r}; expected some of {WEEKDAYS}"
            )
    for name in ("send_from", "send_until"):
        value = getattr(section, name)
        if not value and isinstance(section, UserConfig):
            continue
        try:
            parse_clock(value)
        except ValueError:
            raise ConfigError(
                path, f"{key}.{name}", f"expected a time like 08:00, got {value!r}"
            ) from None


def _validate_digest(config: Config) -> None:
    digest, path = config.digest, config.path
    for key in ("weekday", "week_start"):
        if getattr(digest, key) not in WEEKDAYS:
            raise ConfigError(path, f"digest.{key}", f"expected one of {WEEKDAYS}")
    if not 0 <= digest.hour < 24:
        raise ConfigError(path, "digest.hour", "expected an hour from 0 to 23")
    factor = digest.too_long_factor
    if isinstance(factor, bool) or not isinstance(factor, int | float) or factor < 1:
        raise ConfigError(
            path, "digest.too_long_factor", "expected a number of at least 1, e.g. 1.5"
        )
    for key in ("invite_budget", "alternatives", "soon_days", "invite_cooldown_days", "list_limit"):
        if getattr(digest, key) < 0:
            raise ConfigError(path, f"digest.{key}", "expected 0 or a positive integer")


def _validate_intros(config: Config) -> None:
    intros, path = config.intros, config.path
    for key in ("ask_timeout_days", "check_after_days"):
        if getattr(intros, key) <= 0:
            raise ConfigError(path, f"intros.{key}", "expected a positive number of days")
    if intros.joint_to not in JOINT_TO:
        raise ConfigError(path, "intros.joint_to", 'expected "both" or "asked"')


def password_file_path(config: Config, file: str) -> Path:
    """Where a ``*_password_file`` points: ``$VARIABLES`` expanded (``$CREDENTIALS_DIRECTORY``
    of a systemd credential), relative to the config's folder."""
    return config.resolve(os.path.expandvars(file))


def password_from_env(config: Config, key: str, variable: str, server: str, file: str = "") -> str:
    """A server's password: from the file the config names (``*_password_file``: a systemd
    credential, a Docker secret), else from the environment variable it names (``key``); never
    from the config file itself, which is backed up and shown around."""
    if file:
        file_key = key.removesuffix("_env") + "_file"
        path = password_file_path(config, file)
        try:
            password = path.read_text(encoding="utf-8").strip("\r\n")
        except OSError as exc:
            raise ConfigError(
                config.path,
                file_key,
                f"cannot read {path} ({exc.strerror}); put the {server} "
                "password there, readable by this user only (chmod 600)",
            ) from None
        if not password:
            raise ConfigError(
                config.path, file_key, f"{path} is empty; put the {server} password there"
            )
        return password
    password = os.environ.get(variable, "") if variable else ""
    if not password:
        raise ConfigError(
            config.path,
            key,
            f"the environment variable {variable or '(none)'} is not set; put the {server} "
            "password there, or in a file named by the matching password_file key (it is never "
            "read from the config file)",
        )
    return password


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
        "imap": ImapConfig,
        "digest": DigestConfig,
        "photos": PhotosConfig,
        "intros": IntrosConfig,
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
    _validate_digest(config)
    _validate_intros(config)
    return config


def default_config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The file to use: ``--config``, else ``$MAILER_CONFIG``, else ``./config.toml``."""
    if explicit:
        return Path(explicit)
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG_NAME)
