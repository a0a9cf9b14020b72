"""The one error of backups and restores; its message says what went wrong and what to do."""


class BackupError(Exception):
    """A backup cannot be made or restored (a non-empty target, a damaged copy, pg_dump...)."""
