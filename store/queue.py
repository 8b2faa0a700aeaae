"""Analysis jobs as the database sees them: state on the tender rows (status, stage, progress,
error), originals on disk. The queue itself (jobs.queues) carries the files to the workers."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import sqlite_utils

from store.originals import keep_original, original_path, record_originals, tender_key, unused
from store.tenders import now


def enqueue(db: sqlite_utils.Database, originals_dir: Path, files: list[tuple[str, bytes]], input_name: str,
            org: str | None = None, owner_id: int | None = None, pipeline: str | None = None) -> tuple[int, bool]:
    """Keep the originals and mark the tender queued; (tender id, whether it must be analysed).

    The same files again are the same tender: not analysed again when its report was made by
    this `pipeline` version, nor while an analysis of it is under way."""
    kept = [(name, len(data), *keep_original(Path(originals_dir), data)) for name, data in files]
    key = tender_key(files, org)
    stamp = now()
    with db.atomic():
        record_originals(db, kept, stamp)
        row = db.execute("SELECT id, status, pipeline FROM tenders WHERE key = ?", (key,)).fetchone()
        if row is not None and row[1] == "done" and pipeline is not None and row[2] == pipeline:
            return row[0], False
        job = {"status": "queued", "stage": None, "progress": 0, "error": None, "input": input_name,
               "files": json.dumps([[name, digest] for name, _, digest, _ in kept]), "updated": stamp}
        if row is None:
            return db["tenders"].insert({"key": key, "title": None, "created": stamp, "org": org,
                                         "owner_id": owner_id, "published": 0, **job}).last_pk, True
        if row[1] in ("queued", "running"):
            return row[0], False
        db["tenders"].update(row[0], job)
        return row[0], True


def job_files(db: sqlite_utils.Database, originals_dir: Path, tender_id: int) -> tuple[list[tuple[str, bytes]], str]:
    row = db.execute("SELECT files, input FROM tenders WHERE id = ?", (tender_id,)).fetchone()
    files = [(name, original_path(originals_dir, digest).read_bytes()) for name, digest in json.loads(row[0])]
    return files, row[1]


def set_progress(db: sqlite_utils.Database, tender_id: int, stage: str, percent: int) -> None:
    """A worker's news: the job runs, at this stage (the time is its heartbeat)."""
    with db.atomic():
        db.execute("UPDATE tenders SET status = 'running', stage = ?, progress = ?, updated = ?"
                   " WHERE id = ? AND status IN ('queued', 'running')", (stage, int(percent), now(), tender_id))


def fail(db: sqlite_utils.Database, tender_id: int, message: str) -> None:
    with db.atomic():
        db.execute("UPDATE tenders SET status = 'error', error = ?, updated = ? WHERE id = ?",
                   (message, now(), tender_id))


def requeue(db: sqlite_utils.Database, tender_id: int) -> None:
    with db.atomic():
        db.execute("UPDATE tenders SET status = 'queued', stage = NULL, progress = 0, updated = ? WHERE id = ?",
                   (now(), tender_id))


def stale_running(db: sqlite_utils.Database, before: datetime) -> list[int]:
    """Jobs marked running whose worker has said nothing since `before`: it died with them."""
    return [row[0] for row in db.execute("SELECT id FROM tenders WHERE status = 'running' AND updated < ?",
                                         (before.isoformat(timespec="seconds"),))]


def pending(db: sqlite_utils.Database, org: str | None) -> int:
    return db.execute("SELECT count(*) FROM tenders WHERE status IN ('queued', 'running') AND org IS ?",
                      (org,)).fetchone()[0]


def stored_bytes(db: sqlite_utils.Database, org: str | None) -> int:
    """Bytes of the originals of an organisation's tenders (each original counted once), from
    the `tender_files` index."""
    return db.execute("SELECT coalesce(sum(size), 0) FROM originals WHERE sha256 IN"
                      " (SELECT sha256 FROM tender_files WHERE org IS ?)", (org,)).fetchone()[0]


def forget_failed_originals(db: sqlite_utils.Database, originals_dir: Path, before: datetime) -> int:
    """Delete the originals of uploads that failed before `before`, unless another tender still
    uses them; the failed row keeps its reason. Returns the files deleted."""
    rows = list(db.execute("SELECT id, files FROM tenders WHERE status = 'error' AND files IS NOT NULL"
                           " AND updated < ?", (before.isoformat(timespec="seconds"),)))
    deleted = 0
    for tender_id, files in rows:
        for digest in unused(db, [digest for _, digest in json.loads(files)], except_tender=tender_id):
            original_path(originals_dir, digest).unlink(missing_ok=True)
            db.execute("DELETE FROM originals WHERE sha256 = ?", (digest,))
            deleted += 1
        with db.atomic():
            db.execute("UPDATE tenders SET files = NULL, error = error || ? WHERE id = ?",
                       (" Les fichiers déposés ont été supprimés depuis.", tender_id))
    return deleted
