"""`mailer ingest FILE` without --to reads whom the message was for, as the IMAP path does.

Filed as if sent to the main address, a saved RSVP (to a reply+ token address) or opt-out
would be taken for the user's own mail; so the recipients are the addresses at our domain in
Delivered-To, then X-Original-To, then To and Cc, and a file naming none is refused.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from mailer.api import Mailer
from mailer.cli import cli
from tests.conftest import ALICE
from tests.messages import invite_message
from tests.planning.challenge_mail import PAU, calendar_reply, invitation, request_of

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Madrid"))


def _ingest(config_path: Path, *args: str):
    return CliRunner().invoke(
        cli, ["--config", str(config_path), "--now", NOW.isoformat(), "ingest", *args]
    )


def _invited(mailer: Mailer) -> tuple[object, str]:
    mailer.invite(PAU, name="Pau Vidal", propose=[datetime(2026, 12, 10, 10, tzinfo=NOW.tzinfo)])
    mailer.tick(NOW)
    return request_of(invitation(mailer))


def test_a_saved_rsvp_is_recorded_without_to(mailer: Mailer, config_path: Path, tmp_path: Path):
    request, organizer = _invited(mailer)
    saved = tmp_path / "rsvp.eml"
    saved.write_bytes(calendar_reply(request, organizer, "ACCEPTED"))  # type: ignore[arg-type]
    result = _ingest(config_path, "--from", PAU, str(saved))
    assert result.exit_code == 0, result.output
    assert f"{saved}: {PAU} answered (accepted)" in result.output
    assert mailer.meetings(ALICE)[0]["attendees"][0]["status"] == "accepted"
    [row] = [m for m in mailer.inbound(ALICE) if m["sender"] == PAU]
    assert row["recipients"] == [organizer]


def test_delivered_to_comes_before_to(mailer: Mailer, config_path: Path, tmp_path: Path):
    request, organizer = _invited(mailer)
    saved = tmp_path / "rsvp.eml"
    headers = f"Delivered-To: {organizer}\r\n"
    data = calendar_reply(request, organizer, "DECLINED", headers)  # type: ignore[arg-type]
    saved.write_bytes(data.replace(f"To: {organizer}".encode(), b"To: pau-team@example.org", 1))
    result = _ingest(config_path, "--from", PAU, str(saved))
    assert result.exit_code == 0, result.output
    assert mailer.meetings(ALICE)[0]["attendees"][0]["status"] == "declined"


def test_a_file_naming_no_address_of_ours_is_refused(config_path: Path, tmp_path: Path):
    saved = tmp_path / "elsewhere.eml"
    saved.write_bytes(invite_message(to="Anna <anna@example.com>"))
    result = _ingest(config_path, str(saved))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{saved}: rejected: the message names no address at assistant.localhost in "
        "Delivered-To, X-Original-To, To or Cc, so it is not known which address of the "
        "assistant it was for; give it with --to (e.g. --to invites@assistant.localhost)"
    )
    accepted = _ingest(config_path, "--to", "invites@assistant.localhost", str(saved))
    assert accepted.exit_code == 0, accepted.output
