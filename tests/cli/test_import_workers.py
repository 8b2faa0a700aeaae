"""`flask --app app import --workers N`: analyses in N processes, this process the one writer."""
from __future__ import annotations

import json

from tests.fixtures.texts import CCAP_TEXT, RC_TEXT


def folders(tmp_path, count: int):
    out = []
    for n in range(count):
        folder = tmp_path / f"dce_{n}"
        folder.mkdir()
        (folder / "RC.txt").write_text(RC_TEXT.replace("Valbrune", f"Valbrune-{n}"), encoding="utf-8")
        (folder / "CCAP.txt").write_text(CCAP_TEXT + f"\nArticle {n + 20} - Lot n° {n}.\n", encoding="utf-8")
        out.append(folder)
    return out


def test_import_with_two_workers_stores_every_tender_once_with_its_report(app, tmp_path):
    from store import tenders as tender_store
    from store.db import connect, data_paths

    paths = [str(p) for p in folders(tmp_path, 4)]
    broken = tmp_path / "CCTP.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not really a pdf")
    result = app.test_cli_runner().invoke(args=["import", "--workers", "2", *paths, str(broken)])
    assert result.exit_code == 1, result.output  # the broken file is said, the others stored
    assert "CCTP.pdf" in result.output
    stored_lines = [line for line in result.output.splitlines() if "→ appel d'offres n°" in line]
    assert sorted(line.split(" → ")[0] for line in stored_lines) == sorted(paths)

    db = connect(data_paths(app.config)[0])
    try:
        rows = tender_store.list_tenders(db, tender_store.TenderFilter(see_all=True, per_page=50))
        assert len(rows) == 4 and all(r["status"] == "done" and r["published"] for r in rows)
        for row in rows:
            full = tender_store.get_tender(db, row["id"])
            assert full["report"]["id"] == row["id"] and full["report"]["categories"]["insertion_clause"]
            assert json.loads(json.dumps(full["report"]))["input"] in paths
            assert len(tender_store.pages(db, row["id"])) == 2
        # the same files again: updated in place, never duplicated
        again = app.test_cli_runner().invoke(args=["import", *paths])
        assert again.exit_code == 0, again.output
        assert tender_store.count_tenders(db, tender_store.TenderFilter(see_all=True)) == 4
        ids = sorted(int(line.split("n° ")[1].split(" ")[0]) for line in again.output.splitlines() if "n° " in line)
        assert ids == sorted(r["id"] for r in rows)
    finally:
        db.close()
