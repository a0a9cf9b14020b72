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

from typing import Any

SAID_KEY = "said"


class Said(str):
    """An English sentence for the user that remembers its msgid and values."""

    text: str
    values: dict[str, str | Said]

    def __new__(cls, text: str, **values: object) -> Said:
        kept = {k: words_of(v) for k, v in values.items()}
        said = super().__new__(cls, text % kept if kept else text)
        said.text, said.values = text, kept
        return said

    def as_json(self) -> dict[str, Any]:
        """The text and values as plain data, values that are words themselves kept as such."""
        values = {k: v.as_json() if isinstance(v, Said) else v for k, v in self.values.items()}
        return {SAID_KEY: self.text, "values": values}


def words_of(value: object) -> str:
    """``value`` as text, keeping the words of an exception raised with a :class:`Said`."""
    if isinstance(value, BaseException) and value.args and isinstance(value.args[0], Said):
        return value.args[0]
    return value if isinstance(value, Said) else str(value)


def as_json(words: str) -> str | dict[str, Any]:
    """``words`` for a JSON column: a :class:`Said` as its parts, any other text as it is."""
    return words.as_json() if isinstance(words, Said) else str(words)
