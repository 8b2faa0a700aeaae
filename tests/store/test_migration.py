"""A database made before the store at scale (schema m001-m002, the report in the tenders row)
opens and is migrated with nothing lost: every tender, report, page and clause is there and
readable, and the list, its filters, the dashboard and search work on it."""
from __future__ import annotations

import json

import sqlite_utils

import store
from report import error_report
from store.filters import TenderFilter
from store.schema import MIGRATION_SETS, migrate, migrations
from taxonomy import CATEGORIES

OLD = [  # (title, buyer, org, published, status, [(category, negated)], pages)
    ("Entretien des espaces verts", "Ville de Valbrune", "Valbrune", 0, "done",
     [("insertion_clause", False), ("environmental_condition", False), ("fair_trade", True)],
     ["Article 1 - objet du marché", "Article 7 - heures d'insertion au bénéfice de personnes éloignées de l'emploi"]),
    ("Ramettes de papier", "Région Île-de-Port", None, 1, "done", [("environmental_criterion", False)],
     ["Papier recyclé exigé."]),
    ("Nettoyage des écoles", None, "Valbrune", 0, "queued", [], []),
]


def old_database(path) -> sqlite_utils.Database:
    """The schema and rows as the toolkit wrote them before migration m003."""
    db = sqlite_utils.Database(path)
    with db.atomic():
        for migration_set in MIGRATION_SETS:
            migration_set.apply(db, stop_before="m003_reports_apart" if migration_set is migrations else None)
    assert "report" in db["tenders"].columns_dict and "reports" not in db.table_names()
    for n, (title, buyer, org, published, status, clauses, texts) in enumerate(OLD, 1):
        report = None
        if status == "done":
            report = error_report(f"{title}.pdf", "")
            report.update(error=None, id=n, clauses=[
                {"category": c, "text": f"{title} : passage {i}", "document": "CCAP.pdf", "page": 1, "start": 0,
                 "end": 5, "negated": neg, "strength": "mandatory", "legal_refs": [], "confidence": 0.9,
                 "source": "pattern"} for i, (c, neg) in enumerate(clauses)])
            report["categories"] = {c: any(c == k and not neg for k, neg in clauses) for c in CATEGORIES}
            report["score"] = {"total": 20.0 * n, "grade": "DCB"[n - 1], "axes": {}, "explanation": []}
            report["accessibility"] = {"score": 15.0 * n, "findings": []}
        db["tenders"].insert({
            "id": n, "key": f"key-{n}", "input": f"{title}.pdf", "title": title, "buyer": buyer, "reference": None,
            "procedure": None, "cpv": "[]", "deadline": f"2024-0{n}-15",
            "score_total": 20.0 * n if report else None,
            "grade": "DCB"[n - 1] if report else None, "accessibility_score": 15.0 * n if report else None,
            "report": json.dumps(report, ensure_ascii=False) if report else None,
            "created": f"2024-01-0{n}T09:00:00+00:00",
            "updated": f"2024-01-0{n}T10:00:00+00:00", "status": status, "stage": None,
            "progress": 100 if report else 0, "error": None, "files": json.dumps([[f"{title}.pdf", f"{n:064x}"]]),
            "org": org, "owner_id": None, "published": published, "pipeline": "old"})
        if texts:
            doc = db["documents"].insert({"tender_id": n, "name": "CCAP.pdf", "kind": "CCAP", "format": "pdf",
                                          "pages": len(texts), "sha256": f"{n:064x}"}).last_pk
            db["pages"].insert_all({"tender_id": n, "document_id": doc, "document": "CCAP.pdf", "number": i + 1,
                                    "text": text} for i, text in enumerate(texts))
        if report:
            db["clauses"].insert_all({"tender_id": n, "category": c["category"], "text": c["text"],
                                      "document": c["document"], "page": c["page"], "start": c["start"],
                                      "end": c["end"], "negated": int(c["negated"]), "strength": c["strength"],
                                      "legal_refs": "[]", "confidence": c["confidence"], "source": c["source"]}
                                     for c in report["clauses"])
    return db


def snapshot(db) -> dict:
    return {table: [tuple(row) for row in db.execute(f"SELECT * FROM {table} ORDER BY id")]
            for table in ("documents", "pages", "clauses")}


def test_an_old_database_is_migrated_with_nothing_lost(tmp_path):
    path = tmp_path / "old.db"
    old = old_database(path)
    reports = {row[0]: json.loads(row[1])
               for row in old.execute("SELECT id, report FROM tenders WHERE report IS NOT NULL")}
    columns = [c for c in old["tenders"].columns_dict if c != "report"]
    tenders = {row[0]: row for row in old.execute(f"SELECT {', '.join(columns)} FROM tenders")}
    before = snapshot(old)
    old.close()

    db = store.db.connect(path)  # what the app does when it starts: migrate
    assert "report" not in db["tenders"].columns_dict
    assert {row[0]: row for row in db.execute(f"SELECT {', '.join(columns)} FROM tenders")} == tenders
    assert snapshot(db) == before
    for tender_id in tenders:
        row = store.tenders.get_tender(db, tender_id)
        assert row["report"] == reports.get(tender_id)
        assert [(p["document"], p["number"], p["text"]) for p in store.tenders.pages(db, tender_id)] == \
            [(r[3], r[4], r[5]) for r in before["pages"] if r[1] == tender_id]
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []

    # the derived tables are built from the old rows
    admin, valbrune, anyone = TenderFilter(see_all=True), TenderFilter(viewer_org="Valbrune"), TenderFilter()
    assert [r["id"] for r in store.tenders.list_tenders(db, admin)] == [3, 2, 1]
    with_insertion = store.tenders.list_tenders(db, TenderFilter(category="insertion_clause", see_all=True))
    assert [r["id"] for r in with_insertion] == [1]
    assert store.tenders.count_tenders(db, TenderFilter(category="fair_trade", see_all=True)) == 0  # negated
    assert store.tenders.count_tenders(db, TenderFilter(buyer="valbrune", viewer_org="Valbrune")) == 1
    assert store.tenders.count_tenders(db, TenderFilter(buyer="valbrune")) == 0  # private to Valbrune
    assert store.tenders.count_tenders(db, TenderFilter(buyer="ile port")) == 1
    figures = store.dashboard.dashboard(db, valbrune)
    assert figures["total"] == 2 and figures["queued"] == 1
    assert figures["levers"] == {"insertion_clause": 1, "environmental_condition": 1, "environmental_criterion": 1}
    assert figures["grades"] == {"D": 1, "C": 1} and figures["score_bins"][2] == 1 and figures["score_bins"][4] == 1
    assert store.dashboard.dashboard(db, anyone)["levers"] == {"environmental_criterion": 1}
    assert {h["tender_id"] for h in store.search.search(db, "insertion", see_all=True)} == {1}
    assert db.execute("SELECT tender_id, sha256, org FROM tender_files ORDER BY tender_id").fetchall() == \
        [(n, f"{n:064x}", org) for n, (_, _, org, *_) in enumerate(OLD, 1)]

    # and it keeps working: a save replaces the report in its new table
    from tests.fixtures.stored import Spec, save_spec

    new_id = save_spec(db, tmp_path / "o", Spec(title="Nouveau", categories=("social_condition",), published=True,
                                                 score=55.0, grade="C"))
    assert store.tenders.get_tender(db, new_id)["report"]["id"] == new_id
    assert store.dashboard.dashboard(db, anyone)["levers"] == {"environmental_criterion": 1, "social_condition": 1}
    migrate(db)  # a second start changes nothing
    assert snapshot(db)["clauses"][: len(before["clauses"])] == before["clauses"]
    db.close()
