"""`make bench`: run every benchmark, print a table, write benchmarks/results/latest.json (this
run) and benchmarks/results/<name>.json (each one's last run, so a soak run's result stays)."""

from __future__ import annotations

import argparse
import json
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks import brief, digest, dispatch, endtoend, ingest, memory, parse

BENCHMARKS = {
    "dispatch": dispatch.run,
    "ingest": ingest.run,
    "endtoend": endtoend.run,
    "digest": digest.run,
    "brief": brief.run,
    "parse": parse.run,
}
SOAK = {"memory": memory.run}
"""Long runs, only when named (`make soak`)."""
RESULTS = Path(__file__).resolve().parent / "results"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("names", nargs="*", default=list(BENCHMARKS), help="which to run")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args(argv)
    results = [{**BENCHMARKS, **SOAK}[name](quick=args.quick) for name in args.names]
    table = Table(title="mailer benchmarks")
    for column in ("benchmark", "measure", "value", "baseline", "ratio", "target", "ok"):
        table.add_column(column)
    failed = False
    for result in results:
        for row in result:
            ok = row["ratio"] >= row["target"] if row.get("target") is not None else True
            ok &= row["value"] <= row["limit"] if row.get("limit") is not None else True
            unit = f" {row['unit']}" if row.get("unit") else ""
            failed |= not ok
            table.add_row(
                row["benchmark"],
                row["measure"],
                f"{row['value']:.1f}{unit}",
                f"{row['baseline']:.1f}{unit}",
                f"{row['ratio']:.0%}" if row.get("ratio") is not None else "",
                f">= {row['target']:.0%}"
                if row.get("target") is not None
                else (f"<= {row['limit']}{unit}" if row.get("limit") is not None else ""),
                "yes" if ok else "NO",
            )
    Console().print(table)
    RESULTS.mkdir(exist_ok=True)
    record = {
        "when": datetime.now(UTC).isoformat(),
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "results": [row for result in results for row in result],
    }
    (RESULTS / "latest.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
    for name, result in zip(args.names, results, strict=True):  # each kept until it runs again
        kept = {**record, "results": result}
        (RESULTS / f"{name}.json").write_text(json.dumps(kept, indent=2), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
