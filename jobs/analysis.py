"""One queued analysis, run to its end: originals in, report stored, or the job failed with a
French reason. Never raises: a crash costs that job, not the worker."""
from __future__ import annotations

import logging
from pathlib import Path

from store import db as db_module
from store import queue, tenders

log = logging.getLogger(__name__)

INTERNAL_ERROR = ("Erreur interne pendant l'analyse ({what}). Les fichiers sont conservés ; "
                  "signalez-nous ce dossier si l'erreur se reproduit.")


def run_job(db_path: str, originals_dir: str, tender_id: int) -> str:
    """Analyse one claimed tender and store its report; returns the final status. Never raises."""
    from service import STAGE_START, analyze_files, pipeline_version
    from tenders.errors import ReadError

    db = db_module.connect(db_path, schema=False)
    try:
        files, name = queue.job_files(db, Path(originals_dir), tender_id)
        report, tender = analyze_files(
            files, name, progress=lambda stage, percent: queue.set_progress(db, tender_id, stage, percent))
        queue.set_progress(db, tender_id, "save", STAGE_START["save"])
        tenders.save(db, Path(originals_dir), report, tender, files, tender_id=tender_id,
                   pipeline=pipeline_version())
        return "done"
    except ReadError as err:
        queue.fail(db, tender_id, str(err))
    except Exception as err:  # the job fails, the worker goes on with the next one
        log.exception("analysis of tender %s failed", tender_id)
        queue.fail(db, tender_id, INTERNAL_ERROR.format(what=type(err).__name__))
    finally:
        db.close()
    return "error"


def run_pending(db_path: str | Path, originals_dir: str | Path) -> int:
    """Run every queued analysis here, in this process (tests and the `work` CLI command)."""
    db = db_module.connect(db_path)
    done = 0
    try:
        while (tender_id := queue.claim_next(db)) is not None:
            run_job(str(db_path), str(originals_dir), tender_id)
            done += 1
    finally:
        db.close()
    return done
