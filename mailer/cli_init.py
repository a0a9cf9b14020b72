"""``mailer init``: write ``config.toml`` for one of three set-ups, then create the database.

On a terminal it asks which set-up and the few things each needs; ``--no-input`` asks nothing
(scripts, ``make run``), taking the answers from the options. Without ``--provider-mailbox`` or
``--own-domain`` it writes the local trial set-up, the example config as it is.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mailer.api import write_default_config
from mailer.cli_support import EXIT_USAGE, Problem, State, pass_state
from mailer.setups import OwnDomain, ProviderMailbox, SetupError
from mailer.setups.configs import User

SETUPS = {
    "1": "local: try it on this machine (SMTP on loopback, sent mail kept in a Maildir)",
    "2": "provider: a mailbox at Gmail, Fastmail, Outlook.com, iCloud... (IMAP + submission)",
    "3": "own domain: this server receives for a domain of yours (Postfix in front, DKIM)",
}


def _ask(value: str | None, question: str, default: str | None, asking: bool) -> str:
    if value is not None:
        return value
    if asking:
        return str(click.prompt(question, default=default))
    if default is None:
        raise Problem(f"--no-input needs {question.lower()} as an option", EXIT_USAGE)
    return default


@click.command()
@click.option("--force", is_flag=True, help="Overwrite an existing configuration file.")
@click.option("--no-input", is_flag=True, help="Ask nothing; take the answers from the options.")
@click.option(
    "--provider-mailbox", "setup", flag_value="provider", help="Set-up (a): a provider mailbox."
)
@click.option("--own-domain", "setup", flag_value="own", help="Set-up (b): your own domain.")
@click.option("--email", metavar="ADDRESS", help="Your address (for (a): the mailbox's).")
@click.option("--name", metavar="NAME", help="Your name.")
@click.option("--timezone", metavar="ZONE", help="Your IANA time zone, e.g. Europe/Madrid.")
@click.option("--domain", metavar="DOMAIN", help="The assistant's domain.")
@click.option("--folder", metavar="FOLDER", help="(a) The IMAP folder the filter files it in.")
@click.option("--imap-host", metavar="HOST", help="(a) IMAP server of an unknown provider.")
@click.option("--smtp-host", metavar="HOST", help="(a) Submission server of an unknown provider.")
@click.option(
    "--password-file", metavar="PATH", help="(a) File holding the app password (else a variable)."
)
@click.option("--listen", metavar="HOST:PORT", help="(b) Where mailer serve listens for SMTP.")
@click.option("--selector", metavar="NAME", help="(b) DKIM selector (default: mail).")
@pass_state
def init(state: State, force: bool, no_input: bool, setup: str | None, **answers: str) -> None:
    """Write config.toml for a set-up (if missing) and create or migrate the database."""
    path = state.config_path
    asking = sys.stdin.isatty() and not no_input
    if path.exists() and not force:
        click.echo(f"{path} exists; keeping it.")
    else:
        if setup is None and asking:
            click.echo("\n".join(f"  {k}. {v}" for k, v in SETUPS.items()))
            chosen = click.prompt("Which set-up", type=click.Choice(list(SETUPS)), default="1")
            setup = {"1": None, "2": "provider", "3": "own"}[chosen]
        try:
            _write(path, setup, answers, asking)
        except SetupError as exc:
            raise Problem(str(exc), EXIT_USAGE) from None
        click.echo(f"Wrote {path}; its first lines say what else to do.")
    state.mailer.upgrade()
    click.echo(f"Database ready: {state.mailer.config.database.url}")


def _user(answers: dict[str, str], asking: bool, email_default: str | None) -> User:
    return User(
        _ask(answers["email"], "Your email address", email_default, asking),
        _ask(answers["name"], "Your name", "Your Name", asking),
        _ask(answers["timezone"], "Your time zone", "Europe/Madrid", asking),
    )


def _write(path: Path, setup: str | None, answers: dict[str, str], asking: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if setup is None:
        user = _user(answers, asking, "you@example.com")
        write_default_config(
            path, {"email": user.email, "name": user.name, "timezone": user.timezone}
        )
        return
    if setup == "provider":
        user = _user(answers, asking, None)
        mailbox = ProviderMailbox(
            user,
            domain=answers["domain"] or "",
            folder=_ask(
                answers["folder"], "The folder the filter files it in", "assistant", asking
            ),
            password_file=answers["password_file"] or "",
            imap_host=answers["imap_host"] or "",
            smtp_host=answers["smtp_host"] or "",
        )
        if asking and not mailbox.domain and not mailbox.provider.assistant_domain(user.email):
            mailbox = ProviderMailbox(
                user, click.prompt("The assistant's domain (all of it reaches your mailbox)"),
                mailbox.folder, mailbox.password_file, mailbox.imap_host, mailbox.smtp_host,
            )  # fmt: skip
        path.write_text(mailbox.text(), encoding="utf-8")
        return
    _write_own_domain(path, answers, asking)


def _write_own_domain(path: Path, answers: dict[str, str], asking: bool) -> None:
    from mailer.outbound.dkim_keys import DkimKeyError, generate_key, zone_line

    domain = _ask(answers["domain"], "The assistant's domain", None, asking)
    own = OwnDomain(
        _user(answers, asking, None),
        domain,
        listen=_ask(answers["listen"], "Listen for SMTP on", "127.0.0.1:8025", asking),
        selector=answers["selector"] or "mail",
    )
    own.host_and_port  # noqa: B018 - refuse a bad --listen before making a key
    key_path = path.parent / own.dkim_key_file
    record = ""
    if not key_path.exists():
        try:
            record = zone_line(own.selector, domain, generate_key(key_path))
        except DkimKeyError as exc:
            raise Problem(str(exc)) from None
        click.echo(f"Made the DKIM key {key_path}; publish:\n{record}")
    path.write_text(own.text(record), encoding="utf-8")
