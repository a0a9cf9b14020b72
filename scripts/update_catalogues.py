"""Re-extract the words of the templates and bring the Spanish and Catalan catalogues up to date.

    .venv/bin/python scripts/update_catalogues.py

Reads what ``babel.cfg`` names (the templates, and the ``N_()`` and ``Said()`` of mailer), writes
``mailer/locale/messages.pot``, and merges it into ``mailer/locale/{es,ca}/LC_MESSAGES/
messages.po``: translations are kept, new messages come in untranslated and changed ones fuzzy,
for a translator to fill in. tests/outbound/test_catalogues_are_complete.py fails until they are.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "mailer" / "locale"
TEMPLATE = LOCALE / "messages.pot"


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def main() -> None:
    pybabel(
        "extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_", "-k", "Said",
        "--no-location", "--sort-output",
        "--project", "mailer", "--copyright-holder", "the mailer authors",
        "-o", str(TEMPLATE), str(ROOT),
    )  # fmt: skip
    for language in ("es", "ca"):
        catalogue = LOCALE / language / "LC_MESSAGES" / "messages.po"
        if catalogue.exists():
            pybabel("update", "-i", str(TEMPLATE), "-o", str(catalogue), "-l", language,
                    "--no-wrap", "--ignore-obsolete")  # fmt: skip
        else:
            pybabel("init", "-i", str(TEMPLATE), "-o", str(catalogue), "-l", language, "--no-wrap")
    print(f"updated {TEMPLATE.relative_to(ROOT)} and the es and ca catalogues", file=sys.stderr)


if __name__ == "__main__":
    main()
