"""An address that starts like an HTML tag ("<b.hofer@example.at>") is an address: the reader
took it for a <b> tag, stripped it as HTML, and a forwarded message lost its sender (issue 13)."""

from __future__ import annotations

from tests.parsing.recaps import read

FORWARDED = """Lunch with Brigitte Hofer today at Chez Janou.

---------- Forwarded message ---------
From: Brigitte Hofer <b.hofer@example.at>
Date: Thu, 14 Oct 2027 at 10:02
Subject: Lunch tomorrow

Looking forward to lunch tomorrow.
"""


def test_the_forwarded_sender_keeps_her_address():
    recap = read(FORWARDED, known={})
    assert [(p.email, p.name) for p in recap.people] == [("b.hofer@example.at", "Brigitte Hofer")]


def test_the_address_in_angle_brackets_is_not_stripped():
    recap = read("Coffee with Ivan Petrov <i.petrov@example.org> this morning.", known={})
    assert [p.email for p in recap.people] == ["i.petrov@example.org"]
