"""Background analyses: a worker thread per web process feeds queued tenders, one at a time, to a
child process (jobs.worker); each job is jobs.analysis.run_job. `init_app` attaches the worker to
the app (started by the first request, so that CLI commands never analyse the queue)."""
from __future__ import annotations

from flask import Flask, current_app

from jobs.analysis import run_job, run_pending
from jobs.worker import Worker
from store.db import data_paths

__all__ = ["Worker", "init_app", "run_job", "run_pending", "wake"]


def init_app(app: Flask) -> None:
    db_path, originals = data_paths(app.config)
    app.extensions["jobs"] = Worker(db_path, originals, timeout=app.config["JOB_TIMEOUT"])

    @app.before_request
    def start_worker() -> None:
        if app.config["JOBS_WORKER"]:
            app.extensions["jobs"].start()


def wake() -> None:
    """Tell this process's worker that a job was queued."""
    if current_app.config["JOBS_WORKER"]:
        current_app.extensions["jobs"].wake()
