"""What the writer does with the workers' messages: the only code of the queue that touches the
database (and the originals, to queue a lost analysis again)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from jobs.config import data_dir
from service import pipeline_version
from store import checks, queue, tenders
from store.db import connect, data_paths

FAILED_ORIGINALS_KEPT = timedelta(days=7)  # a failed upload's files, for the user to see why


def _db():
    return connect(data_paths(data_dir())[0], schema=False)


def progress(tender_id: int, stage: str, percent: int) -> None:
    db = _db()
    try:
        queue.set_progress(db, tender_id, stage, percent)
    finally:
        db.close()


def stored(tender_id: int, report: dict, tender, pipeline: str | None) -> None:
    db = _db()
    try:
        tenders.save_analysis(db, tender_id, report, tender, pipeline)
    finally:
        db.close()


def failed(tender_id: int, message: str) -> None:
    db = _db()
    try:
        queue.fail(db, tender_id, message)
    finally:
        db.close()


def check_done(token: str, report: dict | None, error: str | None) -> None:
    db = _db()
    try:
        checks.finish(db, token, report, error)
    finally:
        db.close()


def housekeeping(timeout: float) -> list[tuple[int, list, str, str | None]]:
    """Purge expired checks and the originals of old failed uploads; return the analyses whose
    worker died (running far past the time limit) with their files, to be queued again."""
    db = _db()
    _, originals = data_paths(data_dir())
    try:
        checks.purge(db)
        queue.forget_failed_originals(db, originals, datetime.now(timezone.utc) - FAILED_ORIGINALS_KEPT)
        stale = queue.stale_running(db, datetime.now(timezone.utc) - timedelta(seconds=2 * timeout + 600))
        again = []
        for tender_id in stale:
            files, input_name = queue.job_files(db, originals, tender_id)
            queue.requeue(db, tender_id)
            again.append((tender_id, files, input_name, pipeline_version()))
        return again
    finally:
        db.close()
