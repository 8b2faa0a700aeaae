"""The analysis queue, kept on the tender rows (status, stage, progress, error)."""
from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from store.originals import keep_original, original_path, record_originals, tender_key
from store.tenders import now


def enqueue(db: sqlite_utils.Database, originals_dir: Path, files: list[tuple[str, bytes]], input_name: str,
            org: str | None = None, owner_id: int | None = None, pipeline: str | None = None) -> int:
    """Keep the originals and queue their analysis; the same files again re-queue the same tender,
    unless its report was made by this `pipeline` version: then it is already up to date."""
    kept = [(name, len(data), *keep_original(Path(originals_dir), data)) for name, data in files]
    key = tender_key(files, org)
    stamp = now()
    with db.atomic():
        record_originals(db, kept, stamp)
        row = db.execute("SELECT id, status, pipeline FROM tenders WHERE key = ?", (key,)).fetchone()
        if row is not None and row[1] == "done" and pipeline is not None and row[2] == pipeline:
            return row[0]
        job = {"status": "queued", "stage": None, "progress": 0, "error": None, "input": input_name,
               "files": json.dumps([[name, digest] for name, _, digest, _ in kept]), "updated": stamp}
        if row is None:
            return db["tenders"].insert({"key": key, "title": None, "created": stamp, "org": org,
                                         "owner_id": owner_id, "published": 0, **job}).last_pk
        if row[1] not in ("queued", "running"):  # an analysis under way is not started twice
            db["tenders"].update(row[0], job)
        return row[0]


def claim_next(db: sqlite_utils.Database) -> int | None:
    """Mark the oldest queued tender as running and return its id (atomic: one worker gets it)."""
    with db.atomic():
        row = db.execute(
            "UPDATE tenders SET status = 'running', stage = 'read', progress = 0, updated = ?"
            " WHERE id = (SELECT id FROM tenders WHERE status = 'queued' ORDER BY id LIMIT 1) RETURNING id",
            (now(),)).fetchone()
    return row[0] if row else None


def job_files(db: sqlite_utils.Database, originals_dir: Path, tender_id: int) -> tuple[list[tuple[str, bytes]], str]:
    row = db.execute("SELECT files, input FROM tenders WHERE id = ?", (tender_id,)).fetchone()
    files = [(name, original_path(originals_dir, digest).read_bytes()) for name, digest in json.loads(row[0])]
    return files, row[1]


def set_progress(db: sqlite_utils.Database, tender_id: int, stage: str, percent: int) -> None:
    with db.atomic():
        db.execute("UPDATE tenders SET stage = ?, progress = ? WHERE id = ? AND status = 'running'",
                   (stage, int(percent), tender_id))


def fail(db: sqlite_utils.Database, tender_id: int, message: str) -> None:
    with db.atomic():
        db.execute("UPDATE tenders SET status = 'error', error = ?, updated = ? WHERE id = ?",
                   (message, now(), tender_id))


def requeue_interrupted(db: sqlite_utils.Database) -> int:
    """At worker start: analyses cut short by a restart go back to the queue (originals are kept)."""
    with db.atomic():
        return db.execute("UPDATE tenders SET status = 'queued', stage = NULL, progress = 0"
                          " WHERE status = 'running'").rowcount
