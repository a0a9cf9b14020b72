"""``mailer backup`` and ``mailer restore``: everything the assistant keeps, copied consistently
while it runs, with a manifest that proves the copy whole.

The state is the database, the spool (the raw messages the rows point to), the secret key (it
signs the reply and unsubscribe addresses in mail already sent), the DKIM key, the config and
any templates of one's own. The database is copied first, as one snapshot (SQLite's online
backup, ``pg_dump``), then the spool: bytes are only ever appended to it, and synced before the
rows naming them commit, so the later copy holds every byte the snapshot's rows name.
"""

from mailer.backup.errors import BackupError
from mailer.backup.make import make_backup
from mailer.backup.manifest import Manifest
from mailer.backup.restore import restore_backup

__all__ = ["BackupError", "Manifest", "make_backup", "restore_backup"]
