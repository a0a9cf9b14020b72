"""The user's own words: what a recap says once HTML, quotes and signatures are gone.

A recap arrives as the user wrote it: sometimes HTML, often a reply to our prompt with the
prompt quoted below, with a signature, or forwarding the contact's thank-you. Only the words
above the quote count (the eval set's annotation rules), except the forwarded message's
``From:``, which gives the address of someone the user names. The text is then cut into
lines (with their bullets and labels, "Gave:", "TODO:") and the lines into sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from mailer.parsing.html_text import html_to_text
from mailer.parsing.quoting import strip_quotes_and_signature
from mailer.parsing.recaps.words import alternation, fold, words
from mailer.parsing.types import Person

ADDRESS = r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"
HTML_TAG = re.compile(
    r"</?(?:div|p|br|span|a|b|i|u|strong|em|ul|ol|li|html|body|table|tr|td|font|h\d)"
    r"(?![\w.+'-]*@)\b[^>]*>",  # not <b.hofer@example.at>, an address
    re.IGNORECASE,
)
MAILTO = re.compile(
    r"<a\s[^>]*href=[\"']mailto:(?P<email>[^\"'?]+)[^\"']*[\"'][^>]*>(?P<name>.*?)</a>",
    re.IGNORECASE | re.DOTALL,
)
FROM_LINE = re.compile(
    rf"^\s*(?:from|de)\s*:\s*(?P<name>[^<\n]*?)\s*<(?P<email>{ADDRESS})>", re.I | re.M
)
BULLET = re.compile(
    r"^\s*(?:[-*•·–]|\d{1,2}[.)]|[\U0001F300-\U0001FAFF\u2600-\u2614\u2616-\u27BF\u2B00-\u2BFF\u2190-\u21FF]"
    r"[\uFE0F\u200D\U0001F300-\U0001FAFF\u2600-\u27BF]*)\s+"
)
"""A list item's mark: a dash, a number, or an emoji ("💡 she gave me ...", "✅ le di ..."),
but not ☕, which says what the meeting was ("☕ with Mei Lin")."""
CHECKBOX = re.compile(r"^\s*(?:[-*•]\s*)?\[(?P<mark>[ xX✓])\]\s*")
MARKDOWN = re.compile(r"^\s*#{1,6}\s+|\*\*|__|(?<!\w)\*(?=\w)|(?<=\w)\*(?!\w)")


@dataclass(frozen=True)
class Written:
    """A recap reduced to what the user wrote."""

    subject: str
    """The subject without "Re:"/"Fwd:"; for a reply to our prompt, what it asked about
    ("How was Coffee with Priya?" -> "Coffee with Priya")."""
    body: str
    forwarded: tuple[Person, ...] = ()
    """Who sent the messages the user forwarded (their ``From:`` lines)."""
    prompt_reply: bool = False


@dataclass(frozen=True)
class Line:
    """One line of the body: its words, and the label it is under ("gave", "todo"...)."""

    text: str
    label: str | None = None
    bullet: bool = False
    labelled: bool = False
    """The label is on this line ("Gave: my notes"), not on a line above it."""
    done: bool = False
    """A ticked checkbox: "[x] book the table"."""


def _pattern(path: str) -> re.Pattern[str]:
    return re.compile(alternation(words(path)))


def _subject(subject: str) -> tuple[str, bool]:
    prefixes = alternation(words("text.subject_prefixes"))
    cleaned = re.sub(rf"^(?:\s*{prefixes}\s*:\s*)+", "", fold(subject))
    start = len(subject) - len(cleaned)
    subject = subject[start:].strip()
    for entry in words("text.prompt_subject"):
        match = re.match(entry.removeprefix("re:"), fold(subject))
        if match:
            return subject[match.start("what") : match.end("what")].strip(), True
    return subject, False


def _forwarded(text: str) -> tuple[Person, ...]:
    marker = re.search(alternation(words("text.forwarded")), fold(text))
    if not marker:
        return ()
    found = FROM_LINE.finditer(text, marker.end())
    return tuple(Person(m["email"].lower(), m["name"].strip(" \"'") or None) for m in found)


def _plain(text: str) -> str:
    if not HTML_TAG.search(text):
        return text
    text = MAILTO.sub(lambda m: f"{m['name']} &lt;{m['email']}&gt;", text)
    return html_to_text(text)


def _cut_signatures(body: str) -> str:
    """Up to the first signature or quote header the libraries left ("Enviat des del meu
    mòbil", a Catalan "va escriure:")."""
    signature = re.compile(rf"^\s*{alternation(words('text.signatures'))}")
    headers = [re.compile(e.removeprefix("re:")) for e in words("text.quote_headers")]
    kept: list[str] = []
    for line in body.splitlines():
        folded = fold(line).strip()
        if (signature.match(folded) and len(folded) < 60) or any(h.match(folded) for h in headers):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def user_words(text: str, subject: str = "") -> Written:
    """The subject and body as the user wrote them; never raises."""
    text = _plain(text or "")
    forwarded = _forwarded(text)
    body = _cut_signatures(strip_quotes_and_signature(text))
    cleaned, prompt = _subject(_plain(subject or ""))
    return Written(subject=cleaned, body=body, forwarded=forwarded, prompt_reply=prompt)


def _label(line: str) -> tuple[str | None, str]:
    """The label a line starts with, and the rest of the line."""
    folded = fold(line)
    for label in ("gave", "got", "theirs", "todo", "follow_up", "ignored", "got_headers"):
        entries = alternation(words(f"labels.{label}"))
        extra = r"[^:\n]{0,40}?" if label in ("todo", "got_headers") else ""
        match = re.match(
            rf"^(?:{entries}){extra}\s*(?::|\s[-–—](?=\s)|\s*(?:→|->|=>))\s*", folded
        ) or re.match(rf"^(?:{entries})\s*$", folded)  # a heading: "Next steps"
        if match:
            return ("got" if label == "got_headers" else label), line[match.end() :]
    return None, line


@cache
def _inline_label() -> re.Pattern[str]:
    """ "Café con Anna. Di: mi tiempo. Recibí: ...": a label after a full stop starts a line."""
    labels = [*words("labels.gave"), *words("labels.got"), *words("labels.todo")]
    return re.compile(rf"(?<=[.!?])[ \t]+(?=(?:{alternation(labels)})\s*:)")


def lines_of(body: str) -> list[Line]:
    """The body's lines, each with its label: on the line, or of the line above a list."""
    lines: list[Line] = []
    current: str | None = None
    folded = fold(body)
    cuts = [m.start() for m in _inline_label().finditer(folded)]
    for at in reversed(cuts):
        body = body[:at] + "\n" + body[at:].lstrip(" \t")
    for raw in body.splitlines():
        text = MARKDOWN.sub("", raw).strip()
        if not text:
            current = None
            continue
        box = CHECKBOX.match(text)
        if box:
            lines.append(Line(text[box.end() :].strip(), "todo", True, True, box["mark"] != " "))
            continue
        bullet = bool(BULLET.match(text))
        text = BULLET.sub("", text, count=1).strip()
        label, rest = _label(text)
        if label is not None:
            current = label if not rest.strip() else current if bullet else None
            if rest.strip():
                lines.append(Line(rest.strip(), label, bullet, True))
            continue
        if current is not None and (bullet or current in ("gave", "got", "todo")):
            lines.append(Line(text, current, bullet))
            continue
        current = None
        lines.append(Line(text, None, bullet))
    return lines


def _abbreviations() -> str:
    return alternation(words("text.abbreviations"))


@cache
def _sentence_start() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(words('text.sentence_starts'))})(?![\w'’])")


def _starts_a_sentence(after: str) -> bool:
    """Whether what follows a full stop starts a sentence ("He'll send me ..."), so that the
    letter before it ("the Series A.") is no initial."""
    return bool(_sentence_start().match(after))


SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=\S)")


def sentences(line: str) -> list[str]:
    """A line cut at its full stops (not after "St." or "No.", nor inside an address)."""
    folded = fold(line)
    abbreviation = re.compile(rf"(?:^|\W)(?:{_abbreviations()})\.$")
    parts: list[str] = []
    start = 0
    for match in SENTENCE_END.finditer(line):
        before = folded[start : match.start()]
        initial = re.search(r"\b[a-z]\.$", before) and not _starts_a_sentence(folded[match.end() :])
        if abbreviation.search(before) or initial:
            continue
        if re.search(r"\([!?]+$", line[start : match.start()]):  # "his drone (!) and offered"
            continue
        parts.append(line[start : match.start()].strip())
        start = match.end()
    parts.append(line[start:].strip())
    return [p for p in parts if p]
