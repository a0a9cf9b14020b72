"""The languages mail is written in, and their message catalogues.

Mail to a contact is in the contact's language (``contacts.language``, taken from the recap or
invitation they came from); mail to the user in the user's ``[[users]] language``. English is
the source text; Spanish and Catalan are Babel catalogues, ``mailer/locale/<lang>/LC_MESSAGES/
messages.po``. They are compiled in memory the first time a process needs them (a few
milliseconds), so a fresh clone needs no build step and no ``.mo`` file is ever out of date.
Update them after changing a template's words with ``scripts/update_catalogues.py``.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from mailer.config_sections import LANGUAGES, UnknownLanguage, language_code

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "UnknownLanguage", "language_code", "translations"]

DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language`` (English: the source text itself)."""
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    with catalogue_path(language).open("rb") as po:
        catalog = read_po(po, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled)
