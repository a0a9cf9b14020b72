"""A spool that cannot be a folder (its parent is a file) is a SpoolError, not a stray OSError.

Found by the pipe-delivery tests: cleaning up the temporary file raised NotADirectoryError from
inside the error handler, so callers expecting SpoolError (451, exit 75) got a raw OSError.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mailer.inbound.spool import Spool, SpoolError


def test_a_spool_below_a_file_raises_spool_error(tmp_path: Path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the spool's parent should be")
    with pytest.raises(SpoolError, match="cannot write to the spool"):
        Spool(blocker / "spool").write(b"Subject: hi\r\n\r\nhello\r\n")
