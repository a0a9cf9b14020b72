"""What a promise to send is about: "send her my deck" -> "my deck".

The thank-you note says "As promised, I will send you my deck": it needs the thing promised,
not the user's note-to-self around it. English, Spanish and Catalan verbs of sending, with the
pronoun or name of the recipient and a trailing "to Anna" taken off. Pure text, no guessing
beyond that: a promise that is not about sending something gives None.
"""

from __future__ import annotations

import re

SEND = re.compile(
    r"(?ix)^\s*(?:[-*•]\s*)?(?:i\s*(?:'ll|will)\s+|promised\s+to\s+|to\s+)?"
    r"(?:send|e-?mail|share|forward|pass\s+on|"
    r"enviar(?:le|les)?|envi(?:o|aré|are)|mandar(?:le|les)?|mand(?:o|aré)|compartir|"
    r"le\s+(?:envío|envio|mando|enviaré|mandaré)|les\s+(?:envío|mando|enviaré)|"
    r"enviar-(?:li|los)|passar-(?:li|los)|li\s+(?:enviaré|passaré|envio|passo)|compartir-(?:hi)?)"
    r"\s+(?P<rest>.+)$"
)
RECIPIENT = re.compile(
    r"(?x)^(?:her|him|them|you|over|along|"  # English pronouns (and "send over the deck")
    r"[A-ZÀ-Þ][\w'’-]+(?=\s+(?:my|the|a|an|our|some|his|her|their|those|these)\b))\s+"
)
TO_SOMEONE = re.compile(r"(?i)\s+(?:to|a|al)\s+(?:her|him|them|[A-ZÀ-Þ][\w'’-]+)(?:\s.*)?$")
TRAILING = re.compile(r"[\s.;,!]+$")


def sent_object(promise: str) -> str | None:
    """The thing ``promise`` says the user will send, or None when it is no such promise."""
    match = SEND.match(promise or "")
    if match is None:
        return None
    rest = RECIPIENT.sub("", match["rest"].strip(), count=1)
    rest = TO_SOMEONE.sub("", rest)
    rest = TRAILING.sub("", rest)
    return rest or None
