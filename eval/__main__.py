"""``python -m eval``: score the recap reader on the evaluation set (``make eval``).

By default the tuning files (tune.toml and tune_2.toml, one table for both); ``--heldout``
scores the held-back tenth (heldout.toml and heldout_2.toml), which is meant to be run once,
at the end, and never read while the reader is tuned; ``--all`` scores the whole set, the
held-back and check files included, for the figures of a closing note.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from eval.cases import EVERYTHING, HELD_BACK, TUNING, CaseError, load_cases
from eval.report import as_json, misses, table
from eval.score import score_cases


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__)
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--heldout", action="store_true", help="score the held-back files (heldout*.toml)"
    )
    which.add_argument(
        "--all", action="store_true", help="score every case file: tuning, held-back and check"
    )
    which.add_argument(
        "--file", type=Path, action="append", help="score another case file (repeatable)"
    )
    parser.add_argument("--misses", action="store_true", help="list every miss after the table")
    parser.add_argument(
        "--json",
        nargs="?",
        const="-",
        metavar="PATH",
        help="write the figures (and misses) as JSON to PATH, or to standard output",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    paths = args.file or list(HELD_BACK if args.heldout else EVERYTHING if args.all else TUNING)
    cases = []
    for path in paths:
        try:
            cases += load_cases(path)
        except (CaseError, OSError) as error:
            print(f"cannot score {path}: {error}", file=sys.stderr)
            return 2
    score = score_cases(cases, " + ".join(path.name for path in paths))
    if args.json == "-":
        json.dump(as_json(score), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(table(score))
    if args.misses:
        print()
        print(misses(score))
    if args.json:
        Path(args.json).write_text(
            json.dumps(as_json(score), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `python -m eval --misses | head`: whoever read the pipe has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
