"""Render the emails we send from Jinja2 templates: a subject, a text part and an HTML part.

Each kind of email is three files in ``templates/``: ``NAME.subject.txt``, ``NAME.txt`` and
``NAME.html`` (which extends ``_base.html``). A folder named in ``[outbound] templates`` is
searched first, so a user can reword any of them. Undefined variables are errors
(StrictUndefined), HTML is autoescaped, and the HTML's CSS is inlined (css-inline), since Gmail
and Outlook drop <style> blocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import css_inline
import jinja2

import mailer

DEFAULT_TEMPLATES = Path(mailer.__file__).resolve().parent.parent / "templates"
PACKAGED_TEMPLATES = Path(mailer.__file__).resolve().parent / "templates"


class TemplateError(Exception):
    """A template is missing or uses a value it was not given; the message names both."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


class Templates:
    def __init__(self, overrides: Path | None = None) -> None:
        folders = [p for p in (overrides, DEFAULT_TEMPLATES, PACKAGED_TEMPLATES) if p]
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(f) for f in folders]),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
            keep_trailing_newline=True,
            auto_reload=False,  # templates are read once: a stat per render adds up in a batch
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def render(self, name: str, context: Mapping[str, Any]) -> Rendered:
        try:
            subject = self._render(f"{name}.subject.txt", context)
            text = self._render(f"{name}.txt", context)
            html = self._render(f"{name}.html", context)
        except jinja2.UndefinedError as exc:
            raise TemplateError(f"template {name!r} needs a value it was not given: {exc}") from exc
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"no template {exc.name!r}; see the templates/ folder") from exc
        return Rendered(" ".join(subject.split()), text, css_inline.inline(html))

    def _render(self, filename: str, context: Mapping[str, Any]) -> str:
        return self.environment.get_template(filename).render(**context)
