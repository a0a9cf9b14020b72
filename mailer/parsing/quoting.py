"""The new text of a reply: quoted text, reply headers and signatures removed.

Two libraries, each covering what the other misses: mail-parser-reply splits replies at the
header blocks Outlook and Gmail write (in several languages) and drops signatures ("-- ",
"Sent from my iPhone", "Enviado desde mi iPhone"); quotequail then cuts any remaining
"On ... wrote:" / "El ... escribió:" line and the quote under it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import quotequail
from mailparser_reply.parser import EmailMessage


def strip_quotes_and_signature(
    text: str, *, languages: Sequence[str] = ("en", "es", "de", "fr")
) -> str:
    """What the writer wrote in this message, without what they replied to.

    Remembered for the last few texts: the handlers a message is offered to, and the readers
    they call, each ask for the same message's new text, and working it out costs about a
    millisecond. Only short texts are kept, so the memory this takes stays small."""
    if len(text) > REMEMBERED_LENGTH:
        return _strip(text, tuple(languages))
    return _remembered(text, tuple(languages))


REMEMBERED_LENGTH = 64 * 1024


@lru_cache(maxsize=32)
def _remembered(text: str, languages: tuple[str, ...]) -> str:
    return _strip(text, languages)


def _strip(text: str, languages: tuple[str, ...]) -> str:
    try:
        # keep_hyphen_lists: "Gave:\n- my notes" is a list, not a "- " signature
        replies = EmailMessage(text=text, languages=list(languages), keep_hyphen_lists=True)
        replies = replies.read().replies
        body = replies[0].body if replies else text
    except Exception:  # the parser's regexes choke on some inputs: keep the whole text
        body = text
    try:
        unwrapped = quotequail.unwrap(body)
    except Exception:
        unwrapped = None
    if unwrapped and unwrapped.get("text_top") is not None:
        body = unwrapped["text_top"]
    lines = [line for line in body.splitlines() if not line.lstrip().startswith(">")]
    return "\n".join(lines).strip()
