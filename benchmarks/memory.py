"""Memory: the resident size of `mailer serve` (with its processing worker) after 50,000 messages
is no more than 50 MB above its size after the first 1,000 (nothing grows per message).

The messages are the ingest benchmark's forwarded invitations, sent by 8 clients and each
processed before the size is read. At the pipeline's pace this takes a while (about 20 minutes
on two cores), so it is not part of the default `make bench`: run it with `make soak` or
``python -m benchmarks memory`` (``--quick``: 200 then 2,000 messages).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from benchmarks.ingest import MailerServe, deliver, invitations

LIMIT_MB = 50
CLIENTS = 8
BATCH = 1000


def run(quick: bool = False) -> list[dict[str, Any]]:
    first, total = (200, 2000) if quick else (1000, 50_000)
    with tempfile.TemporaryDirectory() as folder:
        server = MailerServe(Path(folder), CLIENTS)
        try:
            deliver(server.port, invitations(first), CLIENTS)
            server.wait_until_done(first)
            after_first = {tree: server.rss_bytes(tree=tree) for tree in (False, True)}
            for start in range(first, total, BATCH):
                deliver(server.port, invitations(min(BATCH, total - start), start), CLIENTS)
            server.wait_until_done(total)
            after_all = {tree: server.rss_bytes(tree=tree) for tree in (False, True)}
        finally:
            server.stop()
    megabyte = 1024 * 1024
    return [
        {
            "benchmark": "memory",
            "measure": f"resident MB growth, {first:,} to {total:,} messages, {what}",
            "unit": "MB",
            "value": (after_all[tree] - after_first[tree]) / megabyte,
            "baseline": after_first[tree] / megabyte,
            "ratio": None,
            "target": None,
            "limit": LIMIT_MB,
        }
        for tree, what in (
            (False, "the SMTP server process"),
            (True, "with its worker and fork server (the worker is replaced every 1,000)"),
        )
    ]
