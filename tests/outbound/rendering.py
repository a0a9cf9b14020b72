"""Render a sample message the way the dispatcher does: in a language, as wire bytes."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from io import BytesIO

from mailer.outbound.compose import InlineImage, compose
from mailer.outbound.messages import DRAFT_WORDS
from mailer.outbound.templating import Rendered, Templates
from tests.outbound.samples import context_of
from tests.photos.images import scene

TEMPLATES = Templates()
SENT = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def render_sample(name: str, language: str) -> Rendered:
    template, context = context_of(name)
    if template in DRAFT_WORDS:  # a draft quotes the message in the recipient's language
        for part in ("txt", "html"):
            context[f"note_{part}"] = TEMPLATES.render_file(
                f"{DRAFT_WORDS[template]}.{part}", context, context["note_language"]
            )
    return TEMPLATES.render(template, context, language)


@cache
def sample_photo() -> bytes:
    """A resized copy, as the confirmation of a photo carries it (1600 × 1200)."""
    buffer = BytesIO()
    scene(1600, 1200).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def sample_message(name: str, language: str) -> bytes:
    _, context = context_of(name)
    images = [
        InlineImage(image["cid"], sample_photo(), image["filename"], attach=image["attach"])
        for image in context.get("images", [])
    ]
    return compose(
        render_sample(name, language),
        from_name="Alice Martín",
        from_address="assistant@mailer.example.org",
        to=[("Anna Ruiz", "anna@example.com")],
        message_id=f"<{name}.{language}@mailer.example.org>",
        date=SENT,
        reply_to=[("Alice Martín", "alice@example.com")],
        list_unsubscribe_mailto="unsubscribe+1.x@mailer.example.org",
        images=images,
    )
