"""Photos are the tenant's data: `mailer backup` takes them and `mailer restore` brings them
back where the restored log finds them; the secret calendar feed never links to one."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailer.api import Mailer
from mailer.cli import cli
from mailer.clock import PinnedClock
from mailer.config import Config, load_config
from tests.conftest import RunningService, write_config
from tests.outbound.sinks import free_port
from tests.photos.conftest import RECAP, SENT, send
from tests.photos.images import phone_jpeg, recap_with_images


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_backup_and_restore_bring_the_photos_along(
    server: RunningService, mailer: Mailer, config: Config, tmp_path: Path
):
    if config.database_url.startswith("postgresql"):
        pytest.skip("the photos travel the same on PostgreSQL; restoring into a new PostgreSQL "
                    "database is tests/backup/test_backup_and_restore.py's")  # fmt: skip
    send(server, recap_with_images(RECAP, [("a.jpg", "image/jpeg", phone_jpeg())], sent=SENT))
    _cli("--config", str(config.path), "backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["photos"] == "photos"
    assert sum(name.startswith("photos/") for name in manifest["files"]) == 2

    _cli("restore", str(tmp_path / "backup"), str(tmp_path / "restored"))
    restored = tmp_path / "restored" / "config.toml"
    assert load_config(restored).photos_dir == tmp_path / "restored" / "var" / "photos"
    [before] = mailer.meetings()
    [after] = json.loads(_cli("--config", str(restored), "meetings", "list", "--json"))
    [photo] = after["photos"]
    assert photo["file"].startswith(str((tmp_path / "restored").resolve()))
    assert Path(photo["file"]).read_bytes() == Path(before["photos"][0]["file"]).read_bytes()


def test_the_calendar_feed_never_links_to_a_photo(
    tmp_path: Path, database_url: str, clock: PinnedClock
):
    port = free_port()
    extra = (
        f'\n[outbound]\npublic_base_url = "https://mailer.example.org/"\n[http]\nport = {port}\n'
    )
    path = write_config(tmp_path, database_url, extra)
    path.write_text(
        path.read_text().replace("max_message_bytes = 200000", "max_message_bytes = 9000000")
    )
    mailer = Mailer(load_config(path), clock=clock)
    running = RunningService(mailer.config, clock)
    try:
        send(running, recap_with_images(RECAP, [("a.jpg", "image/jpeg", phone_jpeg())], sent=SENT))
        [meeting] = mailer.meetings()
        [photo] = meeting["photos"]
        url = mailer.feed_url().url.replace(
            "https://mailer.example.org", f"http://127.0.0.1:{port}"
        )
        with urllib.request.urlopen(url, timeout=10) as response:
            feed = response.read().decode()
    finally:
        running.stop()
        mailer.engine.dispose()
    assert "BEGIN:VEVENT" in feed and "Marta" in feed
    for trace in ("ATTACH", "IMAGE", photo["sha256"][:16], "photos", "cid:", ".jpg"):
        assert trace not in feed, trace
