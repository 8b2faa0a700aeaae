"""Deleting a tender completely: every row that names it, in every table that has a `tender_id`
column (found in the schema, so that tables added later are covered too), then its row; the
full-text indexes follow by their triggers; the originals on disk that no other tender uses.

The analysis queue may still hold a message for it: the writer ignores the result of a tender
that no longer exists (store.tenders.save_analysis)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from store.originals import original_path, unused


@dataclass
class Deleted:
    tender_id: int
    title: str | None
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows deleted
    files: int = 0  # originals removed from disk


def tender_tables(db: sqlite_utils.Database) -> list[str]:
    """Tables with a `tender_id` column, those that refer to others first (foreign keys)."""
    names = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
        " AND name NOT LIKE 'sqlite_%'")]
    tables = [name for name in names if any(col[1] == "tender_id" for col in db.execute(f"PRAGMA table_info([{name}])"))]
    parents = {name: {row[2] for row in db.execute(f"PRAGMA foreign_key_list([{name}])")} for name in tables}
    ordered: list[str] = []

    def visit(name: str, path: tuple[str, ...] = ()) -> None:
        if name in ordered or name in path:
            return
        for child in tables:  # tables that refer to `name` go before it
            if name in parents[child] and child != name:
                visit(child, (*path, name))
        ordered.append(name)

    for name in sorted(tables):
        visit(name)
    return ordered


def _digests(files: str | None) -> list[str]:
    return [digest for _, digest in json.loads(files)] if files else []


def delete_tender(db: sqlite_utils.Database, originals_dir: Path, tender_id: int) -> Deleted | None:
    """Delete the tender and all that is its own; None when there is no such tender."""
    row = db.execute("SELECT title, input, files FROM tenders WHERE id = ?", (tender_id,)).fetchone()
    if row is None:
        return None
    done = Deleted(tender_id, row[0] or row[1])
    digests = _digests(row[2])
    with db.atomic():
        for table in tender_tables(db):
            done.rows[table] = db.execute(f"DELETE FROM [{table}] WHERE tender_id = ?", (tender_id,)).rowcount
        db.execute("DELETE FROM tenders WHERE id = ?", (tender_id,))
        orphans = unused(db, digests)  # this tender's tender_files rows went with the tables above
        for digest in orphans:
            db.execute("DELETE FROM originals WHERE sha256 = ?", (digest,))
    for digest in orphans:  # after the commit: a failed transaction keeps its files
        path = original_path(Path(originals_dir), digest)
        if path.exists():
            path.unlink()
            done.files += 1
    return done
