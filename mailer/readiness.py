"""Telling the service manager we are ready (systemd's ``Type=notify``), without libsystemd.

systemd passes ``$NOTIFY_SOCKET``, a unix datagram socket (a leading ``@`` names one in the
abstract namespace); one datagram ``READY=1`` says start-up is over, so ``systemctl start``
returns once the SMTP port accepts mail and units ordered after us start only then.
``STOPPING=1`` says we are shutting down. Without the variable nothing is sent.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)

NOTIFY_SOCKET = "NOTIFY_SOCKET"


def notify(state: str, environ: Mapping[str, str] = os.environ) -> bool:
    """Send ``state`` (``"READY=1"``, ``"STOPPING=1"``, ``"STATUS=..."`` lines) to the service
    manager; whether there was one to send it to. A manager that cannot be reached is logged,
    never fatal: the mail is what matters."""
    address = environ.get(NOTIFY_SOCKET, "")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sender:
            sender.connect(address)
            sender.sendall(state.encode("utf-8"))
    except OSError as exc:
        log.warning("could not notify the service manager at %s: %s", address, exc)
        return False
    return True
