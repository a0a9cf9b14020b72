"""Render the emails we send from Jinja2 templates: a subject, a text part and an HTML part.

Each kind of email is three files in ``templates/``: ``NAME.subject.txt``, ``NAME.txt`` and
``NAME.html`` (which extends ``_base.html``). A folder named in ``[outbound] templates`` is
searched first, so a user can reword any of them. Undefined variables are errors
(StrictUndefined), HTML is autoescaped, and the HTML's CSS is inlined (css-inline), since Gmail
and Outlook drop <style> blocks.

Words go through Jinja2's i18n extension (``{% trans %}``, ``_()``) and the Babel catalogues of
:mod:`mailer.outbound.languages`: one environment per language, each with its catalogue, its
date formats and its way of naming meetings (:mod:`mailer.outbound.wording`).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import css_inline
import jinja2
from markupsafe import Markup

import mailer
from mailer.outbound.languages import DEFAULT_LANGUAGE, LANGUAGES, UnknownLanguage, translations
from mailer.outbound.wording import Wording, contract

DEFAULT_TEMPLATES = Path(mailer.__file__).resolve().parent.parent / "templates"
PACKAGED_TEMPLATES = Path(mailer.__file__).resolve().parent / "templates"


class TemplateError(Exception):
    """A template is missing or uses a value it was not given; the message names both."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def paragraph(text: str, width: int = 72) -> str:
    """A paragraph of a plain-text part, wrapped the way mail clients expect (never inside a
    long word: an address or a link stays whole)."""
    return textwrap.fill(
        " ".join(str(text).split()), width, break_long_words=False, break_on_hyphens=False
    )


def upper_first(text: str) -> str:
    """ "breakfast with Oriol" -> "Breakfast with Oriol" (``capitalize`` would lower "Oriol")."""
    text = str(text)
    return text[:1].upper() + text[1:]


ADDRESS = re.compile(r"\s*[(<\[]?[\w.+'-]+@[\w-]+(?:\.[\w-]+)+[)>\]]?")
FORWARD_PREFIX = re.compile(r"(?i)^\s*(?:(?:re|fwd?|fw|rv|tr|aw|wg|enc)\s*:\s*)+")


def quoted_subject(subject: str) -> str:
    """A subject of the user's quoted in ours: without "Fwd:"/"Re:" and without addresses
    (a forwarded Google invitation ends with the user's own, which spam filters score when
    it is the recipient's: TO_IN_SUBJ)."""
    return " ".join(ADDRESS.sub("", FORWARD_PREFIX.sub("", str(subject or ""))).split())


class Phrases:
    """The macros of a template part (``_digest_words.txt``), called from Python: the terminal
    view of a message says its facts in the same words as the email, in the same language."""

    def __init__(self, module: Any, language: str) -> None:
        self._module, self._language = module, language

    def __getattr__(self, name: str) -> Any:
        macro = getattr(self._module, name)
        return lambda *args, **kwargs: contract(self._language, str(macro(*args, **kwargs)))


_COMPILED: dict[tuple[str, ...], dict[str, jinja2.Environment]] = {}
"""Environments by template folders, then language, shared by every :class:`Templates` of the
process: templates are read once (``auto_reload`` is off), so a dispatcher built for each
``mailer tick`` of a long run (or of a test) does not compile every template again."""


class Templates:
    def __init__(self, overrides: Path | None = None) -> None:
        self.folders = [p for p in (overrides, DEFAULT_TEMPLATES, PACKAGED_TEMPLATES) if p]
        self._environments = _COMPILED.setdefault(tuple(str(f) for f in self.folders), {})

    def environment(self, language: str = DEFAULT_LANGUAGE) -> jinja2.Environment:
        """The environment that writes ``language``, made once per language."""
        if language not in LANGUAGES:
            raise UnknownLanguage(language)
        if language not in self._environments:
            environment = jinja2.Environment(
                loader=jinja2.FileSystemLoader([str(f) for f in self.folders]),
                undefined=jinja2.StrictUndefined,
                autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
                keep_trailing_newline=True,
                auto_reload=False,  # read once: a stat per render adds up in a batch
                trim_blocks=True,
                lstrip_blocks=True,
                extensions=["jinja2.ext.i18n"],
            )
            environment.policies["ext.i18n.trimmed"] = True
            environment.install_gettext_translations(  # type: ignore[attr-defined]
                translations(language), newstyle=True
            )
            environment.filters["paragraph"] = paragraph
            environment.filters["upper_first"] = upper_first
            environment.filters["quoted_subject"] = quoted_subject
            Wording(language, translations(language)).install(environment)
            self._environments[language] = environment
        return self._environments[language]

    def render(
        self, name: str, context: Mapping[str, Any], language: str = DEFAULT_LANGUAGE
    ) -> Rendered:
        try:
            subject = self.render_file(f"{name}.subject.txt", context, language)
            text = self.render_file(f"{name}.txt", context, language)
            html = self.render_file(f"{name}.html", context, language)
        except jinja2.UndefinedError as exc:
            raise TemplateError(f"template {name!r} needs a value it was not given: {exc}") from exc
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"no template {exc.name!r}; see the templates/ folder") from exc
        subject, text, html = (contract(language, part) for part in (subject, text, html))
        return Rendered(" ".join(subject.split()), text, css_inline.inline(html))

    def phrases(
        self, filename: str, context: Mapping[str, Any], language: str = DEFAULT_LANGUAGE
    ) -> Phrases:
        """The macros of ``filename`` bound to ``context``, in ``language``."""
        template = self.environment(language).get_template(filename)
        return Phrases(template.make_module(dict(context)), language)

    def render_file(
        self, filename: str, context: Mapping[str, Any], language: str = DEFAULT_LANGUAGE
    ) -> str:
        """One template file (or a part shared by several emails) in ``language``."""
        rendered = self.environment(language).get_template(filename).render(**context)
        return Markup(rendered) if filename.endswith(".html") else rendered
