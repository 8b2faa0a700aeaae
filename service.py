"""The one path from input to report, shared by the CLI, the batch, the web upload and the API."""
from __future__ import annotations

import functools
import hashlib
import time
from pathlib import Path
from typing import Callable

from scoring.report import analyze, error_report
from tenders.errors import ReadError
from tenders.reader import collect_files, read_files

Files = list[tuple[str, bytes]]
Progress = Callable[[str, int], None]  # (stage, percent of the whole analysis)

# Where each stage starts, in percent of the whole: reading dominates for PDFs.
STAGE_START = {"read": 0, "detect": 45, "score": 85, "save": 95}


def analyze_files(files: Files, input_name: str, skipped: list[str] | None = None, progress: Progress | None = None):
    """Read and analyse named contents; returns (report, tender). Raises ReadError on bad input."""
    report_progress = progress or (lambda _stage, _percent: None)

    def reading(done: int, total: int) -> None:
        report_progress("read", STAGE_START["read"] + (STAGE_START["detect"] - STAGE_START["read"]) * done // max(total, 1))

    t0 = time.perf_counter()
    tender = read_files(files, input_name, skipped, progress=reading)
    read_ms = (time.perf_counter() - t0) * 1000
    report = analyze(tender, input_name, {"read": read_ms}, progress=lambda stage: report_progress(stage, STAGE_START[stage]))
    warnings = tender.notice_fields.get("warnings")
    if warnings:
        report["warnings"] = list(warnings)
    return report, tender


def analyze_path(path: str | Path):
    """Returns (report, tender, files) for a file, folder or ZIP."""
    files, skipped = collect_files(path)
    report, tender = analyze_files(files, str(path), skipped)
    return report, tender, files


def report_or_error(path: str) -> dict:
    """For the batch: never raises; a failed input gives a report with `error` set."""
    try:
        return analyze_path(path)[0]
    except ReadError as err:
        return error_report(path, str(err))
    except Exception as err:  # one bad file must not stop a batch of thousands
        return error_report(path, f"Erreur interne en analysant ce fichier ({type(err).__name__}: {err}).")


# What decides a report: the readers, the NLP rules and model, the scoring data. A stored report
# made by the same version of all of these is not recomputed when the same files come again.
VERSIONED = ("tenders/**/*.py", "tenders/*.yml", "nlp/*.py", "nlp/patterns/*.yml", "nlp/*.yml",
             "nlp/models/*.joblib", "scoring/*.py", "scoring/*.yml", "guide/grid.yml", "requirements.txt")


@functools.cache
def pipeline_version() -> str:
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted({p for pattern in VERSIONED for p in root.glob(pattern)}):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def warm_up() -> None:
    """Load the spaCy model and the sentence classifier in this process, once (batch and
    analysis workers call it at start, so that no analysis pays for them)."""
    from nlp import classifier
    from nlp.pipeline import get_nlp

    get_nlp()
    if classifier.enabled():
        classifier.load_artifact()
