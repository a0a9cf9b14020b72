"""about@ answers with a person's story: one match, several (and a reply with a number), none
(with the closest names); only the user's own log, and never to a stranger."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.utils import make_msgid

from click.testing import CliRunner

from mailer.api import Mailer
from mailer.cli import cli
from tests.briefs.world import at, log_lunch, text_of
from tests.conftest import ALICE, BOB
from tests.outbound.sinks import maildir_messages

ABOUT = "about@assistant.localhost"
ASKED = at("2026-11-23T12:00")


def ask(subject: str, body: str = "", *, sender: str = ALICE, in_reply_to: str = "") -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = ABOUT
    mail["Subject"] = subject
    mail["Message-ID"] = make_msgid(domain="example.com")
    if in_reply_to:
        mail["In-Reply-To"] = mail["References"] = in_reply_to
    mail.set_content(body or "\n")
    return mail.as_bytes(policy=policy.SMTP)


def answers(mailer: Mailer, address: str = ALICE) -> list[EmailMessage]:
    order = [row["message_id"] for row in mailer.outbox() if row["template"] == "about"]
    sent = [m for m in maildir_messages(mailer.config.maildir) if str(m["Message-ID"]) in order]
    return sorted(
        (m for m in sent if address in str(m["To"])),
        key=lambda m: order.index(str(m["Message-ID"])),
    )


def asked(mailer: Mailer, message: bytes) -> EmailMessage:
    result = mailer.ingest(message, source="about", envelope_to=[ABOUT], now=ASKED)
    assert result.status == "processed", result.detail
    mailer.tick(ASKED)
    return answers(mailer)[-1]


def test_anna_ruiz_gets_her_story(mailer: Mailer):
    log_lunch(mailer)
    answer = asked(mailer, ask("Anna Ruiz"))
    assert answer["Subject"] == "About Anna Ruiz"
    text = text_of(answer)
    assert "Address: anna@example.com" in text
    assert "- Lunch, Tuesday 10 November 2026: you gave: my notes on community events" in text
    assert "you got: feedback on my pitch; a book on facilitation" in text
    assert "You promised Anna: send her the list of venues" in text
    assert "Next follow-up: Follow up with Anna Ruiz, due Tue 1 Dec" in text


def test_a_part_of_the_name_or_the_address_in_the_first_line(mailer: Mailer):
    log_lunch(mailer)
    assert asked(mailer, ask("", "What do I know about anna@example.com?"))["Subject"] == (
        "About Anna Ruiz"
    )
    assert asked(mailer, ask("ruiz"))["Subject"] == "About Anna Ruiz"


def test_several_matches_are_a_list_and_a_number_gives_the_story(mailer: Mailer):
    log_lunch(mailer)
    mailer.add_contact("anna.vidal@example.org", name="Anna Vidal")
    listed = asked(mailer, ask("Anna"))
    assert listed["Subject"] == '2 people match "Anna"'
    text = text_of(listed)
    assert "1. Anna" in text and "2. Anna" in text
    number = next(n for n in ("1", "2") if f"{n}. Anna Vidal" in text)
    story = asked(mailer, ask("Re: " + listed["Subject"], number, in_reply_to=listed["Message-ID"]))
    assert story["Subject"] == "About Anna Vidal"
    assert "You have not met Anna yet." in text_of(story)


def test_no_match_says_so_and_suggests_the_closest(mailer: Mailer):
    log_lunch(mailer)
    answer = asked(mailer, ask("Ana Ruis"))
    assert answer["Subject"] == 'Nobody called "Ana Ruis" in your log'
    assert "Did you mean: Anna Ruiz?" in text_of(answer)


def test_tenants_see_only_their_own_log(mailer: Mailer):
    log_lunch(mailer)
    result = mailer.ingest(
        ask("Anna Ruiz", sender=BOB), source="about", envelope_to=[ABOUT], now=ASKED
    )
    assert result.status == "processed"
    mailer.tick(ASKED)
    [answer] = answers(mailer, BOB)
    assert answer["Subject"] == 'Nobody called "Anna Ruiz" in your log'
    assert "anna@example.com" not in text_of(answer)


def test_a_stranger_is_refused_and_ingest_exits_non_zero(mailer: Mailer, config_path, tmp_path):
    log_lunch(mailer)
    raw = tmp_path / "stranger.eml"
    raw.write_bytes(ask("Anna Ruiz", sender="mallory@example.net"))
    result = CliRunner().invoke(
        cli, ["--config", str(config_path), "ingest", str(raw), "--to", ABOUT]
    )
    assert result.exit_code != 0, result.output
    mailer.tick(ASKED)
    assert not any("mallory" in str(m["To"]) for m in maildir_messages(mailer.config.maildir))
    assert answers(mailer) == []
