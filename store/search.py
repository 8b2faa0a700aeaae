"""Full-text search (FTS5, accents ignored) over clause passages and page text."""
from __future__ import annotations

import sqlite3

import sqlite_utils

from store.access import visible_sql


CANDIDATES = 1000  # newest matching rows of each table ranked by relevance


class BadQuery(ValueError):
    """A query the index cannot read; `str(err)` says so in French."""


def fts_query(db: sqlite_utils.Database, query: str) -> str:
    """The user's words as an FTS5 query of quoted terms, never FTS syntax."""
    cleaned = query.replace("\x00", " ").strip()
    if not any(c.isalnum() for c in cleaned):
        raise BadQuery("Saisissez au moins un mot à chercher (lettres ou chiffres).")
    return db.quote_fts(cleaned)


def search(db: sqlite_utils.Database, query: str, limit: int = 50, viewer_org: str | None = None,
           see_all: bool = False) -> list[dict]:
    """Hits among the tenders the viewer may see; BadQuery for a query the index cannot read.

    The best-ranked (bm25) of the newest CANDIDATES matching passages and pages: with every
    match ranked, a common word ("insertion") would rank hundreds of thousands of rows."""
    quoted = fts_query(db, query)
    where, params = ("", []) if see_all else visible_sql(viewer_org)
    where = f" AND {where}" if where else ""
    hits = []
    for table, page_column in (("clauses", "page"), ("pages", "number")):
        try:
            rows = list(db.query(
                f"SELECT x.tender_id, x.document, x.{page_column}, x.text FROM ("
                f"SELECT {table}_fts.rowid AS hit, {table}_fts.rank AS score FROM {table}_fts"
                f" JOIN {table} x ON x.rowid = {table}_fts.rowid JOIN tenders t ON t.id = x.tender_id"
                f" WHERE {table}_fts MATCH ?{where} ORDER BY {table}_fts.rowid DESC LIMIT ?"
                f") best JOIN {table} x ON x.rowid = best.hit ORDER BY best.score, best.hit DESC LIMIT ?",
                [quoted, *params, CANDIDATES, limit]))
        except sqlite3.OperationalError as err:  # what quoting does not cover: say it, no 500
            raise BadQuery("Recherche illisible : retirez les guillemets et caractères spéciaux.") from err
        hits.extend({"table": table, **row} for row in rows)
    return hits
