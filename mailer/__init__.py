"""mailer: an email-driven follow-up assistant for slow networking."""

__version__ = "0.1.0"
