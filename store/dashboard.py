"""The dashboard's figures, computed in SQL over the tenders a viewer may see."""
from __future__ import annotations

from collections import Counter

import sqlite_utils

from store.tenders import TenderFilter, count_tenders


def dashboard(db: sqlite_utils.Database, viewer: TenderFilter) -> dict:
    """{"total", "levers" {category: tenders}, "scores", "grades" Counter, "access", "queued"}."""
    done = TenderFilter(status="done", viewer_org=viewer.viewer_org, see_all=viewer.see_all)
    where, params = done.where()
    levers = {row["category"]: row["n"] for row in db.query(
        "SELECT c.category, count(DISTINCT c.tender_id) AS n FROM clauses c JOIN tenders t ON t.id = c.tender_id"
        f"{where} AND c.negated = 0 GROUP BY c.category", params)}
    rows = list(db.query(f"SELECT score_total, grade, accessibility_score FROM tenders t{where}", params))
    pending = sum(count_tenders(db, TenderFilter(status=s, viewer_org=viewer.viewer_org, see_all=viewer.see_all))
                  for s in ("queued", "running"))
    return {"total": count_tenders(db, done), "levers": levers, "scores": [r["score_total"] for r in rows],
            "grades": Counter(r["grade"] for r in rows), "access": [r["accessibility_score"] for r in rows],
            "queued": pending}
