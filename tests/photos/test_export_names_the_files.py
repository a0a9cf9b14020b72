"""`mailer photos export DIR --year 2026` writes the resized copies as "2026-03-12 coffee with
Marta.jpg", the post's caption in each JPEG's comment."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import update

from mailer.api import Mailer
from mailer.cli import cli
from mailer.config import Config
from mailer.models import Meeting
from mailer.photos.naming import file_stem
from tests.conftest import RunningService
from tests.photos.conftest import MADRID, RECAP, SENT, opened, send
from tests.photos.images import carries_location, phone_jpeg, recap_with_images

MARCH = datetime(2026, 3, 12, 19, 0, tzinfo=MADRID)
LAST_YEAR = datetime(2025, 12, 30, 19, 0, tzinfo=MADRID)


def export(config: Config, folder: Path, *options: str) -> str:
    result = CliRunner().invoke(cli, ["--config", str(config.path), "photos", "export",
                                      str(folder), *options])  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def test_the_years_photos_with_their_captions(
    server: RunningService, mailer: Mailer, config: Config, tmp_path: Path
):
    march = "Coffee with Marta Soler <marta@example.org> this afternoon."
    send(
        server, recap_with_images(march, [("a.jpg", "image/jpeg", phone_jpeg(seed=1))], sent=MARCH)
    )
    send(server, recap_with_images(
        "Lunch with Pau Serra <pau@example.org> and Marta Soler <marta@example.org> today.",
        [("b.jpg", "image/jpeg", phone_jpeg(seed=2)), ("c.jpg", "image/jpeg", phone_jpeg(seed=3))],
        sent=SENT,
    ))  # fmt: skip
    send(server, recap_with_images(RECAP, [("d.jpg", "image/jpeg", phone_jpeg(seed=4))],
                                   sent=LAST_YEAR))  # fmt: skip

    output = export(config, tmp_path / "2026", "--year", "2026")
    assert output.strip() == f"Wrote 3 photos into {tmp_path / '2026'} (meetings of 2026)."
    names = sorted(p.name for p in (tmp_path / "2026").iterdir())
    assert names == [
        "2026-03-12 coffee with Marta.jpg",
        "2026-11-23 lunch with Pau & Marta (1).jpg",
        "2026-11-23 lunch with Pau & Marta (2).jpg",
    ]
    march_photo = opened(tmp_path / "2026" / names[0])  # after December 2025's: number 2
    assert march_photo.info["comment"].decode() == (
        "Coffee with Marta this week, number 2 of my #slownetworking challenge: "
        "one person, one coffee, every week."
    )
    assert (
        opened(tmp_path / "2026" / names[1])
        .info["comment"]
        .decode()
        .startswith("Lunch with Pau & Marta this week, number 3 of my #slownetworking")
    )  # numbered through the challenge: the coffee of December 2025 was the first
    for name in names:
        path = tmp_path / "2026" / name
        assert max(opened(path).size) == 1600 and not carries_location(path.read_bytes())

    everything = export(config, tmp_path / "all")
    assert everything.strip() == f"Wrote 4 photos into {tmp_path / 'all'}."


def test_the_users_own_caption(
    server: RunningService, mailer: Mailer, config: Config, tmp_path: Path
):
    send(server, recap_with_images(RECAP, [("a.jpg", "image/jpeg", phone_jpeg())], sent=SENT))
    with mailer.sessions() as session, session.begin():
        session.execute(update(Meeting).values(caption="Café con Marta: ¡qué buena charla!"))
    export(config, tmp_path / "out")
    [path] = list((tmp_path / "out").iterdir())
    assert opened(path).info["comment"].decode() == "Café con Marta: ¡qué buena charla!"


def test_names_are_in_the_users_language_and_safe_on_every_disk():
    assert file_stem("2026-03-12", "coffee", "Marta", "es") == "2026-03-12 café con Marta"
    assert (
        file_stem("2026-03-12", "lunch", "Pau & Marta", "ca") == "2026-03-12 dinar amb Pau & Marta"
    )
    assert file_stem("2026-03-12", None, "", "en") == "2026-03-12 meeting"
    assert file_stem("2026-03-12", "call", 'A/B: "x"?', "en") == "2026-03-12 call with A B x"
