"""SQLite storage of analysed tenders, through sqlite-utils.

Originals are kept on disk by SHA-256 (importing the same file twice stores it once); a tender is
identified by the hashes of its files, so re-importing it updates it in place. Every save happens
in one transaction: a failure leaves what was stored before intact.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

import accounts
from tenders.model import Tender

BUSY_TIMEOUT_S = 30  # a writer waits this long for another one before giving up
FTS_TOKENIZE = "unicode61 remove_diacritics 2"  # "dechets" finds "déchets"
STATUSES = ("queued", "running", "done", "error")
# (column, type, default for rows stored before jobs existed: they were analysed, hence "done")
JOB_COLUMNS = (("status", str, "done"), ("stage", str, None), ("progress", int, 100), ("error", str, None),
               ("files", str, None),
               # Access (accounts.can_see): private to `org` until published; rows from before
               # accounts existed stay private (visible to admins) until someone publishes them.
               ("org", str, None), ("owner_id", int, None), ("published", int, 0),
               # service.pipeline_version() of the stored report: same files + same version = no rerun
               ("pipeline", str, None))


def connect(db_path: str | Path, schema: bool = True) -> sqlite_utils.Database:
    """Open the database. `schema=False` for connections made while others may be open (web
    requests, the worker): creating tables concurrently would fight over the write lock."""
    db = sqlite_utils.Database(sqlite3.connect(str(db_path), timeout=BUSY_TIMEOUT_S, check_same_thread=True))
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    db.execute("PRAGMA foreign_keys = ON")
    if schema:
        db.execute("PRAGMA journal_mode = WAL")  # readers (web pages) don't block an analysis being saved
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
    # Analysis jobs live on the tender row, so the id a client gets at upload is the tender's id.
    for column, kind, default in JOB_COLUMNS:
        if column not in db["tenders"].columns_dict:
            db["tenders"].add_column(column, kind, not_null_default=default)
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
    accounts.ensure_schema(db)
    for table in ("pages", "clauses"):
        if not db[table].detect_fts():
            db[table].enable_fts(["text"], tokenize=FTS_TOKENIZE, create_triggers=True)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def keep_original(originals_dir: Path, data: bytes) -> tuple[str, Path]:
    """Write the bytes once under their hash; a second call with the same bytes writes nothing."""
    digest = sha256(data)
    target = original_path(originals_dir, digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        tmp.write_bytes(data)
        os.replace(tmp, target)  # atomic: never a half-written original under its final name
    return digest, target


def tender_key(files: list[tuple[str, bytes]], org: str | None = None) -> str:
    """The same files are the same tender within one organisation; two organisations uploading the
    same files get two tenders, neither seeing the other's."""
    digests = "\n".join(sorted(sha256(data) for _, data in files))
    return sha256((digests if org is None else f"{org}\n{digests}").encode())


def _insert(conn, table: str, row: dict) -> int:
    cols = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    return conn.execute(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', list(row.values())).lastrowid


def save(db: sqlite_utils.Database, originals_dir: Path, report: dict, tender: Tender,
         files: list[tuple[str, bytes]], *, tender_id: int | None = None, org: str | None = None,
         owner_id: int | None = None, published: bool = False, pipeline: str | None = None) -> int:
    """Store originals and the analysed tender; returns the tender id (the same on re-import).

    `tender_id`: the queued row this analysis belongs to. Otherwise the row is found by its files
    (and organisation); a new one gets `org`, `owner_id` and `published`, an existing one keeps them."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    kept = [(name, data, *keep_original(Path(originals_dir), data)) for name, data in files]
    key = tender_key(files, org)
    conn = db.conn
    with conn:  # one transaction: all of it or nothing
        for name, data, digest, path in kept:
            conn.execute("INSERT OR IGNORE INTO originals (sha256, name, size, path, first_seen) VALUES (?, ?, ?, ?, ?)",
                         (digest, name, len(data), str(path), now))
        fields = {
            "input": report["input"], "title": tender.title, "buyer": tender.buyer,
            "reference": tender.reference, "procedure": tender.procedure, "cpv": json.dumps(tender.cpv),
            "deadline": tender.deadline, "score_total": report["score"]["total"], "grade": report["score"].get("grade"),
            "accessibility_score": report["accessibility"]["score"], "updated": now,
            "status": "done", "stage": None, "progress": 100, "error": None, "pipeline": pipeline,
            "files": json.dumps([[name, digest] for name, _, digest, _ in kept]),
        }
        if tender_id is None:
            row = conn.execute("SELECT id FROM tenders WHERE key = ?", (key,)).fetchone()
            tender_id = row[0] if row else None
        if tender_id is not None:
            for table in ("pages", "documents", "clauses", "findings", "scores"):
                conn.execute(f"DELETE FROM {table} WHERE tender_id = ?", (tender_id,))
            sets = ", ".join(f'"{c}" = ?' for c in fields)
            conn.execute(f"UPDATE tenders SET {sets} WHERE id = ?", [*fields.values(), tender_id])
        else:
            tender_id = _insert(conn, "tenders", {**fields, "key": key, "created": now, "org": org,
                                                  "owner_id": owner_id, "published": int(published)})
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


@dataclass
class TenderFilter:
    """What the list page and `GET /api/tenders` filter on; empty fields filter nothing."""
    buyer: str = ""
    date_from: str = ""  # ISO dates, compared with the tender's deadline
    date_to: str = ""
    category: str = ""
    score_min: float | None = None
    score_max: float | None = None
    status: str = ""
    page: int = 1
    per_page: int = 50
    # Who is looking: published tenders, plus those of `viewer_org`; `see_all` for admins.
    viewer_org: str | None = None
    see_all: bool = False

    def where(self) -> tuple[str, list]:
        clauses, params = [], []
        if not self.see_all:
            sql, values = visibility(self.viewer_org)
            clauses.append(sql)
            params.extend(values)
        if self.buyer:
            clauses.append("t.buyer LIKE ?")
            params.append(f"%{self.buyer}%")
        if self.date_from:
            clauses.append("t.deadline >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("substr(t.deadline, 1, 10) <= ?")
            params.append(self.date_to)
        if self.category:
            clauses.append("EXISTS (SELECT 1 FROM clauses c WHERE c.tender_id = t.id AND c.negated = 0"
                           " AND c.category = ?)")
            params.append(self.category)
        if self.score_min is not None:
            clauses.append("t.score_total >= ?")
            params.append(self.score_min)
        if self.score_max is not None:
            clauses.append("t.score_total <= ?")
            params.append(self.score_max)
        if self.status:
            clauses.append("t.status = ?")
            params.append(self.status)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def visibility(org: str | None, alias: str = "t") -> tuple[str, list]:
    """SQL condition: the tender is published or belongs to `org` (see accounts.can_see)."""
    if org is None:
        return f"{alias}.published = 1", []
    return f"({alias}.published = 1 OR {alias}.org = ?)", [org]


LIST_COLUMNS = ("t.id, t.title, t.buyer, t.input, t.deadline, t.score_total, t.grade, t.accessibility_score,"
                " t.created, t.updated, t.status, t.stage, t.progress, t.error, t.org, t.owner_id, t.published,"
                " (SELECT count(*) FROM documents d WHERE d.tender_id = t.id) AS documents,"
                " (SELECT count(*) FROM clauses c WHERE c.tender_id = t.id AND c.negated = 0) AS clauses")


def list_tenders(db: sqlite_utils.Database, filters: TenderFilter | None = None) -> list[dict]:
    filters = filters or TenderFilter()
    where, params = filters.where()
    offset = (max(filters.page, 1) - 1) * filters.per_page
    return list(db.query(f"SELECT {LIST_COLUMNS} FROM tenders t{where} ORDER BY t.updated DESC, t.id DESC"
                         " LIMIT ? OFFSET ?", [*params, filters.per_page, offset]))


def count_tenders(db: sqlite_utils.Database, filters: TenderFilter | None = None) -> int:
    where, params = (filters or TenderFilter()).where()
    return db.execute(f"SELECT count(*) FROM tenders t{where}", params).fetchone()[0]


def get_tender(db: sqlite_utils.Database, tender_id: int) -> dict | None:
    """The row with its job state and its report (None until the analysis is done)."""
    rows = list(db.query(f"SELECT {LIST_COLUMNS}, t.report, t.files FROM tenders t WHERE t.id = ?", [tender_id]))
    if not rows:
        return None
    row = rows[0]
    row["report"] = json.loads(row["report"]) if row["report"] else None
    row["files"] = json.loads(row["files"]) if row["files"] else []
    return row


def pages(db: sqlite_utils.Database, tender_id: int) -> list[dict]:
    return list(db.query("SELECT document, number, text FROM pages WHERE tender_id = ? ORDER BY id", [tender_id]))


# --- analysis jobs ------------------------------------------------------------------------------

def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def enqueue(db: sqlite_utils.Database, originals_dir: Path, files: list[tuple[str, bytes]], input_name: str,
            org: str | None = None, owner_id: int | None = None, pipeline: str | None = None) -> int:
    """Keep the originals and queue their analysis; the same files again re-queue the same tender,
    unless its report was made by this `pipeline` version: then it is already up to date."""
    kept = [(name, keep_original(Path(originals_dir), data)[0]) for name, data in files]
    key = tender_key(files, org)
    now = _now()
    conn = db.conn
    with conn:
        for (name, digest), (_, data) in zip(kept, files):
            conn.execute("INSERT OR IGNORE INTO originals (sha256, name, size, path, first_seen) VALUES (?, ?, ?, ?, ?)",
                         (digest, name, len(data), str(original_path(originals_dir, digest)), now))
        row = conn.execute("SELECT id, status, pipeline FROM tenders WHERE key = ?", (key,)).fetchone()
        if row is not None and row[1] == "done" and pipeline is not None and row[2] == pipeline:
            return row[0]
        job = {"status": "queued", "stage": None, "progress": 0, "error": None, "input": input_name,
               "files": json.dumps(kept), "updated": now}
        if row is None:
            return _insert(conn, "tenders", {"key": key, "title": None, "created": now, "org": org,
                                             "owner_id": owner_id, "published": 0, **job})
        if row[1] not in ("queued", "running"):  # an analysis under way is not started twice
            sets = ", ".join(f'"{c}" = ?' for c in job)
            conn.execute(f"UPDATE tenders SET {sets} WHERE id = ?", [*job.values(), row[0]])
        return row[0]


def original_path(originals_dir: Path, digest: str) -> Path:
    return Path(originals_dir) / digest[:2] / digest


def claim_next(db: sqlite_utils.Database) -> int | None:
    """Mark the oldest queued tender as running and return its id (atomic: one worker gets it)."""
    with db.conn:
        row = db.conn.execute(
            "UPDATE tenders SET status = 'running', stage = 'read', progress = 0, updated = ?"
            " WHERE id = (SELECT id FROM tenders WHERE status = 'queued' ORDER BY id LIMIT 1) RETURNING id",
            (_now(),)).fetchone()
    return row[0] if row else None


def job_files(db: sqlite_utils.Database, originals_dir: Path, tender_id: int) -> tuple[list[tuple[str, bytes]], str]:
    row = db.execute("SELECT files, input FROM tenders WHERE id = ?", (tender_id,)).fetchone()
    files = [(name, original_path(originals_dir, digest).read_bytes()) for name, digest in json.loads(row[0])]
    return files, row[1]


def set_progress(db: sqlite_utils.Database, tender_id: int, stage: str, percent: int) -> None:
    with db.conn:
        db.conn.execute("UPDATE tenders SET stage = ?, progress = ? WHERE id = ? AND status = 'running'",
                        (stage, int(percent), tender_id))


def fail(db: sqlite_utils.Database, tender_id: int, message: str) -> None:
    with db.conn:
        db.conn.execute("UPDATE tenders SET status = 'error', error = ?, updated = ? WHERE id = ?",
                        (message, _now(), tender_id))


def set_published(db: sqlite_utils.Database, tender_id: int, published: bool) -> None:
    with db.conn:
        db.conn.execute("UPDATE tenders SET published = ? WHERE id = ?", (int(published), tender_id))


def requeue_interrupted(db: sqlite_utils.Database) -> int:
    """At worker start: analyses cut short by a restart go back to the queue (originals are kept)."""
    with db.conn:
        return db.conn.execute("UPDATE tenders SET status = 'queued', stage = NULL, progress = 0"
                               " WHERE status = 'running'").rowcount


def get_report(db: sqlite_utils.Database, tender_id: int) -> dict | None:
    row = db.execute("SELECT report FROM tenders WHERE id = ?", (tender_id,)).fetchone()
    return json.loads(row[0]) if row and row[0] else None


def search(db: sqlite_utils.Database, query: str, limit: int = 50, viewer_org: str | None = None,
           see_all: bool = False) -> list[dict]:
    """Full-text search over clause passages and page text, among the tenders the viewer may see;
    the query is quoted, never FTS syntax."""
    quoted = db.quote_fts(query)
    where, params = ("", []) if see_all else visibility(viewer_org)
    where = f" AND {where}" if where else ""
    hits = []
    for table, page_column in (("clauses", "page"), ("pages", "number")):
        rows = db.query(
            f"SELECT x.tender_id, x.document, x.{page_column}, x.text FROM {table}_fts"
            f" JOIN {table} x ON x.rowid = {table}_fts.rowid JOIN tenders t ON t.id = x.tender_id"
            f" WHERE {table}_fts MATCH ?{where} ORDER BY {table}_fts.rank LIMIT ?", [quoted, *params, limit])
        hits.extend({"table": table, **row} for row in rows)
    return hits
