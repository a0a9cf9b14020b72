"""Due outbox rows for the dispatcher tests: error replies to Alice, one template to render."""

from __future__ import annotations

from datetime import datetime

from mailer.api import Mailer
from mailer.db import transaction
from mailer.outbound.outbox import enqueue
from tests.conftest import ALICE


def queue_rows(mailer: Mailer, count: int, at: datetime, *, prefix: str = "test") -> None:
    """``count`` rows due at ``at``, keyed ``prefix:N``, with stable Message-IDs."""
    _, user_id = mailer.user(ALICE)
    with transaction(mailer.sessions) as session:
        for number in range(count):
            enqueue(
                session,
                user_id=user_id,
                key=f"{prefix}:{number}",
                recipient=ALICE,
                template="error_reply",
                context={"original_subject": f"Message {number}", "reason": "test"},
                scheduled_at=at,
                message_id=f"<{prefix}-{number}@assistant.localhost>",
            )
