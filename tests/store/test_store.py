"""Storage: originals by hash, re-import in place, full-text search, all-or-nothing saves."""
from __future__ import annotations

import pytest
import sqlite_utils

import store
from report import error_report
from tenders.model import Document, Page, Tender


def tiny_report(input_name: str, clause_text: str) -> dict:
    report = error_report(input_name, "")
    report["error"] = None
    report["clauses"] = [{"category": "environmental_condition", "text": clause_text, "document": "CCTP.txt",
                          "page": 1, "start": 0, "end": len(clause_text), "negated": False,
                          "strength": "mandatory", "legal_refs": [], "confidence": 1.0, "source": "pattern"}]
    report["score"] = {"total": 12.5, "grade": "E", "axes": {"environment": 12.5}, "explanation": []}
    return report


def tiny_tender(text: str) -> Tender:
    return Tender(title="Collecte des déchets", documents=[
        Document(name="CCTP.txt", kind="CCTP", format="txt", pages=[Page(1, text)], sha256=store.originals.sha256(text.encode()))])


@pytest.fixture
def db(tmp_path):
    database = store.db.connect(tmp_path / "t.db")
    yield database
    database.close()


def test_same_file_imported_twice_is_stored_once(db, tmp_path):
    text = "Le titulaire trie les déchets de chantier."
    files = [("CCTP.txt", text.encode())]
    first = store.tenders.save(db, tmp_path / "orig", tiny_report("a", text), tiny_tender(text), files)
    second = store.tenders.save(db, tmp_path / "orig", tiny_report("a", text), tiny_tender(text), files)
    assert first == second
    assert db["tenders"].count == 1
    assert db["originals"].count == 1
    assert db["pages"].count == 1 and db["clauses"].count == 1  # replaced, not duplicated
    assert len(list((tmp_path / "orig").rglob("*"))) == 2  # one sub-folder, one file


def test_report_is_kept_with_its_id(db, tmp_path):
    text = "Le titulaire trie les déchets."
    tender_id = store.tenders.save(db, tmp_path / "o", tiny_report("x.txt", text), tiny_tender(text), [("x.txt", text.encode())])
    report = store.tenders.get_tender(db, tender_id)["report"]
    assert report["id"] == tender_id and report["input"] == "x.txt"
    assert store.tenders.list_tenders(db, store.tenders.TenderFilter(see_all=True))[0]["title"] == "Collecte des déchets"
    assert store.tenders.get_tender(db, tender_id + 1) is None


def test_search_ignores_accents_and_fts_syntax(db, tmp_path):
    text = "Le titulaire trie les déchets et limite la sous-traitance."
    store.tenders.save(db, tmp_path / "o", tiny_report("x", text), tiny_tender(text), [("x", text.encode())])
    assert store.search.search(db, "dechets", see_all=True)
    assert store.search.search(db, "sous-traitance", see_all=True)  # raw, this is an FTS5 syntax error
    assert store.search.search(db, 'AND "') == []


def test_failed_save_leaves_previous_data_intact(db, tmp_path, monkeypatch):
    text = "Le titulaire trie les déchets."
    store.tenders.save(db, tmp_path / "o", tiny_report("a", text), tiny_tender(text), [("a", text.encode())])
    before = (db["tenders"].count, db["pages"].count, db["clauses"].count)

    real_insert_all = sqlite_utils.db.Table.insert_all

    def failing_insert_all(table, records, *args, **kwargs):
        if table.name == "clauses":
            raise RuntimeError("disk full")  # after the tender row, its documents and pages
        return real_insert_all(table, records, *args, **kwargs)

    monkeypatch.setattr(sqlite_utils.db.Table, "insert_all", failing_insert_all)
    other = "Un autre marché, une autre clause."
    with pytest.raises(RuntimeError):
        store.tenders.save(db, tmp_path / "o", tiny_report("b", other), tiny_tender(other), [("b", other.encode())])
    assert (db["tenders"].count, db["pages"].count, db["clauses"].count) == before


def test_database_is_in_wal_mode_with_a_busy_timeout(tmp_path):
    db = store.db.connect(tmp_path / "s.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # readers never wait for a writer
    other = store.db.connect(tmp_path / "s.db", schema=False)
    assert other.execute("PRAGMA busy_timeout").fetchone()[0] == store.db.BUSY_TIMEOUT_S * 1000
    db.close()
    other.close()


def test_a_writer_waits_for_another_instead_of_failing(tmp_path):
    import threading
    import time

    store.db.connect(tmp_path / "s.db").close()
    locked = threading.Event()

    def hold_the_lock() -> None:
        holder = store.db.connect(tmp_path / "s.db", schema=False)
        holder.conn.execute("BEGIN IMMEDIATE")  # the write lock, for half a second
        locked.set()
        time.sleep(0.5)
        holder.conn.commit()
        holder.close()

    thread = threading.Thread(target=hold_the_lock)
    thread.start()
    locked.wait()
    writer = store.db.connect(tmp_path / "s.db", schema=False)
    t0 = time.monotonic()
    store.tenders.set_published(writer, 1, True)  # waits for the holder to commit, then succeeds
    assert time.monotonic() - t0 >= 0.3
    thread.join()
    writer.close()
