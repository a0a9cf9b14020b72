"""The doctor checks that the photos folder (``[photos] folder``) can be written."""

from __future__ import annotations

from pathlib import Path

from mailer.doctor import Checkup
from tests.doctor.checkups import configure, only
from tests.doctor.read_only import read_only


def test_an_unwritable_photos_folder_fails_by_name(tmp_path: Path):
    path = configure(tmp_path)
    photos = tmp_path / "var" / "photos"
    assert only(Checkup(path), "photos").level == "ok"
    with read_only(photos) as reason:
        finding = only(Checkup(path), "photos")
    assert finding.level == "FAIL" and f"cannot write to {photos} ({reason})" in finding.message
    assert "[photos] folder" in finding.advice
