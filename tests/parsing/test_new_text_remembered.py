"""A reply's new text is worked out once per text: the handlers a message is offered to each ask
for it. Only short texts are remembered, so what the memory holds stays small."""

from __future__ import annotations

from mailer.parsing import quoting
from mailer.parsing.quoting import REMEMBERED_LENGTH, strip_quotes_and_signature

REPLY = "Lunch with Oriol was great.\n\nOn Tue, Assistant wrote:\n> How was it?\n"


def test_a_short_text_is_worked_out_once():
    quoting._remembered.cache_clear()
    first = strip_quotes_and_signature(REPLY)
    again = strip_quotes_and_signature(REPLY)
    assert first == again == "Lunch with Oriol was great."
    info = quoting._remembered.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_a_long_text_is_not_kept():
    quoting._remembered.cache_clear()
    long = "Lunch with Oriol was great.\n" + "x" * REMEMBERED_LENGTH
    assert strip_quotes_and_signature(long).startswith("Lunch with Oriol was great.")
    assert quoting._remembered.cache_info().currsize == 0
