"""The dashboard's figures over the tenders a viewer may see, read from the `tallies` table that
triggers keep up to date (store.schema m006): a few hundred rows, whatever the number of tenders.
The score and accessibility distributions come as counts per tenth of 0-100."""
from __future__ import annotations

from collections import Counter

import sqlite_utils

from store.access import visible_sql
from store.filters import TenderFilter

BINS = 10


def dashboard(db: sqlite_utils.Database, viewer: TenderFilter) -> dict:
    """{"total", "levers" {category: tenders}, "grades" Counter, "score_bins" and "access_bins"
    (tenders per tenth of 0-100, the last one holding 100), "queued"}: analysed tenders only."""
    where, params = viewer.tally_where()
    figures: dict[str, dict[str, int]] = {"total": {}, "lever": {}, "grade": {}, "score": {}, "access": {}}
    for measure, value, n in db.execute(
            f"SELECT measure, value, sum(n) FROM tallies{where} GROUP BY measure, value HAVING sum(n) != 0", params):
        figures.setdefault(measure, {})[value] = n
    bins = {name: [figures[name].get(str(i), 0) for i in range(BINS)] for name in ("score", "access")}
    # few rows wait: from the status index, whatever the planner's statistics say of the others
    visible, values = ("1", []) if viewer.see_all else visible_sql(viewer.viewer_org)
    pending = db.execute("SELECT count(*) FROM tenders t INDEXED BY tenders_status"
                         f" WHERE t.status IN ('queued', 'running') AND {visible}", values).fetchone()[0]
    return {"total": figures["total"].get("", 0), "levers": dict(figures["lever"]),
            "grades": Counter({(grade or None): n for grade, n in figures["grade"].items()}),
            "score_bins": bins["score"], "access_bins": bins["access"], "queued": pending}
