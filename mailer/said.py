"""Words for the user written where they are decided and translated where they are sent.

A handler that cannot use a message (``NotUnderstood``), a calendar read with an assumption
(:mod:`mailer.parsing.calendar_repairs`) or an undo that keeps something decides what to tell
the user long before a template renders it, and knows nothing of languages: parsing must stay
free of catalogues, and the language is the reader's, chosen when the mail is rendered. So the
words are a :class:`Said`: the English text with ``%(name)s`` placeholders, which is also the
catalogue's msgid (``Said`` is an extraction keyword of ``babel.cfg``), and the values to put
in. It *is* the English sentence (a ``str``), so logs, the ``error`` column and summaries keep
reading as before; :meth:`Said.as_json` keeps the text and values apart for the outbox, where
the ``said`` filter of :mod:`mailer.outbound.templating` translates them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

SAID_KEY = "said"
MOMENT_KEY = "moment"
"""A value that is a time: written in the reader's language ("jueves 10 de diciembre a las
11:00"), in the zone of the aware datetime given (the user's)."""


class Said(str):
    """An English sentence for the user that remembers its msgid and values."""

    text: str
    values: dict[str, str | datetime]

    def __new__(cls, text: str, **values: object) -> Said:
        kept = {k: v if isinstance(v, datetime) else words_of(v) for k, v in values.items()}
        english = {
            k: f"{v:%A %d %B, %H:%M}" if isinstance(v, datetime) else v for k, v in kept.items()
        }
        said = super().__new__(cls, text % english if english else text)
        said.text, said.values = text, kept
        return said

    def as_json(self) -> dict[str, Any]:
        """The text and values as plain data, values that are words or times kept as such."""
        return {SAID_KEY: self.text, "values": {k: _json(v) for k, v in self.values.items()}}


def _json(value: str | datetime) -> Any:
    if isinstance(value, datetime):
        return {MOMENT_KEY: value.isoformat()}
    return value.as_json() if isinstance(value, Said) else value


def words_of(value: object) -> str:
    """``value`` as text, keeping the words of an exception raised with a :class:`Said`."""
    if isinstance(value, BaseException) and value.args and isinstance(value.args[0], Said):
        return value.args[0]
    return value if isinstance(value, Said) else str(value)


def as_json(words: str) -> str | dict[str, Any]:
    """``words`` for a JSON column: a :class:`Said` as its parts, any other text as it is."""
    return words.as_json() if isinstance(words, Said) else str(words)
