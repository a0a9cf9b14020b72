"""10,000 rows import with a handful of statements, not one query per row, and stay idempotent."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import event

from mailer.api import Mailer
from tests.conftest import ALICE

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
ROWS = 10_000


def _linkedin_export(rows: int) -> bytes:
    lines = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of the email addresses '
        'are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i in range(rows):
        email = f"person{i}@example.com" if i % 3 == 0 else ""
        lines.append(
            f"Person{i},Family{i},https://www.linkedin.com/in/p{i},{email},Co {i},Role,1 Mar 2024"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


@contextmanager
def _statements(mailer: Mailer) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append(statement.split()[0].upper())

    engine = mailer.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_ten_thousand_rows_take_a_few_statements(mailer: Mailer):
    data = _linkedin_export(ROWS)
    mailer.user(ALICE)  # migrate and sync users before counting
    progress: list[tuple[str, int, int]] = []
    with _statements(mailer) as seen:
        report = mailer.import_contacts(data, now=NOW, progress=lambda *a: progress.append(a))
    assert (report.added, report.skipped) == (ROWS, [])
    data_statements = [s for s in seen if s in {"SELECT", "INSERT", "UPDATE"}]
    # one SELECT of the contacts, then bulk INSERT batches (PostgreSQL sends ~1,000 rows each)
    assert data_statements.count("SELECT") <= 2
    assert len(data_statements) <= 2 + ROWS // 500
    assert progress[-1] == ("Merging contacts", ROWS, ROWS)

    with _statements(mailer) as seen:
        again = mailer.import_contacts(data, now=NOW)
    assert (again.added, again.merged, again.unchanged) == (0, 0, ROWS)
    assert [s for s in seen if s in {"INSERT", "UPDATE"}] == []
    assert len(mailer.contacts(ALICE)) == ROWS
