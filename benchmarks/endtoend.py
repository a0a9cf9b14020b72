"""End-to-end ingest: from the first connect to the last meeting in the log, side by side with a
bare aiosmtpd server (250 for everything, no disk) and, when Node is there, maildev 3 (which
parses and stores every message), all in the same run.

The load is 2,000 distinct forwarded invitations (about 6.5 KB each) over 8 connections. Each
has its own UID *inside* its base64 calendar part: rewriting bytes of the outer message would
leave every calendar the same, and the log would see one meeting updated 2,000 times.

Reported: messages per second for each server (mailer: until the last one is logged; maildev:
until its API lists the last one; bare: until the last 250), the ratios, the CPU milliseconds
``mailer serve`` spent per message (every process of it, from /proc), and p50/p99 of the time
from a 250 until that message is logged, with the load at half the end-to-end rate just
measured. Targets (issue 20): logged end to end >= 40 % of bare aiosmtpd and >= 5x maildev;
<= 4 ms of CPU per message; p99 from 250 to logged <= 1 s at half load.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosmtplib

from benchmarks.ingest import (
    RECIPIENT,
    SENDER,
    BareServe,
    MailerServe,
    ServerProcess,
    _process_tree,
    deliver,
    free_port,
    percentile,
)
from benchmarks.ingest import (
    _row as ingest_row,
)

COUNT, CLIENTS = 2000, 8
RATIO_TO_BARE, RATIO_TO_MAILDEV = 0.40, 5.0
CPU_MS_LIMIT, P99_LIMIT_MS = 4.0, 1000.0
MAILDEV_DIR = Path(tempfile.gettempdir()) / "mailer-bench-maildev"
"""Where ``npm install maildev@3`` puts maildev (never committed, reused between runs)."""

_CALENDAR = """BEGIN:VCALENDAR\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
VERSION:2.0\r
CALSCALE:GREGORIAN\r
METHOD:REQUEST\r
BEGIN:VEVENT\r
DTSTART:202612{day:02d}T{hour:02d}0000Z\r
DTEND:202612{day:02d}T{hour:02d}3000Z\r
DTSTAMP:20261120T090000Z\r
ORGANIZER;CN=Contact {n}:mailto:contact{c}@example.org\r
UID:bench-{n}-7k2q9x1v0r3m@google.com\r
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Contact {c}:\r
 mailto:contact{c}@example.org\r
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN=Alice\r
  Martín:mailto:alice@example.com\r
CREATED:20261119T090000Z\r
DESCRIPTION:Coffee to catch up on the project. Join with Google Meet: https://m\r
 eet.google.com/abc-defg-hij\\nOr dial: +34 911 23 45 67 PIN: 123 456 789#\r
LAST-MODIFIED:20261120T090000Z\r
LOCATION:Café Central\\, Plaza Mayor 1\\, Madrid\r
SEQUENCE:0\r
STATUS:CONFIRMED\r
SUMMARY:Coffee with Contact {c} #{n}\r
TRANSP:OPAQUE\r
BEGIN:VALARM\r
ACTION:DISPLAY\r
DESCRIPTION:This is an event reminder\r
TRIGGER:-P0DT0H10M0S\r
END:VALARM\r
END:VEVENT\r
END:VCALENDAR\r
"""

_TEXT = (
    "---------- Forwarded message ---------\r\n"
    "From: Contact {c} <contact{c}@example.org>\r\n"
    "Subject: Invitation: Coffee with Contact {c} #{n}\r\n\r\n"
    "You have been invited to the following event.\r\n\r\n"
    "Coffee with Contact {c}\r\nWhen: December {day}, 2026 {hour}:00 UTC\r\n"
    "Where: Café Central, Plaza Mayor 1, Madrid\r\n"
    "Joining info: https://meet.google.com/abc-defg-hij\r\n\r\n"
    + "Invitation from Google Calendar. You are receiving this email because you are an "
    "attendee of the event. To stop receiving future updates, decline this event.\r\n" * 10
)

_HTML = (
    "<html><body><div>---------- Forwarded message ---------</div>"
    "<p>You have been invited to <b>Coffee with Contact {c} #{n}</b></p>"
    "<table><tr><td>When</td><td>December {day}, 2026 {hour}:00 UTC</td></tr>"
    "<tr><td>Where</td><td>Caf&eacute; Central, Plaza Mayor 1, Madrid</td></tr></table>"
    + "<p style='color:#777;font-size:11px'>Invitation from Google Calendar. You are receiving"
    " this email because you are an attendee of the event.</p>\r\n" * 12 + "</body></html>"
)


def _b64(text: str) -> str:
    encoded = base64.b64encode(text.encode()).decode()
    return "\r\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))


def invite(n: int) -> bytes:
    """Invitation number ``n``, forwarded by Alice: its own UID in its base64 calendar."""
    values = {"n": n, "c": n % 97, "day": 1 + n % 28, "hour": 8 + n % 10}
    boundary = f"000000000000bench{n:08d}"
    parts = [
        ("text/plain; charset=UTF-8", "quoted-printable", _TEXT.format(**values)),
        ("text/html; charset=UTF-8", "quoted-printable", _HTML.format(**values)),
        (
            "text/calendar; charset=UTF-8; method=REQUEST",
            "base64",
            _b64(_CALENDAR.format(**values)),
        ),
    ]
    body = "".join(
        f"--{boundary}\r\nContent-Type: {kind}\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n"
        f"{content.replace('é', '=C3=A9') if encoding == 'quoted-printable' else content}\r\n"
        for kind, encoding, content in parts
    )
    head = (
        f"Message-ID: <e2e-{n}@example.com>\r\nDate: Fri, 20 Nov 2026 09:00:00 +0000\r\n"
        f"From: Alice =?UTF-8?Q?Mart=C3=ADn?= <{SENDER}>\r\nTo: <{RECIPIENT}>\r\n"
        f"Subject: Fwd: Invitation: Coffee with Contact {values['c']} #{n}\r\n"
        f'MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="{boundary}"\r\n'
        "X-Mailer: bench\r\n"
        "Received: from mail-wr1-f41.google.com (mail-wr1-f41.google.com [209.85.221.41])\r\n"
        "\tby mx.example.com with ESMTPS id x7si123456wrt.2026.11.20.09.00.00\r\n\r\n"
    )
    return (head + body + f"--{boundary}--\r\n").encode()


def invites(count: int, start: int = 0) -> list[bytes]:
    return [invite(n) for n in range(start, start + count)]


def cpu_seconds(root: int) -> float:
    """User + system CPU of ``root`` and every process under it, with their ended children."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in _process_tree(root):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return total / ticks


def logged(database: Path, after: int = 0) -> list[tuple[int, str]]:
    """(id, Message-ID) of inbound messages processed (logged or failed) past row ``after``."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as db:
        return db.execute(
            "SELECT id, message_id FROM inbound_messages WHERE status != 'received' AND id > ?",
            (after,),
        ).fetchall()


def meetings(database: Path) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as db:
        return int(db.execute("SELECT count(*) FROM meetings").fetchone()[0])


def wait_for_meetings(database: Path, count: int, timeout: float = 1800) -> None:
    deadline = time.monotonic() + timeout
    while meetings(database) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {meetings(database)} of {count} meetings in {timeout} s")
        time.sleep(0.01)


class Maildev(ServerProcess):
    """maildev 3 on Node, installed into :data:`MAILDEV_DIR` on first use."""

    def __init__(self, folder: Path) -> None:
        port, self.web = free_port(), free_port()
        binary = MAILDEV_DIR / "node_modules" / ".bin" / "maildev"
        command = [str(binary), "-s", str(port), "-w", str(self.web), "--ip", "127.0.0.1"]
        command += ["--web-ip", "127.0.0.1", "--max-emails", "0", "--silent"]
        super().__init__([*command, "--mail-directory", str(folder / "maildev")], port)

    @staticmethod
    def available() -> bool:
        if shutil.which("node") is None or shutil.which("npm") is None:
            return False
        binary = MAILDEV_DIR / "node_modules" / ".bin" / "maildev"
        if not binary.exists():
            MAILDEV_DIR.mkdir(parents=True, exist_ok=True)
            result = subprocess.run(
                ["npm", "install", "--no-audit", "--no-fund", "--silent", "maildev@3"],
                cwd=MAILDEV_DIR,
                capture_output=True,
                check=False,
            )
            if result.returncode != 0:
                return False
        return binary.exists()

    def stored(self) -> int:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.web}/api/email", timeout=60) as answer:
            return len(json.load(answer))


async def _send(smtp: aiosmtplib.SMTP, message: bytes) -> int:
    """Send ``message`` as a mail server would: a 451 (busy) is tried again shortly. The
    number of 451s it met."""
    deferred = 0
    while True:
        try:
            errors, _ = await smtp.sendmail(SENDER, [RECIPIENT], message)
        except aiosmtplib.SMTPResponseException as exc:
            if exc.code != 451:
                raise
            deferred += 1
            await asyncio.sleep(0.2)
            continue
        assert not errors, errors
        return deferred


async def _flood(port: int, messages: list[bytes]) -> int:
    """Send ``messages`` over :data:`CLIENTS` connections as fast as they are taken; the 451s."""

    async def client(share: list[bytes]) -> int:
        smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False, timeout=120)
        await smtp.connect()
        deferred = 0
        for message in share:
            deferred += await _send(smtp, message)
        await smtp.quit()
        return deferred

    shares = [messages[k::CLIENTS] for k in range(CLIENTS)]
    return sum(await asyncio.gather(*(client(share) for share in shares)))


@dataclass
class Run:
    rate: float
    cpu_ms: float = 0.0
    deferred: int = 0


def _mailer_run(server: MailerServe, messages: list[bytes], base: int) -> Run:
    cpu = cpu_seconds(server.process.pid)
    started = time.perf_counter()
    deferred = asyncio.run(_flood(server.port, messages))
    wait_for_meetings(server.database, base + len(messages))
    elapsed = time.perf_counter() - started
    used = cpu_seconds(server.process.pid) - cpu
    return Run(len(messages) / elapsed, used * 1000 / len(messages), deferred)


async def _paced(
    port: int, messages: list[bytes], start: int, rate: float, sent: dict[str, float]
) -> None:
    """Send ``messages`` at ``rate`` per second over :data:`CLIENTS` connections; note when
    each got its 250 (by Message-ID)."""
    interval = CLIENTS / rate
    begin = time.perf_counter()

    async def client(share: list[tuple[int, bytes]]) -> None:
        smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False, timeout=120)
        await smtp.connect()
        for turn, (n, message) in enumerate(share):
            await asyncio.sleep(max(0.0, begin + turn * interval - time.perf_counter()))
            await _send(smtp, message)
            sent[f"<e2e-{n}@example.com>"] = time.perf_counter()
        await smtp.quit()

    numbered = list(enumerate(messages, start))
    offsets = [numbered[k::CLIENTS] for k in range(CLIENTS)]
    await asyncio.gather(*(client(share) for share in offsets))


def latency(server: MailerServe, count: int, start: int, rate: float) -> list[float]:
    """Seconds from each 250 until its message is logged, with the load at ``rate``."""
    messages = invites(count, start)
    sent: dict[str, float] = {}
    seen: dict[str, float] = {}
    last = max((row for row, _ in logged(server.database)), default=0)

    async def watch(done: asyncio.Event) -> None:
        nonlocal last
        while not done.is_set() or len(seen) < count:
            for row, message_id in logged(server.database, last):
                seen.setdefault(message_id, time.perf_counter())
                last = max(last, row)
            await asyncio.sleep(0.005)

    async def both() -> None:
        done = asyncio.Event()
        watcher = asyncio.create_task(watch(done))
        await _paced(server.port, messages, start, rate, sent)
        done.set()
        await asyncio.wait_for(watcher, timeout=600)

    numbered = {f"<e2e-{n}@example.com>" for n in range(start, start + count)}
    asyncio.run(both())
    return [max(0.0, seen[key] - sent[key]) for key in numbered if key in seen and key in sent]


def run(quick: bool = False) -> list[dict[str, Any]]:
    count = 400 if quick else COUNT
    warm = invites(20, start=10 * COUNT)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        bare = BareServe()
        try:
            deliver(bare.port, warm, CLIENTS)
            started = time.perf_counter()
            deliver(bare.port, invites(count), CLIENTS)
            bare_rate = count / (time.perf_counter() - started)
        finally:
            bare.stop()
        maildev_rate = None
        if Maildev.available():
            maildev = Maildev(Path(folder))
            try:
                started = time.perf_counter()
                deliver(maildev.port, invites(count), CLIENTS)
                while maildev.stored() < count:
                    time.sleep(0.05)
                maildev_rate = count / (time.perf_counter() - started)
            finally:
                maildev.stop()
        full = MailerServe(Path(folder), CLIENTS)
        try:
            deliver(full.port, warm, CLIENTS)
            wait_for_meetings(full.database, len(warm))
            measured = _mailer_run(full, invites(count), len(warm))
            delays = latency(full, count // 2, count, measured.rate / 2)
        finally:
            full.stop()
    where = f"{count} distinct invites, {CLIENTS} connections"
    rows.append(_row(f"msg/s bare aiosmtpd (250 only), {where}", bare_rate, bare_rate))
    if maildev_rate is not None:
        rows.append(_row(f"msg/s maildev 3 (stored), {where}", maildev_rate, bare_rate))
    rows.append(
        _row(f"msg/s mailer logged end to end, {where}", measured.rate, bare_rate, RATIO_TO_BARE)
    )
    if maildev_rate is not None:
        rows.append(
            _row("mailer logged vs maildev 3", measured.rate, maildev_rate, RATIO_TO_MAILDEV)
        )
    rows.append(_limit("CPU per message, every mailer process", measured.cpu_ms, CPU_MS_LIMIT))
    rows.append(
        {**_limit("451s met (and retried) under the flood", measured.deferred, None), "unit": ""}
    )
    for share in (0.50, 0.99):
        limit = P99_LIMIT_MS if share == 0.99 else None
        value = percentile(delays, share) * 1000
        rows.append(_limit(f"p{share * 100:.0f} 250 -> logged at half load", value, limit))
    return rows


def _row(measure: str, value: float, baseline: float, target: float | None = None) -> dict:
    return {**ingest_row(measure, value, baseline, target), "benchmark": "endtoend"}


def _limit(measure: str, value: float, limit: float | None) -> dict:
    return {
        "benchmark": "endtoend",
        "measure": measure,
        "unit": "ms",
        "value": value,
        "baseline": 0.0,
        "ratio": None,
        "target": None,
        "limit": limit,
    }
