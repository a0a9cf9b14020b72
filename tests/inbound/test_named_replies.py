"""Every SMTP reply is named once, with a matching enhanced status code (RFC 3463)."""

from __future__ import annotations

import re

from mailer.inbound import replies

REPLY = re.compile(r"^(?P<code>[245]\d\d) (?P<enhanced>[245])\.\d{1,3}\.\d{1,3} \S.*$")


def test_each_reply_has_an_enhanced_code_of_the_same_class():
    assert len(replies.ALL) >= 10
    for name, text in replies.ALL.items():
        match = REPLY.match(text)
        assert match, f"{name}: {text!r} lacks an enhanced status code"
        assert match["code"][0] == match["enhanced"], f"{name}: classes differ"


def test_aiosmtpds_own_replies_are_mapped_onto_named_ones():
    assert set(replies.BUILTIN.values()) <= set(replies.ALL.values())
