"""A batch is filed in one transaction with a savepoint per message (issue 20): when one message
of it fails, its photos' files go with its savepoint, and the others' stay with their rows."""

from __future__ import annotations

from datetime import timedelta

from mailer.api import Mailer
from mailer.config import Config
from mailer.log.handling import Context
from mailer.log.recaps import file_recap
from mailer.pipeline import Pipeline, Prepared
from tests.conftest import ALICE
from tests.photos.conftest import RECAP, SENT, stored_files
from tests.photos.images import phone_jpeg, recap_with_images

TO = ["recap@assistant.localhost"]
LUNCH = "Lunch with Pau Serra <pau@example.org> today."


def test_the_failed_message_loses_its_files_and_the_others_keep_theirs(
    mailer: Mailer, config: Config
):
    def fail_on_lunch(context: Context) -> str:
        summary = file_recap(context)
        if "Pau" in (summary or ""):
            raise RuntimeError("a bug after the lunch's photos were written")
        return summary or ""

    coffee = recap_with_images(RECAP, [("a.jpg", "image/jpeg", phone_jpeg(seed=1))], sent=SENT)
    lunch = recap_with_images(LUNCH, [("b.jpg", "image/jpeg", phone_jpeg(seed=2))],
                              sent=SENT + timedelta(hours=1))  # fmt: skip
    intake = mailer.intake()
    ids = [
        intake.receive(m, envelope_from=ALICE, envelope_to=TO).inbound_id for m in (coffee, lunch)
    ]
    pipeline = Pipeline(config, mailer.sessions, handlers=[fail_on_lunch])
    read = [pipeline.read(inbound_id) for inbound_id in ids]
    batch = [prepared for prepared in read if isinstance(prepared, Prepared)]
    assert len(batch) == len(read)
    kept, failed = pipeline.apply_many(batch)

    assert kept.status == "processed" and failed.status == "failed"
    assert "lunch's photos" in failed.detail
    [meeting] = mailer.meetings()
    assert "Pau" not in meeting["title"]
    [photo] = meeting["photos"]
    files = stored_files(config)
    assert len(files) == 2 and photo["file"] in {str(path) for path in files}
