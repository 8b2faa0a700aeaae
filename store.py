"""SQLite storage of analysed tenders, through sqlite-utils.

Originals are kept on disk by SHA-256 (importing the same file twice stores it once); a tender is
identified by the hashes of its files, so re-importing it updates it in place. Every save happens
in one transaction: a failure leaves what was stored before intact.
"""
from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from tenders.model import Tender

FTS_TOKENIZE = "unicode61 remove_diacritics 2"  # "dechets" finds "déchets"


def connect(db_path: str | Path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(db_path)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")  # readers (web pages) don't block an import
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    db["originals"].create({"sha256": str, "name": str, "size": int, "path": str, "first_seen": str},
                           pk="sha256", if_not_exists=True)
    db["tenders"].create({
        "id": int, "key": str, "input": str, "title": str, "buyer": str, "reference": str,
        "procedure": str, "cpv": str, "deadline": str, "score_total": float, "grade": str,
        "accessibility_score": float, "report": str, "created": str, "updated": str,
    }, pk="id", not_null={"key"}, if_not_exists=True)
    db["tenders"].create_index(["key"], unique=True, if_not_exists=True)
    db["documents"].create({"id": int, "tender_id": int, "name": str, "kind": str, "format": str,
                            "pages": int, "sha256": str},
                           pk="id", foreign_keys=[("tender_id", "tenders", "id")], if_not_exists=True)
    db["pages"].create({"id": int, "tender_id": int, "document_id": int, "document": str, "number": int, "text": str},
                       pk="id", foreign_keys=[("tender_id", "tenders", "id"), ("document_id", "documents", "id")],
                       if_not_exists=True)
    db["clauses"].create({"id": int, "tender_id": int, "category": str, "text": str, "document": str, "page": int,
                          "start": int, "end": int, "negated": int, "strength": str, "legal_refs": str,
                          "confidence": float, "source": str},
                         pk="id", foreign_keys=[("tender_id", "tenders", "id")], if_not_exists=True)
    db["findings"].create({"id": int, "tender_id": int, "finding_id": str, "kind": str, "evidence": str,
                           "page": int, "document": str, "advice": str},
                          pk="id", foreign_keys=[("tender_id", "tenders", "id")], if_not_exists=True)
    db["scores"].create({"tender_id": int, "total": float, "grade": str, "axes": str, "accessibility": float,
                         "explanation": str},
                        pk="tender_id", foreign_keys=[("tender_id", "tenders", "id")], if_not_exists=True)
    for table in ("documents", "pages", "clauses", "findings"):
        db[table].create_index(["tender_id"], if_not_exists=True)
    for table in ("pages", "clauses"):
        if not db[table].detect_fts():
            db[table].enable_fts(["text"], tokenize=FTS_TOKENIZE, create_triggers=True)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def keep_original(originals_dir: Path, data: bytes) -> tuple[str, Path]:
    """Write the bytes once under their hash; a second call with the same bytes writes nothing."""
    digest = sha256(data)
    target = originals_dir / digest[:2] / digest
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        tmp.write_bytes(data)
        os.replace(tmp, target)  # atomic: never a half-written original under its final name
    return digest, target


def tender_key(files: list[tuple[str, bytes]]) -> str:
    return sha256("\n".join(sorted(sha256(data) for _, data in files)).encode())


def _insert(conn, table: str, row: dict) -> int:
    cols = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    return conn.execute(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', list(row.values())).lastrowid


def save(db: sqlite_utils.Database, originals_dir: Path, report: dict, tender: Tender,
         files: list[tuple[str, bytes]]) -> int:
    """Store originals and the analysed tender; returns the tender id (the same on re-import)."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    kept = [(name, data, *keep_original(Path(originals_dir), data)) for name, data in files]
    key = tender_key(files)
    conn = db.conn
    with conn:  # one transaction: all of it or nothing
        for name, data, digest, path in kept:
            conn.execute("INSERT OR IGNORE INTO originals (sha256, name, size, path, first_seen) VALUES (?, ?, ?, ?, ?)",
                         (digest, name, len(data), str(path), now))
        fields = {
            "key": key, "input": report["input"], "title": tender.title, "buyer": tender.buyer,
            "reference": tender.reference, "procedure": tender.procedure, "cpv": json.dumps(tender.cpv),
            "deadline": tender.deadline, "score_total": report["score"]["total"], "grade": report["score"].get("grade"),
            "accessibility_score": report["accessibility"]["score"], "updated": now,
        }
        row = conn.execute("SELECT id FROM tenders WHERE key = ?", (key,)).fetchone()
        if row:
            tender_id = row[0]
            for table in ("pages", "documents", "clauses", "findings", "scores"):
                conn.execute(f"DELETE FROM {table} WHERE tender_id = ?", (tender_id,))
            sets = ", ".join(f'"{c}" = ?' for c in fields)
            conn.execute(f"UPDATE tenders SET {sets} WHERE id = ?", [*fields.values(), tender_id])
        else:
            tender_id = _insert(conn, "tenders", {**fields, "created": now})
        report = {**report, "id": tender_id}
        conn.execute("UPDATE tenders SET report = ? WHERE id = ?", (json.dumps(report, ensure_ascii=False), tender_id))
        for doc in tender.documents:
            doc_id = _insert(conn, "documents", {"tender_id": tender_id, "name": doc.name, "kind": doc.kind,
                                                 "format": doc.format, "pages": doc.page_count, "sha256": doc.sha256})
            for page in doc.pages:
                _insert(conn, "pages", {"tender_id": tender_id, "document_id": doc_id, "document": doc.name,
                                        "number": page.number, "text": page.text})
        for c in report["clauses"]:
            _insert(conn, "clauses", {"tender_id": tender_id, "category": c["category"], "text": c["text"],
                                      "document": c["document"], "page": c["page"], "start": c.get("start"),
                                      "end": c.get("end"), "negated": int(c["negated"]), "strength": c.get("strength"),
                                      "legal_refs": json.dumps(c.get("legal_refs", [])),
                                      "confidence": c.get("confidence"), "source": c.get("source")})
        for f in report["accessibility"]["findings"]:
            _insert(conn, "findings", {"tender_id": tender_id, "finding_id": f["id"], "kind": f["kind"],
                                       "evidence": f["evidence"], "page": f.get("page"),
                                       "document": f.get("document"), "advice": f.get("advice")})
        score = report["score"]
        _insert(conn, "scores", {"tender_id": tender_id, "total": score["total"], "grade": score.get("grade"),
                                 "axes": json.dumps(score["axes"]), "accessibility": report["accessibility"]["score"],
                                 "explanation": json.dumps(score.get("explanation", []), ensure_ascii=False)})
    return tender_id


def list_tenders(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query(
        "SELECT t.id, t.title, t.buyer, t.input, t.deadline, t.score_total, t.grade, t.accessibility_score, t.updated,"
        " (SELECT count(*) FROM documents d WHERE d.tender_id = t.id) AS documents,"
        " (SELECT count(*) FROM clauses c WHERE c.tender_id = t.id AND c.negated = 0) AS clauses"
        " FROM tenders t ORDER BY t.updated DESC, t.id DESC"))


def get_report(db: sqlite_utils.Database, tender_id: int) -> dict | None:
    row = db.execute("SELECT report FROM tenders WHERE id = ?", (tender_id,)).fetchone()
    return json.loads(row[0]) if row else None


def search(db: sqlite_utils.Database, query: str, limit: int = 50) -> list[dict]:
    """Full-text search over clause passages and page text; the query is quoted, never FTS syntax."""
    hits = []
    for table in ("clauses", "pages"):
        for row in db[table].search(query, quote=True, limit=limit, columns=["tender_id", "document", "page" if table == "clauses" else "number", "text"]):
            hits.append({"table": table, **row})
    return hits
