"""The real Dovecot of the IMAP tests, as a fixture for the doctor's IMAP checks."""

from tests.inbound.dovecot import dovecot  # noqa: F401
