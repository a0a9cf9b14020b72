"""The set-ups ``mailer init`` writes a ``config.toml`` for.

``local`` (the default, what ``make run`` writes): everything on this machine, SMTP on loopback,
sent mail in a Maildir. ``provider`` (a): a mailbox at Gmail, Fastmail, Outlook.com, iCloud or
another provider, read over IMAP, with authenticated submission for sending. ``own_domain`` (b):
your own domain on a small server, Postfix in front, mail signed with a DKIM key of its own.
"""

from mailer.setups.configs import OwnDomain, ProviderMailbox, SetupError, render
from mailer.setups.providers import PROVIDERS, Provider, provider_for

__all__ = [
    "PROVIDERS",
    "OwnDomain",
    "Provider",
    "ProviderMailbox",
    "SetupError",
    "provider_for",
    "render",
]
