"""The recap reader's entry point, kept where callers have always imported it from.

The reader itself is the package :mod:`mailer.parsing.recaps` (one module per job);
:func:`addresses_in` is the address finder other handlers use on free text.
"""

from __future__ import annotations

from mailer.parsing.recaps import parse_recap
from mailer.parsing.recaps.people import pairs_in
from mailer.parsing.types import Person

__all__ = ["addresses_in", "parse_recap"]


def addresses_in(text: str) -> list[Person]:
    """Every address in free text, with the name written next to it."""
    return [Person(email, name) for name, email, _start, _end in pairs_in(text)]
