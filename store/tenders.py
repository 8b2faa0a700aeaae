"""Analysed tenders: saving one (its report, documents, pages and clauses, in one transaction)
and reading it back. The list and its filters are store.listing and store.filters (named here
too, for their callers); who may see which row is store.access."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from store.filters import TenderFilter
from store.listing import LIST_COLUMNS, count_tenders, list_tenders, tender_page
from store.originals import keep_original, record_originals, tender_key
from store.statistics import refresh_if_grown
from tenders.model import Tender

__all__ = ["STATUSES", "TenderFilter", "count_tenders", "get_tender", "list_tenders", "pages", "save",
           "save_analysis", "set_published", "tender_page"]

STATUSES = ("queued", "running", "done", "error")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _fields(report: dict, tender: Tender, stamp: str, pipeline: str | None) -> dict:
    return {
        "input": report["input"], "title": tender.title, "buyer": tender.buyer,
        "reference": tender.reference, "procedure": tender.procedure, "cpv": json.dumps(tender.cpv),
        "deadline": tender.deadline, "score_total": report["score"]["total"], "grade": report["score"].get("grade"),
        "accessibility_score": report["accessibility"]["score"], "updated": stamp,
        "status": "done", "stage": None, "progress": 100, "error": None, "pipeline": pipeline,
    }


def _write_analysis(db: sqlite_utils.Database, tender_id: int, fields: dict, report: dict, tender: Tender) -> None:
    """The row's fields, its report, documents, pages and clauses, replacing what was there."""
    for table in ("pages", "documents", "clauses"):
        db.execute(f"DELETE FROM {table} WHERE tender_id = ?", (tender_id,))
    report = {**report, "id": tender_id}
    db["tenders"].update(tender_id, fields)
    db.execute("INSERT INTO reports (tender_id, report) VALUES (?, ?)"
               " ON CONFLICT (tender_id) DO UPDATE SET report = excluded.report",
               (tender_id, json.dumps(report, ensure_ascii=False)))
    for doc in tender.documents:
        doc_id = db["documents"].insert({"tender_id": tender_id, "name": doc.name, "kind": doc.kind,
                                         "format": doc.format, "pages": doc.page_count,
                                         "sha256": doc.sha256}).last_pk
        db["pages"].insert_all({"tender_id": tender_id, "document_id": doc_id, "document": doc.name,
                                "number": page.number, "text": page.text} for page in doc.pages)
    db["clauses"].insert_all({"tender_id": tender_id, "category": c["category"], "text": c["text"],
                              "document": c["document"], "page": c["page"], "start": c.get("start"),
                              "end": c.get("end"), "negated": int(c["negated"]), "strength": c.get("strength"),
                              "legal_refs": json.dumps(c.get("legal_refs", [])),
                              "confidence": c.get("confidence"), "source": c.get("source")}
                             for c in report["clauses"])


def save(db: sqlite_utils.Database, originals_dir: Path, report: dict, tender: Tender,
         files: list[tuple[str, bytes]], *, org: str | None = None, owner_id: int | None = None,
         published: bool = False, pipeline: str | None = None) -> int:
    """Store originals and an analysed tender (the CLI's import); returns the tender id, the same
    on re-import: the row is found by its files (and organisation); a new one gets `org`,
    `owner_id` and `published`, an existing one keeps them. All of it or nothing."""
    stamp = now()
    kept = [(name, len(data), *keep_original(Path(originals_dir), data)) for name, data in files]
    key = tender_key(files, org)
    with db.atomic():
        record_originals(db, kept, stamp)
        fields = {**_fields(report, tender, stamp, pipeline),
                  "files": json.dumps([[name, digest] for name, _, digest, _ in kept])}
        row = db.execute("SELECT id FROM tenders WHERE key = ?", (key,)).fetchone()
        if row is None:
            tender_id = db["tenders"].insert({**fields, "key": key, "created": stamp, "org": org,
                                              "owner_id": owner_id, "published": int(published)}).last_pk
        else:
            tender_id = row[0]
        _write_analysis(db, tender_id, fields, report, tender)
    refresh_if_grown(db)
    return tender_id


def save_analysis(db: sqlite_utils.Database, tender_id: int, report: dict, tender: Tender,
                  pipeline: str | None = None) -> bool:
    """The analysis of a queued tender, stored by the writer; False when the row is gone (the
    tender was deleted while it was analysed)."""
    with db.atomic():
        if db.execute("SELECT 1 FROM tenders WHERE id = ?", (tender_id,)).fetchone() is None:
            return False
        _write_analysis(db, tender_id, _fields(report, tender, now(), pipeline), report, tender)
    refresh_if_grown(db)
    return True


def get_tender(db: sqlite_utils.Database, tender_id: int) -> dict | None:
    """The row with its job state and its report (None until the analysis is done)."""
    rows = list(db.query(f"SELECT {LIST_COLUMNS}, r.report, t.files FROM tenders t"
                         " LEFT JOIN reports r ON r.tender_id = t.id WHERE t.id = ?", [tender_id]))
    if not rows:
        return None
    row = rows[0]
    row["report"] = json.loads(row["report"]) if row["report"] else None
    row["files"] = json.loads(row["files"]) if row["files"] else []
    return row


def pages(db: sqlite_utils.Database, tender_id: int) -> list[dict]:
    return list(db.query("SELECT document, number, text FROM pages WHERE tender_id = ? ORDER BY id", [tender_id]))


def set_published(db: sqlite_utils.Database, tender_id: int, published: bool) -> None:
    with db.atomic():
        db.execute("UPDATE tenders SET published = ? WHERE id = ?", (int(published), tender_id))
