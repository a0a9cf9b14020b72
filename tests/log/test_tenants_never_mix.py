"""Two users never mix: whatever Bob sends, Alice's log, outbox and mail stay as they were, and
Bob learns nothing about her (his answers are those he would get if she did not exist).

Bob knows her invitation's UID, her prompt's Message-ID, her token addresses and her reminder
thread (say she forwarded him something by mistake). He tries each through the full pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from mailer.api import Mailer
from mailer.config import load_config
from mailer.models import ActionItem, Attendee, Contact, InboundMessage, Meeting, OutboxMessage
from mailer.outbound.addresses import OutboundAddresses
from mailer.outbound.outbox import enqueue
from tests.conftest import ALICE, BOB, write_config
from tests.messages import invite_ics, invite_message

NOW = datetime(2026, 11, 23, 17, tzinfo=UTC)  # 18:00 in Madrid, noon in New York
SECRET_UID = "alice-secret-coffee@google.com"
SECRET_CONTACT = "anna.secret@example.com"
SECRET_WORDS = ("Tajine", "Casa Wong")
"""In Alice's log only: Bob never writes them, so any answer of his holding one leaked it."""
PROMPT_ID = "<prompt-for-alice@assistant.localhost>"
THREAD_ID = "<alice-asks-anna@example.com>"


def _mail(sender: str, to: str, body: str, subject: str = "Hi", **headers: str) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = headers.pop(
        "Message_ID", f"<{abs(hash((sender, to, body, subject)))}@example.org>"
    )
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes(policy=policy.SMTP)


def _ingest(mailer: Mailer, sender: str, data: bytes, to: str = "invites@assistant.localhost"):
    return mailer.ingest(data, source="test", envelope_from=sender, envelope_to=[to], now=NOW)


def _alice_invite(**changes: Any) -> bytes:
    ics = invite_ics(
        uid=SECRET_UID,
        summary="Tajine with Anna",
        location="Casa Wong, Barcelona",
        attendees=((SECRET_CONTACT, "Anna Secretname", "NEEDS-ACTION"),),
        **changes,
    )
    return ics


@pytest.fixture
def alice_state(mailer: Mailer) -> Iterator[dict[str, Any]]:
    """Alice's meeting, contact, follow-up, prompt, reminder and draft; Bob has nothing yet."""
    assert _ingest(mailer, ALICE, invite_message(_alice_invite())).status == "processed"
    recap = _mail(ALICE, "recap@assistant.localhost",
                  "Had coffee with Anna Secretname <anna.secret@example.com> yesterday. "
                  "Follow up in 2 weeks.")  # fmt: skip
    assert _ingest(mailer, ALICE, recap, "recap@assistant.localhost").status == "processed"
    remind = _mail(ALICE, SECRET_CONTACT, "Any news?", "Secret plans", Message_ID=THREAD_ID)
    assert _ingest(mailer, ALICE, remind, "3days@assistant.localhost").status == "processed"
    _, alice_id = mailer.user(ALICE)
    with mailer.sessions.begin() as session:
        item = session.scalars(select(ActionItem).where(ActionItem.user_id == alice_id)).first()
        enqueue(session, user_id=alice_id, key="test:prompt", recipient=ALICE,
                template="followup_prompt", context={"items": [{"item_id": item.id}]},
                scheduled_at=NOW, message_id=PROMPT_ID)  # fmt: skip
        enqueue(session, user_id=alice_id, key="test:draft", recipient=ALICE,
                template="thank_you", context={"contact_email": SECRET_CONTACT,
                                               "contact_name": "Anna Secretname"},
                scheduled_at=NOW)  # fmt: skip
        draft = session.scalars(
            select(OutboxMessage).where(OutboxMessage.idempotency_key == "test:draft")
        ).one()
    addresses = OutboundAddresses.from_config(mailer.config)
    yield {
        "approve": addresses.token("approve", ALICE, draft.id),
        "undo": addresses.token("undo", ALICE, draft.id),
        "reply": addresses.token("reply", SECRET_CONTACT, draft.id),
        "unsubscribe": addresses.token("unsubscribe", SECRET_CONTACT, draft.id),
    }


def _rows(mailer: Mailer, model: type, user: str) -> list[dict[str, Any]]:
    _, user_id = mailer.user(user)
    with mailer.sessions() as session:
        rows = session.scalars(select(model).where(model.user_id == user_id).order_by(model.id))
        return [
            {c.key: getattr(r, c.key) for c in model.__table__.columns if c.key != "updated_at"}
            for r in rows
        ]


def _alice(mailer: Mailer) -> list[Any]:
    models = (Meeting, Attendee, Contact, ActionItem, OutboxMessage, InboundMessage)
    return [_rows(mailer, model, ALICE) for model in models]


def _told_bob(mailer: Mailer) -> str:
    """Everything Bob's answers say: his outbox rows and the details of his messages."""
    return json.dumps(
        [_rows(mailer, OutboxMessage, BOB), _rows(mailer, InboundMessage, BOB)], default=str
    )


def _bob_attempts(tokens: dict[str, str]) -> list[tuple[str, bytes]]:
    bob_ics = {"organizer": BOB, "attendees": (("mallory@example.net", "Mallory", "ACCEPTED"),)}
    return [
        ("recap@assistant.localhost",
         _mail(BOB, "recap@assistant.localhost", "Had coffee with Anna Secretname yesterday.")),
        ("recap@assistant.localhost",
         _mail(BOB, "recap@assistant.localhost", "Lunch with Anna yesterday. Follow up in 1 week")),
        ("invites@assistant.localhost",
         invite_message(invite_ics(uid=SECRET_UID, sequence=5, summary="Hijacked", **bob_ics),
                        sender=BOB)),
        ("invites@assistant.localhost",
         invite_message(invite_ics(uid=SECRET_UID, sequence=9, method="CANCEL", **bob_ics),
                        sender=BOB, method="CANCEL")),
        ("invites@assistant.localhost",
         invite_message(invite_ics(uid=SECRET_UID, sequence=9, method="REPLY", attendees=(
             (SECRET_CONTACT, "Anna", "DECLINED"),)), sender=BOB, method="REPLY")),
        ("recap@assistant.localhost", _mail(BOB, "recap@assistant.localhost", "done",
                                            "Re: follow up", In_Reply_To=PROMPT_ID)),
        ("assistant@assistant.localhost", _mail(BOB, "assistant@assistant.localhost", "skip",
                                                "Re: follow up", References=PROMPT_ID)),
        *((tokens[p], _mail(BOB, tokens[p], "send")) for p in ("approve", "undo", "reply",
                                                               "unsubscribe")),
        ("pending@assistant.localhost", _mail(BOB, "pending@assistant.localhost", "?")),
        ("cancel@assistant.localhost", _mail(BOB, "cancel@assistant.localhost", "cancel",
                                             "Secret plans", In_Reply_To=THREAD_ID)),
        ("invites@assistant.localhost",
         _mail(BOB, SECRET_CONTACT, "Any news?", "Re: Secret plans", In_Reply_To=THREAD_ID,
               Cc="invites@assistant.localhost")),
    ]  # fmt: skip


def test_nothing_bob_sends_touches_or_reveals_alices_log(mailer: Mailer, alice_state: dict):
    before = _alice(mailer)
    for number, (to, data) in enumerate(_bob_attempts(alice_state)):
        result = _ingest(mailer, BOB, data, to)
        assert result.status in {"processed", "failed"}, result
        assert "internal error" not in result.detail, result.detail
        if number == 1:  # her contact's name in his recaps found nothing of hers
            assert SECRET_CONTACT not in {c["email"] for c in mailer.contacts(BOB)}
    assert _alice(mailer) == before
    told = _told_bob(mailer)
    leaked = [word for word in SECRET_WORDS if word in told]
    assert leaked == [], f"Bob was told about {leaked}: {told[:2000]}"


def test_bobs_answers_are_the_same_as_if_alice_did_not_exist(
    mailer: Mailer, alice_state: dict, tmp_path: Path
):
    """Bob's answers here equal those of an assistant where Alice never was: they cannot tell
    him whether her UID, prompt, thread or tokens exist."""
    details = [_ingest(mailer, BOB, data, to).detail for to, data in _bob_attempts(alice_state)]
    (tmp_path / "without-alice").mkdir()
    path = write_config(tmp_path / "without-alice", f"sqlite:///{tmp_path / 'without.db'}")
    without_alice = Mailer(load_config(path))
    try:
        controls = [
            _ingest(without_alice, BOB, data, to).detail for to, data in _bob_attempts(alice_state)
        ]
    finally:
        without_alice.engine.dispose()
    assert details == controls


def test_a_reply_for_her_uid_does_not_change_her_attendees(mailer: Mailer, alice_state: dict):
    meetings = mailer.meetings(ALICE)
    reply = invite_message(
        invite_ics(uid=SECRET_UID, sequence=9, method="REPLY",
                   attendees=((SECRET_CONTACT, "Anna", "DECLINED"),)),
        sender=BOB, method="REPLY",
    )  # fmt: skip
    _ingest(mailer, BOB, reply)
    assert mailer.meetings(ALICE) == meetings
    assert mailer.meetings(BOB) == []
