"""The tasks of both queues.

analysis queue (no database): `analyse_tender` and `quick_check` take the files themselves and
send what they find to the writer queue: progress, the report and the read tender, or the
reason of a failure.
writer queue (one worker, beside the database): applies those messages in order, and every
few minutes purges expired quick checks and old failed uploads, and queues again analyses whose
worker died.
"""
from __future__ import annotations

import logging
import time

from huey import crontab

from jobs import storing as db_side
from jobs.config import check_timeout, job_memory_bytes, job_timeout
from jobs.queues import analysis, writer
from jobs.sandbox import JobFailed, run_limited

log = logging.getLogger(__name__)

INTERNAL_ERROR = ("Erreur interne pendant l'analyse ({what}). Les fichiers sont conservés ; "
                  "signalez-nous ce dossier si l'erreur se reproduit.")
PROGRESS_EVERY = 1.0  # seconds between two progress messages of one job


def _analyse(files, input_name, ocr_seconds: float | None = None, progress=None):
    """In the sandboxed child: read, analyse, assess; the report and the read tender.
    `ocr_seconds` caps the OCR time (a check has less time than a stored analysis)."""
    from service import analyze_files
    from tenders.budget import Budget
    from tenders.errors import ReadError

    budget = None if ocr_seconds is None else Budget(max_ocr_seconds=ocr_seconds)
    try:
        return analyze_files(files, input_name, progress=progress, budget=budget)
    except ReadError as err:
        raise JobFailed(str(err)) from err


def _throttled(tender_id: int):
    last = {"at": 0.0, "stage": None}

    def send(stage: str, percent: int) -> None:
        now = time.monotonic()
        if stage != last["stage"] or now - last["at"] >= PROGRESS_EVERY:
            last.update(at=now, stage=stage)
            record_progress(tender_id, stage, percent)

    return send


@analysis.on_startup()
def _warm() -> None:
    from service import warm_up

    warm_up()  # the model loads once per worker; every sandboxed child starts with it


@analysis.task(retries=1, retry_delay=10)
def analyse_tender(tender_id: int, files: list[tuple[str, bytes]], input_name: str, pipeline: str | None) -> None:
    record_progress(tender_id, "read", 0)
    try:
        report, tender = run_limited(_analyse, (files, input_name), timeout=job_timeout(), memory=job_memory_bytes(),
                                     on_progress=_throttled(tender_id))
    except JobFailed as err:
        record_failure(tender_id, str(err))
        return
    except Exception as err:  # noqa: BLE001 - the job fails with a reason; the worker goes on
        log.exception("analysis of tender %s failed", tender_id)
        record_failure(tender_id, INTERNAL_ERROR.format(what=type(err).__name__))
        return
    record_result(tender_id, report, tender, pipeline)


@analysis.task(priority=10)  # a visitor is waiting on the page
def quick_check(token: str, files: list[tuple[str, bytes]], input_name: str) -> None:
    try:
        # OCR may take at most half the check's time: the rest is for the analysis itself
        report, _ = run_limited(_analyse, (files, input_name, check_timeout() / 2), timeout=check_timeout(),
                                memory=job_memory_bytes())
        record_check(token, report, None)
    except JobFailed as err:
        record_check(token, None, str(err))
    except Exception as err:  # noqa: BLE001
        log.exception("quick check %s failed", token)
        record_check(token, None, INTERNAL_ERROR.format(what=type(err).__name__))


# A result, a failure or a check lost to a transient error (the disk, a lock held past the 30 s
# busy timeout) would leave its row "running" until the housekeeping requeues it: tried again at
# once, since the busy timeout already waited. Progress is not: the next one replaces it.
_STORE_RETRIES = 3


@writer.task()
def record_progress(tender_id: int, stage: str, percent: int) -> None:
    db_side.progress(tender_id, stage, percent)


@writer.task(retries=_STORE_RETRIES)
def record_result(tender_id: int, report: dict, tender, pipeline: str | None) -> None:
    db_side.stored(tender_id, report, tender, pipeline)


@writer.task(retries=_STORE_RETRIES)
def record_failure(tender_id: int, message: str) -> None:
    db_side.failed(tender_id, message)


@writer.task(retries=_STORE_RETRIES)
def record_check(token: str, report: dict | None, error: str | None) -> None:
    db_side.check_done(token, report, error)


@writer.periodic_task(crontab(minute="*/5"))
def housekeeping() -> None:
    for tender_id, files, input_name, pipeline in db_side.housekeeping(job_timeout()):
        analyse_tender(tender_id, files, input_name, pipeline)
