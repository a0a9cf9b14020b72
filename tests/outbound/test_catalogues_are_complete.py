"""Every message the templates use has a Spanish and a Catalan translation, with the same
placeholders, and the catalogues hold nothing the templates no longer say. After changing a
template's words: ``.venv/bin/python scripts/update_catalogues.py``, then translate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from mailer.outbound.languages import catalogue_path

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def extracted() -> set[tuple[str | None, str | tuple[str, ...]]]:
    with (ROOT / "babel.cfg").open() as config:
        method_map, options = parse_mapping_cfg(config)
    keywords = {
        "_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "pgettext": ((1, "c"), 2),
        "N_": None,
        "Said": None,
    }
    found = extract_from_dir(str(ROOT), method_map, options, keywords=keywords)
    return {(m[4], m[2] if isinstance(m[2], str) else tuple(m[2])) for m in found}


MESSAGES = extracted()


@pytest.mark.parametrize("language", ["es", "ca"])
def test_every_message_is_translated(language: str):
    with catalogue_path(language).open("rb") as po:
        catalog = read_po(po, locale=language)
    translated = {}
    for message in catalog:
        if message.id:
            key = (
                message.context,
                message.id if isinstance(message.id, str) else tuple(message.id),
            )
            translated[key] = message
    assert not MESSAGES - set(translated), "untranslated: run scripts/update_catalogues.py"
    assert not set(translated) - MESSAGES, "translations of messages no template uses"
    for (_, key), message in translated.items():
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(strings) and "fuzzy" not in message.flags, key
        wanted = set(PLACEHOLDER.findall(key if isinstance(key, str) else key[1]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == wanted, (key, string)
