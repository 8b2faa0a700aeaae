"""Full-text search (FTS5, accents ignored) over clause passages and page text."""
from __future__ import annotations

import sqlite_utils

from store.access import visible_sql


def search(db: sqlite_utils.Database, query: str, limit: int = 50, viewer_org: str | None = None,
           see_all: bool = False) -> list[dict]:
    """Hits among the tenders the viewer may see; the query is quoted, never FTS syntax."""
    quoted = db.quote_fts(query)
    where, params = ("", []) if see_all else visible_sql(viewer_org)
    where = f" AND {where}" if where else ""
    hits = []
    for table, page_column in (("clauses", "page"), ("pages", "number")):
        rows = db.query(
            f"SELECT x.tender_id, x.document, x.{page_column}, x.text FROM {table}_fts"
            f" JOIN {table} x ON x.rowid = {table}_fts.rowid JOIN tenders t ON t.id = x.tender_id"
            f" WHERE {table}_fts MATCH ?{where} ORDER BY {table}_fts.rank LIMIT ?", [quoted, *params, limit])
        hits.extend({"table": table, **row} for row in rows)
    return hits
