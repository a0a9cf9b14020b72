"""What is known about the big mail providers: servers, ports, app passwords, filter rules.

Set-up (a) reads the assistant's mail from the user's mailbox over IMAP and sends through the
provider's submission port. Every address at the assistant's domain must reach that mailbox
(a catch-all, or Fastmail's subdomain addressing), and a filter rule files it in one folder.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    domains: tuple[str, ...]
    imap_host: str
    smtp_host: str
    smtp_port: int = 587
    smtp_security: str = "starttls"
    imap_port: int = 993
    imap_security: str = "tls"
    app_password: str = ""
    """Where the provider makes the password an app like this one logs in with."""
    filter_rule: str = ""
    """How to file the assistant's mail into its folder."""
    send_as: str = ""
    """How to let the account send as the assistant's address."""
    subdomain_addressing: bool = False
    """``anything@user.fastmail.com`` reaches ``user@fastmail.com``: a domain for free."""
    imap_login_is_local_part: bool = False
    warning: str = ""

    def assistant_domain(self, email: str) -> str:
        """A domain whose every address reaches ``email``'s mailbox, when the provider has one."""
        local, _, domain = email.partition("@")
        if self.subdomain_addressing and domain in self.domains:
            return f"{local.split('+')[0].lower()}.{domain}"
        return ""


PROVIDERS = {
    "gmail": Provider(
        "gmail",
        "Gmail",
        ("gmail.com", "googlemail.com"),
        imap_host="imap.gmail.com",
        smtp_host="smtp.gmail.com",
        app_password="Google Account > Security > 2-Step Verification > App passwords",
        filter_rule='Settings > Filters: To "@{domain}" > Skip the Inbox, Apply the label '
        '"{folder}" (a label is an IMAP folder)',
        send_as="Settings > Accounts > Send mail as > add assistant@{domain}",
    ),
    "fastmail": Provider(
        "fastmail",
        "Fastmail",
        ("fastmail.com", "fastmail.fm", "messagingengine.com"),
        imap_host="imap.fastmail.com",
        smtp_host="smtp.fastmail.com",
        smtp_port=465,
        smtp_security="tls",
        app_password="Settings > Privacy & Security > Manage app passwords (IMAP and SMTP)",
        filter_rule='Settings > Filters & Rules: To/Cc/Bcc contains "@{domain}" > Move to '
        '"{folder}"',
        send_as="Settings > Sending identities > add assistant@{domain}",
        subdomain_addressing=True,
    ),
    "outlook": Provider(
        "outlook",
        "Outlook.com",
        ("outlook.com", "hotmail.com", "live.com", "msn.com"),
        imap_host="outlook.office365.com",
        smtp_host="smtp-mail.outlook.com",
        app_password="account.microsoft.com > Security > Advanced security options",
        filter_rule='Settings > Mail > Rules: "Recipient address includes @{domain}" > '
        'Move to "{folder}"',
        send_as="Settings > Mail > Sync email > Manage aliases",
        warning='Outlook.com accepts only OAuth2 ("modern authentication") for IMAP and '
        "SMTP since September 2024, and mailer logs in with a password: the login will "
        "probably be refused. Forward the assistant's mail to a mailbox elsewhere instead.",
    ),
    "icloud": Provider(
        "icloud",
        "iCloud Mail",
        ("icloud.com", "me.com", "mac.com"),
        imap_host="imap.mail.me.com",
        smtp_host="smtp.mail.me.com",
        app_password="account.apple.com > Sign-In and Security > App-Specific Passwords",
        filter_rule='icloud.com Mail > Settings > Rules: "is addressed to" "@{domain}" > '
        'Move to "{folder}"',
        send_as="iCloud+ > Custom Email Domain: add assistant@{domain}",
        imap_login_is_local_part=True,
    ),
}


def provider_for(email: str) -> Provider | None:
    domain = email.rpartition("@")[2].lower()
    return next((p for p in PROVIDERS.values() if domain in p.domains), None)
