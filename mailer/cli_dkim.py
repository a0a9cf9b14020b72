"""``mailer dkim keygen``: a key to sign outgoing mail, and its DNS record."""

from __future__ import annotations

from pathlib import Path

import click

from mailer.cli_support import Problem, State, pass_state
from mailer.config import ConfigError, load_config
from mailer.outbound.dkim_keys import DkimKeyError, generate_key, zone_line


@click.group()
def dkim() -> None:
    """DKIM signing of outgoing mail ([outbound] dkim_selector and dkim_key_file)."""


@dkim.command("keygen")
@click.option("--selector", required=True, metavar="NAME", help="The DKIM selector, e.g. mail.")
@click.option(
    "--domain",
    metavar="DOMAIN",
    help="The domain that signs (default: [inbound] domain, the domain of the assistant's From).",
)
@click.argument("keyfile", type=click.Path(dir_okay=False, path_type=Path))
@pass_state
def dkim_keygen(state: State, selector: str, domain: str | None, keyfile: Path) -> None:
    """Write a 2048-bit RSA key to KEYFILE (mode 600) and print its DNS TXT record."""
    if domain is None:
        try:
            domain = load_config(state.config_path).inbound.domain
        except ConfigError as exc:
            raise Problem(f"{exc}; or name the domain with --domain", 2) from None
    try:
        pem = generate_key(keyfile)
    except DkimKeyError as exc:
        raise Problem(str(exc)) from None
    click.echo(zone_line(selector, domain, pem))
    click.echo(
        f'Publish that record, then set in [outbound]: dkim_selector = "{selector}" and '
        f'dkim_key_file = "{keyfile}" (`mailer doctor` checks the record).',
        err=True,
    )
