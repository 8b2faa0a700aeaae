"""The dashboard's tallies, kept by triggers, against a plain Python count of the same rows, after
saves, re-imports, publication changes, a re-queued analysis, a failure and a deletion."""
from __future__ import annotations

from collections import Counter

import pytest

import store
from store.filters import TenderFilter
from tests.fixtures.stored import Spec, random_specs, save_spec

VIEWERS = [TenderFilter(see_all=True), TenderFilter(viewer_org="Valbrune"), TenderFilter(viewer_org="Port-Aubrac"),
           TenderFilter()]


@pytest.fixture
def db(tmp_path):
    database = store.db.connect(tmp_path / "t.db")
    yield database
    database.close()


def plain_count(db, viewer: TenderFilter) -> dict:
    """What the dashboard shows, counted in Python from the tenders and their passages."""
    rows = [dict(zip(("id", "status", "grade", "score", "access", "published", "org"), r)) for r in db.execute(
        "SELECT id, status, grade, score_total, accessibility_score, published, org FROM tenders")]
    seen = [r for r in rows if viewer.see_all or r["published"] == 1
            or (viewer.viewer_org is not None and r["org"] == viewer.viewer_org)]
    done = [r for r in seen if r["status"] == "done"]
    found = {(tender_id, category) for tender_id, category in
             db.execute("SELECT tender_id, category FROM clauses WHERE negated = 0")}
    ids = {r["id"] for r in done}

    def bins(values):
        counts = [0] * 10
        for value in values:
            if value is not None:
                counts[min(int(value // 10), 9)] += 1
        return counts

    return {"total": len(done), "levers": dict(Counter(category for tender_id, category in found if tender_id in ids)),
            "grades": Counter(r["grade"] for r in done), "score_bins": bins(r["score"] for r in done),
            "access_bins": bins(r["access"] for r in done),
            "queued": sum(r["status"] in ("queued", "running") for r in seen)}


def check(db) -> None:
    for viewer in VIEWERS:
        figures = store.dashboard.dashboard(db, viewer)
        assert figures == plain_count(db, viewer), viewer
        # the unfiltered list's total, from the 'listed' tallies, is every row the viewer may see
        where, params = viewer.where()
        seen = db.execute(f"SELECT count(*) FROM tenders t{where}", params).fetchone()[0]
        assert store.tenders.count_tenders(db, viewer) == seen


def test_tallies_equal_a_plain_count_through_every_change(db, tmp_path):
    originals = tmp_path / "o"
    specs = random_specs(30, seed=11)
    ids = [save_spec(db, originals, spec) for spec in specs]
    check(db)
    assert store.dashboard.dashboard(db, VIEWERS[0])["total"] == 30

    # a re-import of the same files: new categories, score and grade replace the old ones
    again = Spec(**{**specs[3].__dict__, "categories": ("fair_trade",), "score": 77.0, "grade": "A"})
    assert save_spec(db, originals, again) == ids[3]
    check(db)

    store.tenders.set_published(db, ids[5], not specs[5].published)
    store.tenders.set_published(db, ids[6], True)
    check(db)

    # the same files queued again for a newer pipeline: the tender leaves the figures until done
    text = f"Cahier des clauses de {specs[7].title}.".encode()
    tender_id, queued = store.queue.enqueue(db, originals, [(f"{specs[7].title}.txt", text)], "x", org=specs[7].org,
                                            pipeline="v2")
    assert (tender_id, queued) == (ids[7], True)
    check(db)
    store.queue.set_progress(db, ids[7], "lecture", 10)
    check(db)
    store.queue.fail(db, ids[8], "Illisible.")
    check(db)

    with db.atomic():  # a deletion, table by table
        for table in ("clauses", "pages", "documents", "reports", "tender_categories"):
            db.execute(f"DELETE FROM {table} WHERE tender_id = ?", (ids[9],))
        db.execute("DELETE FROM tenders WHERE id = ?", (ids[9],))
    check(db)
    with db.atomic():
        db.execute("UPDATE tenders SET org = 'Valbrune', published = 0 WHERE id = ?", (ids[10],))
        db.execute("UPDATE clauses SET negated = 1 WHERE tender_id = ?", (ids[11],))
    check(db)


def test_dashboard_reads_a_few_rows_whatever_the_number_of_tenders(db, tmp_path):
    for spec in random_specs(40, seed=3):
        save_spec(db, tmp_path / "o", spec)
    rows = db.execute("SELECT count(*) FROM tallies").fetchone()[0]
    assert rows < 40 * 3  # per organisation, publication and value; not per tender
    plan = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN SELECT measure, value, sum(n) FROM tallies"
                                              " WHERE published = 1 GROUP BY measure, value"))
    assert "tenders" not in plan
