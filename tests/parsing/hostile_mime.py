"""Build hostile messages, and run checks that must finish in bounded time.

``finishes_within`` runs a check in a forked child whose CPU time is limited (``RLIMIT_CPU``: the
kernel stops it), so a parser that loops forever fails the test instead of hanging the suite, and
a machine loaded by other work does not fail it: the bound is on the work done, not on how long
the machine took to do it. The child's assertion error comes back as the test's failure message.
"""

from __future__ import annotations

import math
import multiprocessing
import resource
import signal
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from tests.conftest import ALICE

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
MADRID = ZoneInfo("Europe/Madrid")
HEAD = (
    f"From: Alice <{ALICE}>\r\nTo: invites@assistant.localhost\r\nSubject: hostile\r\n"
    "Message-ID: <hostile@example.com>\r\nDate: Fri, 20 Nov 2026 10:00:00 +0000\r\n"
).encode()
PARSE_SECONDS = 5.0
"""CPU seconds a check may use; every case here takes well under a second."""
WAITING_FACTOR = 20
"""A check that uses no CPU but never ends (it waits on something) is stopped after this many
times its CPU bound in real time."""


def _child(check: Callable[[], None], pipe: object, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    try:
        check()
    except BaseException:
        pipe.send(traceback.format_exc())  # type: ignore[attr-defined]
        raise SystemExit(1) from None
    pipe.send("")  # type: ignore[attr-defined]


def finishes_within(seconds: float, check: Callable[[], None]) -> None:
    """Run ``check`` in a forked child; fail when it raises, uses more than ``seconds`` of CPU, or
    is still running after ``WAITING_FACTOR`` times that."""
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    cpu_seconds = max(1, math.ceil(seconds))
    child = context.Process(target=_child, args=(check, sending, cpu_seconds))
    child.start()
    child.join(seconds * WAITING_FACTOR)
    if child.is_alive():
        child.kill()
        child.join()
        raise AssertionError(f"still running after {seconds * WAITING_FACTOR} s, using no CPU")
    if child.exitcode == -signal.SIGXCPU:
        raise AssertionError(f"used more than {cpu_seconds} s of CPU")
    problem = receiving.recv() if receiving.poll() else f"the check died ({child.exitcode})"
    assert not problem, problem


def multipart(parts: list[bytes], boundary: str = "b", subtype: str = "mixed") -> bytes:
    """A multipart body (headers included) holding ``parts`` (each with its own headers)."""
    head = f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\n'.encode()
    delimiter = f"--{boundary}\r\n".encode()
    return head + b"".join(delimiter + p + b"\r\n" for p in parts) + f"--{boundary}--\r\n".encode()


def text_part(text: str = "Coffee with Anna Ruiz <anna@example.com> yesterday.") -> bytes:
    return b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + text.encode()


def message(body: bytes) -> bytes:
    """A message from Alice whose body (with its own Content-Type headers) is ``body``."""
    return HEAD + body


def with_attachment(data: bytes, *, filename: str, maintype: str, subtype: str) -> bytes:
    """A forwarded message from Alice with ``data`` attached."""
    forward = EmailMessage()
    forward["From"] = f"Alice <{ALICE}>"
    forward["To"] = "invites@assistant.localhost"
    forward["Subject"] = f"Fwd: {filename}"
    forward["Message-ID"] = f"<{filename}@example.com>"
    forward.set_content("See the attachment.")
    forward.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return forward.as_bytes(policy=policy.SMTP)


def vevent(uid: str, *lines: str, start: str = "20261201T100000Z") -> str:
    return "\r\n".join(
        ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261120T100000Z", f"DTSTART:{start}",
         "SUMMARY:Coffee", *lines, "END:VEVENT"]
    )  # fmt: skip


def vcalendar(*events: str, method: str = "REQUEST") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//hostile//EN", f"METHOD:{method}"]
    return ("\r\n".join([*lines, *events, "END:VCALENDAR"]) + "\r\n").encode()
