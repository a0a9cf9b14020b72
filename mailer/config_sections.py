"""The sections of ``config.toml`` as frozen dataclasses, with their defaults.

:mod:`mailer.config` reads the file into these and checks them; every key is documented in
``config.example.toml`` (a test holds the two together).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LANGUAGES = ("en", "es", "ca")
"""What the assistant writes: English, Spanish, Catalan (mailer/outbound/languages.py)."""
LANGUAGE_NAMES = {
    "en": ("english", "inglés", "anglès"),
    "es": ("spanish", "español", "castellano", "espanyol", "castellà"),
    "ca": ("catalan", "catalán", "català"),
}


class UnknownLanguage(ValueError):
    """A language the assistant does not write; the message lists those it does."""

    def __init__(self, value: str) -> None:
        super().__init__(f"{value!r} is not a language I write; use one of {', '.join(LANGUAGES)}")


def language_code(value: str | None) -> str:
    """``value`` as one of :data:`LANGUAGES` ("ES", "es-ES", "català" -> es, es, ca); raises
    :class:`UnknownLanguage` for anything else."""
    code = (value or "").strip().strip(".").lower().replace("_", "-")
    for known, names in LANGUAGE_NAMES.items():
        if code == known or code.startswith(known + "-") or code in names:
            return known
    raise UnknownLanguage(value or "")


@dataclass(frozen=True)
class DatabaseConfig:
    url: str = "sqlite:///var/mailer.db"
    busy_timeout_seconds: int = 5


@dataclass(frozen=True)
class InboundConfig:
    host: str = "127.0.0.1"
    port: int = 8025
    domain: str = "assistant.localhost"
    max_message_bytes: int = 26_214_400
    spool: str = "var/spool"
    max_recipients: int = 20
    max_connections_per_ip: int = 10
    command_timeout_seconds: int = 120
    data_timeout_seconds: int = 600
    max_line_length: int = 1000
    worker_max_messages: int = 1000
    # Processes reading stored messages at once; 0: one per core (mailer/worker.py).
    workers: int = 0
    # Unprocessed messages past which new mail is answered 451 until they drain.
    max_backlog: int = 5000
    # Believing a user's From: "off", "prefer" or "require" (mailer/inbound/sender_auth.py).
    sender_auth: str = "off"
    trusted_authserv_ids: list[str] = field(default_factory=list)
    trusted_relays: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OutboundConfig:
    transport: str = "maildir"
    maildir: str = "var/sent"
    from_name: str = "Slow Networking Assistant"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 587
    smtp_security: str = "starttls"
    smtp_ca_file: str = ""
    smtp_username: str = ""
    smtp_password_env: str = "MAILER_SMTP_PASSWORD"
    smtp_password_file: str = ""
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
    concurrent_sends: int = 2


@dataclass(frozen=True)
class PlanningConfig:
    thank_you_delay_days: int = 1
    thank_you_hour: int = 9
    thank_you_approval: bool = True
    recap_prompt_delay_hours: int = 2
    invitation_no_answer_days: int = 5
    prompt_hour: int = 9
    default_cadence_days: int = 0
    brief_hour: int = 7
    brief_hours_before: int = 2


@dataclass(frozen=True)
class HttpConfig:
    host: str = "127.0.0.1"
    port: int = 8026
    max_connections: int = 1024
    header_timeout_seconds: int = 10
    request_timeout_seconds: int = 30


@dataclass(frozen=True)
class ImapConfig:
    """A mailbox to fetch from, for users who cannot receive SMTP (see mailer/inbound/imap.py)."""

    enabled: bool = False
    host: str = ""
    port: int = 993
    security: str = "tls"
    ca_file: str = ""
    username: str = ""
    password_env: str = "MAILER_IMAP_PASSWORD"
    password_file: str = ""
    folder: str = "INBOX"
    processed_folder: str = "mailer-processed"
    failed_folder: str = "mailer-failed"
    poll_seconds: int = 60
    idle_seconds: int = 1500
    recipient: str = ""
    timeout_seconds: int = 30


@dataclass(frozen=True)
class CalendarConfig:
    horizon_weeks: int = 26


@dataclass(frozen=True)
class DigestConfig:
    """The weekly digest: when it is sent, how weeks run, how many people it suggests."""

    enabled: bool = True
    weekday: str = "sun"
    hour: int = 18
    week_start: str = "mon"
    invite_budget: int = 1
    alternatives: int = 3
    too_long_factor: float = 1.5
    soon_days: int = 7
    invite_cooldown_days: int = 28
    list_limit: int = 5
    suggest_post: bool = True


@dataclass(frozen=True)
class PhotosConfig:
    """Photos sent with a recap (mailer/photos/): where they are kept, and how many are read."""

    folder: str = "var/photos"
    max_per_message: int = 10
    max_bytes: int = 26_214_400
    max_megapixels: int = 50


@dataclass(frozen=True)
class IntrosConfig:
    """Introductions (mailer/intros): how long to wait for an answer, and for the meeting."""

    ask_timeout_days: int = 7
    check_after_days: int = 14
    joint_to: str = "both"
    """ "both": the introduction is To both people; "asked": To the person who said yes,
    Cc the other."""


JOINT_TO = ("both", "asked")


@dataclass(frozen=True)
class RelayConfig:
    """A user's own SMTP relay: mail to their contacts then comes from their own address."""

    host: str
    port: int = 587
    security: str = "starttls"
    username: str = ""
    password_env: str = ""
    password_file: str = ""


@dataclass(frozen=True)
class UserConfig:
    email: str
    name: str = ""
    timezone: str = "UTC"
    language: str = "en"
    """What mail to the user is written in: "en", "es" or "ca"."""
    briefs: bool = True
    """A brief on the morning of each meeting (mailer/briefs/); false: none."""
    also: list[str] = field(default_factory=list)
    # The user's own sending window and cap; empty or 0: those of [outbound].
    send_days: list[str] = field(default_factory=list)
    send_from: str = ""
    send_until: str = ""
    max_per_hour: int = 0
    relay: RelayConfig | None = None

    @property
    def addresses(self) -> tuple[str, ...]:
        """Every address that is this person, normalised, the main one first."""
        return tuple(dict.fromkeys(normalise_address(a) for a in [self.email, *self.also]))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def normalise_address(address: str) -> str:
    """The form under which an address is stored and compared: stripped, lower-case."""
    return address.strip().strip("<>").strip().lower()
