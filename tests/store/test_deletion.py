"""Deleting a tender at the store level: the tables found from the schema, in an order the
foreign keys accept, originals shared with another tender kept; the audit log outlives it."""
from __future__ import annotations

import json

from store import audit, deletion
from store.db import connect
from store.originals import keep_original, original_path
from store.users import User


def test_tables_naming_a_tender_come_children_first(tmp_path):
    db = connect(tmp_path / "t.db")
    tables = deletion.tender_tables(db)
    assert {"documents", "pages", "clauses", "reports", "tender_categories"} <= set(tables)
    assert tables.index("pages") < tables.index("documents")  # pages refer to their document
    assert "audit" not in tables  # its column is `tender`: the log outlives the tender


def test_delete_keeps_originals_another_tender_uses_and_says_what_went(tmp_path):
    db = connect(tmp_path / "t.db")
    originals = tmp_path / "originals"
    shared, _ = keep_original(originals, b"RC commun")
    own, _ = keep_original(originals, b"CCAP propre")
    for tender_id, files in ((1, [["RC.txt", shared], ["CCAP.txt", own]]), (2, [["RC.txt", shared]])):
        db["tenders"].insert({"id": tender_id, "key": f"k{tender_id}", "title": f"Marché {tender_id}",
                              "files": json.dumps(files), "status": "done"})
    db["originals"].insert_all([{"sha256": shared}, {"sha256": own}], pk="sha256")
    db["documents"].insert({"id": 1, "tender_id": 1, "name": "CCAP.txt"})
    db["pages"].insert({"tender_id": 1, "document_id": 1, "document": "CCAP.txt", "number": 1, "text": "Texte."})
    done = deletion.delete_tender(db, originals, 1)
    assert done.title == "Marché 1" and done.rows["pages"] == 1 and done.rows["documents"] == 1 and done.files == 1
    assert not original_path(originals, own).exists() and original_path(originals, shared).exists()
    assert [r[0] for r in db.execute("SELECT sha256 FROM originals")] == [shared]
    assert deletion.delete_tender(db, originals, 1) is None
    audit.record(db, User(7, "alice", "officer", "Valbrune"), "delete", 1, done.title)
    assert [(e["user_name"], e["action"], e["tender"], e["title"]) for e in audit.entries(db)] == [
        ("alice", "delete", 1, "Marché 1")]
