"""Turn raw message bytes into plain data: no SMTP, no database, no configuration.

Everything here is a pure function of its input so that it can be fuzzed, property-tested and
reused by every entry point (SMTP, ``mailer ingest``, IMAP, reprocessing).
"""
