"""The query planner's statistics (SQLite's ANALYZE) on the tables the list reads: with them,
a count filtered by score or deadline starts from that filter's index rather than from who sees
what. They are made again whenever the tenders have grown by a quarter since the last time (a
few tenths of a second at 100,000 tenders), so that their cost per save stays negligible."""
from __future__ import annotations

import sqlite3

import sqlite_utils

TABLES = ("tenders", "tender_categories")
GROWTH = 1.25
SMALLEST = 200  # below this, any plan is fast: no statistics needed


def refresh(db: sqlite_utils.Database) -> None:
    for table in TABLES:
        db.execute(f"ANALYZE {table}")


def known_rows(db: sqlite_utils.Database) -> int:
    """The tenders counted by the last ANALYZE (0 when there was none)."""
    try:
        row = db.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'tenders'"
                         " AND idx = 'tenders_list_order'").fetchone()
    except sqlite3.OperationalError:  # no ANALYZE yet: no sqlite_stat1 table
        return 0
    return int(row[0].split()[0]) if row else 0


def refresh_if_grown(db: sqlite_utils.Database) -> bool:
    """ANALYZE when the tenders have grown by GROWTH since the statistics were made. Call it
    outside a transaction: the check reads, and only the ANALYZE takes the write lock (a read
    then a write in one transaction fails at once when another writer came in between)."""
    rows = db.execute("SELECT coalesce(max(id), 0) FROM tenders").fetchone()[0]  # O(1): the last rowid
    if rows < SMALLEST or rows <= known_rows(db) * GROWTH:
        return False
    with db.atomic():
        refresh(db)
    return True
