"""Background analysis: the queue is the `status` column of the tenders table.

One worker thread per web process claims queued tenders and runs each analysis in a child
process: a crash or a runaway file costs that one job, not the web app, and the child writes its
progress to the database, where any page (or a reload) reads it. A restart puts analyses that
were cut short back in the queue, since their originals are kept.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from jobs.analysis import INTERNAL_ERROR, run_job
from store import db as db_module
from store import queue

log = logging.getLogger(__name__)


def _child_init() -> None:
    """In the analysis process: exit when the web process is gone (killed, not stopped
    cleanly), rather than linger as an orphan holding the model in memory; then load the model."""
    from service import warm_up

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(2)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    warm_up()


class Worker:
    """A daemon thread feeding queued analyses, one at a time, to a child process."""

    def __init__(self, db_path: Path, originals_dir: Path, timeout: float = 900):
        self.db_path, self.originals_dir, self.timeout = Path(db_path), Path(originals_dir), timeout
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="analysis-worker", daemon=True)
                self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def _loop(self) -> None:
        db = db_module.connect(self.db_path, schema=False)
        resumed = queue.requeue_interrupted(db)
        if resumed:
            log.info("%d interrupted analyses queued again", resumed)
        while True:
            tender_id = queue.claim_next(db)
            if tender_id is None:
                self._wake.wait(timeout=2)  # an upload wakes us; the timeout catches other processes' uploads
                self._wake.clear()
                continue
            self._run(db, tender_id)

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_child_init)
        return self._pool

    def _run(self, db, tender_id: int) -> None:
        try:
            future = self._executor().submit(run_job, str(self.db_path), str(self.originals_dir), tender_id)
            future.result(timeout=self.timeout)
        except FutureTimeout:
            self._discard_pool(kill=True)
            limit = f"{self.timeout / 60:.0f} minutes" if self.timeout >= 60 else f"{self.timeout:g} secondes"
            queue.fail(db, tender_id, f"Analyse interrompue : elle dépassait {limit}. "
                                      "Essayez avec moins de fichiers à la fois.")
        except BrokenProcessPool:
            self._discard_pool()
            queue.fail(db, tender_id, INTERNAL_ERROR.format(what="le processus d'analyse s'est arrêté"))
        except Exception as err:  # noqa: BLE001 - whatever happens, the next job still runs
            log.exception("worker failed on tender %s", tender_id)
            queue.fail(db, tender_id, INTERNAL_ERROR.format(what=type(err).__name__))

    def _discard_pool(self, kill: bool = False) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kill:  # no public way to stop a running task before Python 3.14
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
