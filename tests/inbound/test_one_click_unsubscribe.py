"""RFC 8058 one-click unsubscribe over HTTP; a mere GET (a link scanner) unsubscribes nobody."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

from mailer.api import Mailer
from mailer.clock import PinnedClock
from mailer.config import load_config
from tests.conftest import RunningService
from tests.inbound.web_links import (
    anna_opted_out,
    approve_a_note,
    http_config,
    served_note,
    unsubscribe_link,
)
from tests.outbound.sinks import free_port


def test_one_click_post_unsubscribes_and_get_does_not(
    tmp_path: Path, database_url: str, clock: PinnedClock
):
    port = free_port()
    config = load_config(http_config(tmp_path, database_url, port))
    mailer = Mailer(config, clock=clock)
    note = approve_a_note(mailer)
    assert note["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    local = unsubscribe_link(note, port)

    running = RunningService(config, clock)
    try:
        with urllib.request.urlopen(local, timeout=10) as page:  # a scanner follows the link
            assert b"<button" in page.read()
        assert not anna_opted_out(mailer)

        forged = local[:-3] + "aaa"
        try:
            urllib.request.urlopen(forged, data=b"List-Unsubscribe=One-Click", timeout=10)
            raise AssertionError("a forged token was accepted")
        except urllib.error.HTTPError as error:
            assert error.code == 404

        with urllib.request.urlopen(local, data=b"List-Unsubscribe=One-Click", timeout=10) as r:
            assert r.status == 200
        assert anna_opted_out(mailer)
    finally:
        running.stop()
        mailer.engine.dispose()


def test_a_multipart_post_as_rfc_8058_prefers_unsubscribes_too(
    tmp_path: Path, database_url: str, clock: PinnedClock
):
    """RFC 8058: the POST body SHOULD be multipart/form-data (and MAY be urlencoded)."""
    body = (
        b"--b0undary\r\n"
        b'Content-Disposition: form-data; name="List-Unsubscribe"\r\n\r\n'
        b"One-Click\r\n"
        b"--b0undary--\r\n"
    )
    wrong = body.replace(b"One-Click", b"Two-Clicks")
    kind = {"Content-Type": "multipart/form-data; boundary=b0undary"}
    with served_note(tmp_path, database_url, clock) as served:
        try:
            urllib.request.urlopen(urllib.request.Request(served.link, wrong, kind), timeout=10)
            raise AssertionError("a form without One-Click unsubscribed")
        except urllib.error.HTTPError as error:
            assert error.code == 400
        assert not anna_opted_out(served.mailer)
        request = urllib.request.Request(served.link, body, kind)
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
        assert anna_opted_out(served.mailer)
