"""An officer's own tenders ("Mes dossiers"), sorted on any list column, and tenders found by
the words of their title (the compare page's selectors), among those the viewer may see."""
from __future__ import annotations

import re

import sqlite_utils
from sqlite_migrate import Migrations

from store.access import visible_sql
from store.listing import rows_of
from store.schema import register

migrations = register(Migrations("mine"))


@migrations()
def m001_owner_index(db: sqlite_utils.Database) -> None:
    """"Mes dossiers" reads one user's rows: an index on the owner, newest first."""
    db.execute("CREATE INDEX IF NOT EXISTS tenders_owner ON tenders (owner_id, created)")

# sort key -> SQL order (nulls last whatever the direction)
SORTS = {"titre": "coalesce(t.title, t.input)", "acheteur": "t.buyer", "date_limite": "t.deadline",
         "score": "t.score_total", "acces": "t.accessibility_score", "etat": "t.status", "depose": "t.created"}


def sort_of(value: str) -> tuple[str, bool]:
    """("score", descending) from "score" or "-score"; an unknown key is the upload date, newest first."""
    key, descending = value.lstrip("-"), value.startswith("-")
    return (key, descending) if key in SORTS else ("depose", True)


def own_tenders(db: sqlite_utils.Database, owner_id: int, sort: str = "-depose", page: int = 1,
                per_page: int = 50) -> tuple[list[dict], int]:
    """(rows of the page, total) of the tenders this user uploaded."""
    key, descending = sort_of(sort)
    column = SORTS[key]
    way = "DESC" if descending else "ASC"
    total = db.execute("SELECT count(*) FROM tenders WHERE owner_id = ?", (owner_id,)).fetchone()[0]
    ids = [row[0] for row in db.execute(
        f"SELECT t.id FROM tenders t WHERE t.owner_id = ? ORDER BY {column} IS NULL, {column} {way}, t.id {way}"
        " LIMIT ? OFFSET ?", (owner_id, per_page, (max(page, 1) - 1) * per_page))]
    return rows_of(db, ids), total


def title_query(text: str) -> str | None:
    words = re.findall(r"[^\W_]+", text)
    return "title : (" + " ".join(f'"{word}"*' for word in words) + ")" if words else None


def find_by_title(db: sqlite_utils.Database, text: str, viewer_org: str | None, see_all: bool = False,
                  limit: int = 50) -> list[dict]:
    """Analysed tenders whose title holds these words (or their beginnings), newest first."""
    match = title_query(text)
    if match is None:
        return []
    where, params = ("", []) if see_all else visible_sql(viewer_org)
    ids = [row[0] for row in db.execute(
        "SELECT t.id FROM tenders t WHERE t.id IN (SELECT rowid FROM tenders_fts WHERE tenders_fts MATCH ?)"
        f" AND t.status = 'done'{' AND ' + where if where else ''} ORDER BY t.updated DESC, t.id DESC LIMIT ?",
        [match, *params, limit])]
    return rows_of(db, ids)


def own_done(db: sqlite_utils.Database, owner_id: int, limit: int = 100) -> list[dict]:
    """The latest analysed tenders this user uploaded."""
    ids = [row[0] for row in db.execute("SELECT id FROM tenders WHERE owner_id = ? AND status = 'done'"
                                        " ORDER BY updated DESC, id DESC LIMIT ?", (owner_id, limit))]
    return rows_of(db, ids)
