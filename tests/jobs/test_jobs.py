"""Background analysis: the queue in the tenders table, progress, failures and restarts."""
from __future__ import annotations

import time

import pytest

import store
from jobs import Worker, run_pending
from tests.fixtures.paths import ROOT
from tests.fixtures.texts import CCAP_TEXT, RC_TEXT


@pytest.fixture
def paths(tmp_path):
    db_path, originals = tmp_path / "solidarity.db", tmp_path / "originals"
    store.db.connect(db_path).close()
    return db_path, originals


def queue(paths, *files) -> int:
    db = store.db.connect(paths[0], schema=False)
    try:
        return store.queue.enqueue(db, paths[1], list(files), files[0][0])
    finally:
        db.close()


def status(paths, tender_id: int) -> dict:
    db = store.db.connect(paths[0], schema=False)
    try:
        return store.tenders.get_tender(db, tender_id)
    finally:
        db.close()


def test_progress_moves_through_the_stages_in_order(paths, monkeypatch):
    seen = []
    original = store.queue.set_progress
    monkeypatch.setattr(store.queue, "set_progress", lambda db, tid, stage, pct: (seen.append((stage, pct)),
                                                                           original(db, tid, stage, pct)))
    tender_id = queue(paths, ("RC.txt", RC_TEXT.encode()), ("CCAP.txt", CCAP_TEXT.encode()))
    assert run_pending(*paths) == 1
    stages = [stage for stage, _ in seen]
    assert stages[0] == "read" and stages[-1] == "save"
    assert [s for s in dict.fromkeys(stages)] == ["read", "detect", "score", "save"]
    percents = [pct for _, pct in seen]
    assert percents == sorted(percents) and 0 <= percents[0] and percents[-1] < 100
    row = status(paths, tender_id)
    assert row["status"] == "done" and row["progress"] == 100 and row["report"]["id"] == tender_id


def test_a_crashing_analysis_fails_alone_and_the_queue_goes_on(paths, monkeypatch):
    import service

    real = service.analyze_files
    calls = []

    def flaky(files, name, *args, **kwargs):
        calls.append(name)
        if len(calls) == 1:
            raise MemoryError("boom")
        return real(files, name, *args, **kwargs)

    monkeypatch.setattr(service, "analyze_files", flaky)
    first = queue(paths, ("RC.txt", RC_TEXT.encode()))
    second = queue(paths, ("CCAP.txt", CCAP_TEXT.encode()))
    assert run_pending(*paths) == 2
    failed = status(paths, first)
    assert failed["status"] == "error" and "Erreur interne" in failed["error"] and failed["report"] is None
    assert status(paths, second)["status"] == "done"


def test_a_job_cut_short_by_a_restart_is_queued_again(paths):
    tender_id = queue(paths, ("RC.txt", RC_TEXT.encode()))
    db = store.db.connect(paths[0], schema=False)
    assert store.queue.claim_next(db) == tender_id  # "running" ... then the process dies
    assert store.queue.claim_next(db) is None  # nobody else takes a running job
    assert store.queue.requeue_interrupted(db) == 1
    assert store.tenders.get_tender(db, tender_id)["status"] == "queued"
    db.close()


def test_uploading_files_being_analysed_does_not_start_them_twice(paths):
    files = [("RC.txt", RC_TEXT.encode())]
    tender_id = queue(paths, *files)
    db = store.db.connect(paths[0], schema=False)
    store.queue.claim_next(db)
    assert queue(paths, *files) == tender_id
    assert store.tenders.get_tender(db, tender_id)["status"] == "running"
    db.close()


def wait_for(paths, ids, timeout=180) -> dict[int, dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = {i: status(paths, i) for i in ids}
        if all(r["status"] in ("done", "error") for r in rows.values()):
            return rows
        time.sleep(0.3)
    raise AssertionError(f"still pending after {timeout}s: {rows}")


def test_worker_runs_jobs_in_a_child_process_and_survives_a_bad_file(paths):
    interrupted = queue(paths, ("notes.txt", "Note interne : marché de fournitures de bureau.".encode()))
    db = store.db.connect(paths[0], schema=False)
    store.queue.claim_next(db)  # left "running" by a previous process
    db.close()
    bad = queue(paths, ("CCAP.pdf", b"%PDF-1.5 truncated"))
    good = queue(paths, ("RC.txt", RC_TEXT.encode()), ("CCAP.txt", CCAP_TEXT.encode()))
    worker = Worker(*paths, timeout=300)
    worker.start()
    try:
        rows = wait_for(paths, [interrupted, bad, good])
    finally:
        worker._discard_pool(kill=True)
    assert rows[interrupted]["status"] == "done"  # resumed at start
    assert rows[bad]["status"] == "error" and "CCAP.pdf" in rows[bad]["error"]
    assert rows[good]["status"] == "done" and rows[good]["report"]["categories"]["insertion_clause"]


def test_worker_stops_an_analysis_that_runs_too_long(paths):
    tender_id = queue(paths, ("RC.txt", RC_TEXT.encode()))
    worker = Worker(*paths, timeout=0.5)  # less than loading the model takes
    worker.start()
    try:
        row = wait_for(paths, [tender_id], timeout=60)[tender_id]
    finally:
        worker._discard_pool(kill=True)
    assert row["status"] == "error" and "dépassait" in row["error"]


def test_the_analysis_process_exits_when_the_web_process_is_killed(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    script = (
        "import os, sys, time, jobs\n"
        "worker = jobs.Worker(sys.argv[1], sys.argv[2])\n"
        "print(worker._executor().submit(os.getpid).result(), flush=True)\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "db"), str(tmp_path / "orig")],
                              stdout=subprocess.PIPE, text=True, cwd=str(ROOT))
    child = int(parent.stdout.readline())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(child, signal.SIGKILL)
    raise AssertionError("the analysis process outlived the web process")


def test_files_already_analysed_by_this_pipeline_are_not_analysed_again(client, run_jobs, monkeypatch):
    import io

    def send():
        data = {"files": [(io.BytesIO(RC_TEXT.encode()), "RC.txt"), (io.BytesIO(CCAP_TEXT.encode()), "CCAP.txt")]}
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


def test_the_pipeline_version_changes_with_the_rules(tmp_path, monkeypatch):
    import service

    before = service.pipeline_version()
    assert before == service.pipeline_version() and len(before) == 16
    service.pipeline_version.cache_clear()
    monkeypatch.setattr(service, "VERSIONED", service.VERSIONED[:-1])  # one file fewer in the hash
    assert service.pipeline_version() != before
    service.pipeline_version.cache_clear()
