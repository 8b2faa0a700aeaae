"""Background analyses: workers get files and send back what they found; one writer stores it.
Progress, failures, limits, lost workers, housekeeping."""
from __future__ import annotations

import io
import os
from datetime import datetime, timedelta, timezone

import pytest

import jobs
import store
from jobs.sandbox import JobFailed, OutOfMemory, TimedOut, run_limited
from tests.fixtures.texts import CCAP_TEXT, RC_TEXT

FILES = [("RC.txt", RC_TEXT.encode()), ("CCAP.txt", CCAP_TEXT.encode())]


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A data folder with a migrated database, the queue in memory and empty."""
    monkeypatch.setenv("SOLIDARITY_DATA_DIR", str(tmp_path))
    jobs.analysis.flush()
    jobs.writer.flush()
    db_path, originals = store.db.data_paths(tmp_path)
    store.db.connect(db_path).close()
    return db_path, originals


def submit(data, files=FILES) -> int:
    db = store.db.connect(data[0], schema=False)
    try:
        tender_id, needed = store.queue.enqueue(db, data[1], files, files[0][0])
    finally:
        db.close()
    if needed:
        jobs.submit_tender(tender_id, files, files[0][0], "test")
    return tender_id


def row(data, tender_id: int) -> dict:
    db = store.db.connect(data[0], schema=False)
    try:
        return store.tenders.get_tender(db, tender_id)
    finally:
        db.close()


def test_the_writer_stores_progress_then_the_report(data, monkeypatch):
    seen = []
    original = store.queue.set_progress
    monkeypatch.setattr(store.queue, "set_progress",
                        lambda db, tid, stage, pct: (seen.append(stage), original(db, tid, stage, pct)))
    tender_id = submit(data)
    assert row(data, tender_id)["status"] == "queued"
    assert jobs.run_pending() == 1
    assert list(dict.fromkeys(seen)) == ["read", "detect", "score"]
    done = row(data, tender_id)
    assert done["status"] == "done" and done["report"]["categories"]["insertion_clause"]
    assert done["report"]["id"] == tender_id


def test_analysis_workers_never_touch_the_database(data, monkeypatch, tmp_path):
    tender_id = submit(data)
    monkeypatch.setenv("SOLIDARITY_DATA_DIR", str(tmp_path / "nowhere"))  # no database a worker could open
    task = jobs.analysis.dequeue()
    jobs.analysis.execute(task)
    assert not (tmp_path / "nowhere").exists()
    assert jobs.writer.pending_count() >= 2  # progress and result wait for the writer
    monkeypatch.setenv("SOLIDARITY_DATA_DIR", str(data[0].parent))
    jobs.run_pending()
    assert row(data, tender_id)["status"] == "done"


def test_a_bad_file_fails_alone_with_its_reason_and_the_queue_goes_on(data):
    bad = submit(data, [("CCAP.pdf", b"%PDF-1.5 not a pdf")])
    good = submit(data)
    assert jobs.run_pending() == 2
    failed = row(data, bad)
    assert failed["status"] == "error" and "CCAP.pdf" in failed["error"] and failed["report"] is None
    assert row(data, good)["status"] == "done"


def test_the_same_files_being_analysed_are_not_queued_twice(data):
    first = submit(data)
    assert submit(data) == first
    assert jobs.analysis.pending_count() == 1


def test_a_result_the_writer_fails_to_store_once_is_stored_on_its_retry(data, monkeypatch):
    import sqlite3

    calls = []
    original = store.tenders.save_analysis

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise sqlite3.OperationalError("database is locked")
        return original(*args, **kwargs)

    monkeypatch.setattr(store.tenders, "save_analysis", flaky)
    tender_id = submit(data)
    assert jobs.run_pending() == 1
    assert len(calls) == 2 and row(data, tender_id)["status"] == "done"


def test_a_job_whose_worker_died_is_queued_again_by_the_housekeeping(data, monkeypatch):
    tender_id = submit(data)
    jobs.analysis.flush()  # the message went with the dead worker
    db = store.db.connect(data[0], schema=False)
    store.queue.set_progress(db, tender_id, "read", 0)
    old = (datetime.now(timezone.utc) - timedelta(hours=3)).isoformat(timespec="seconds")
    db.execute("UPDATE tenders SET updated = ? WHERE id = ?", (old, tender_id))
    db.conn.commit()
    db.close()
    from jobs.tasks import housekeeping

    housekeeping.call_local()
    assert row(data, tender_id)["status"] == "queued"
    assert jobs.run_pending() == 1 and row(data, tender_id)["status"] == "done"


def test_the_housekeeping_deletes_old_failed_uploads_originals_only(data):
    bad = submit(data, [("CCAP.pdf", b"%PDF-1.5 not a pdf")])
    good = submit(data)
    jobs.run_pending()
    db = store.db.connect(data[0], schema=False)
    old = (datetime.now(timezone.utc) - timedelta(days=8)).isoformat(timespec="seconds")
    db.execute("UPDATE tenders SET updated = ? WHERE id = ?", (old, bad))
    db.conn.commit()
    bad_digest = store.originals.sha256(b"%PDF-1.5 not a pdf")
    assert store.originals.original_path(data[1], bad_digest).exists()
    assert store.queue.forget_failed_originals(db, data[1], datetime.now(timezone.utc) - timedelta(days=7)) == 1
    db.close()
    assert not store.originals.original_path(data[1], bad_digest).exists()
    assert "supprimés" in row(data, bad)["error"]
    assert all(store.originals.original_path(data[1], store.originals.sha256(d)).exists() for _, d in FILES)
    assert row(data, good)["status"] == "done"


def _slow(progress):
    import time

    progress("read", 1)
    time.sleep(30)


def _greedy(progress):
    blocks = []
    while True:
        blocks.append(bytearray(50 * 1024 * 1024))


def _crash(progress):
    os._exit(3)


def _refuse(progress):
    raise JobFailed("Fichier refusé.")


def test_the_sandbox_stops_a_job_at_its_time_limit():
    seen = []
    with pytest.raises(TimedOut, match="dépassait"):
        run_limited(_slow, (), timeout=1, memory=500 * 1024 * 1024, on_progress=lambda *p: seen.append(p))
    assert seen == [("read", 1)]


def test_the_sandbox_stops_a_job_at_its_memory_limit():
    with pytest.raises(OutOfMemory, match="mémoire"):
        run_limited(_greedy, (), timeout=60, memory=200 * 1024 * 1024)


def test_the_sandbox_reports_a_crash_and_a_refusal():
    with pytest.raises(OutOfMemory, match="arrêté"):
        run_limited(_crash, (), timeout=10, memory=200 * 1024 * 1024)
    with pytest.raises(JobFailed, match="Fichier refusé"):
        run_limited(_refuse, (), timeout=10, memory=200 * 1024 * 1024)


def test_files_already_analysed_by_this_pipeline_are_not_analysed_again(client, run_jobs, monkeypatch):
    def send():
        data = {"files": [(io.BytesIO(content), name) for name, content in FILES]}
        response = client.post("/analyses", data=data, content_type="multipart/form-data")
        return int(response.headers["Location"].rsplit("/", 1)[1])

    first = send()
    assert run_jobs() == 1
    assert send() == first
    assert client.get(f"/api/tenders/{first}").get_json()["status"] == "done"  # served from the stored report
    assert run_jobs() == 0
    monkeypatch.setattr("service.pipeline_version", lambda: "a-newer-pipeline")
    assert send() == first
    assert client.get(f"/api/tenders/{first}").get_json()["status"] == "queued"  # rules changed: analysed again
    assert run_jobs() == 1


def test_the_pipeline_version_changes_with_the_rules(monkeypatch):
    import service

    before = service.pipeline_version()
    assert before == service.pipeline_version() and len(before) == 16
    service.pipeline_version.cache_clear()
    monkeypatch.setattr(service, "VERSIONED", service.VERSIONED[:-1])  # one file fewer in the hash
    assert service.pipeline_version() != before
    service.pipeline_version.cache_clear()
