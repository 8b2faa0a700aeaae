"""The one place that chains the stages: read (tenders) → analyse (nlp) → assess (scoring) →
report. The CLI, the batch, the analysis worker and the quick check all call it."""
from __future__ import annotations

import functools
import hashlib
import time
from pathlib import Path
from typing import Callable

import nlp
import report
import scoring
from tenders.errors import ReadError
from tenders.reader import collect_files, read_files

Files = list[tuple[str, bytes]]
Progress = Callable[[str, int], None]  # (stage, percent of the whole analysis)

# Where each stage starts, in percent of the whole: reading dominates for PDFs.
STAGE_START = {"read": 0, "detect": 45, "score": 85, "save": 95}


def analyze_files(files: Files, input_name: str, skipped: list[str] | None = None, progress: Progress | None = None,
                  budget=None):
    """Read and analyse named contents; returns (report, tender). Raises ReadError on bad input.
    `budget` (tenders.budget.Budget) bounds the reading; the default one otherwise."""
    report_progress = progress or (lambda _stage, _percent: None)

    def reading(done: int, total: int) -> None:
        report_progress("read", STAGE_START["read"] + (STAGE_START["detect"] - STAGE_START["read"]) * done // max(total, 1))

    t0 = time.perf_counter()
    tender = read_files(files, input_name, skipped, progress=reading, budget=budget)
    timings = {"read": (time.perf_counter() - t0) * 1000}
    return analyze_tender(tender, input_name, timings, report_progress), tender


def analyze_tender(tender, input_name: str, timings: dict[str, float] | None = None,
                   progress: Progress | None = None) -> dict:
    """The report of a tender already read: analyse, assess, assemble."""
    report_progress = progress or (lambda _stage, _percent: None)
    timings = dict(timings or {})
    report_progress("detect", STAGE_START["detect"])
    t0 = time.perf_counter()
    analysis = nlp.analyse(tender)
    timings["detect"] = (time.perf_counter() - t0) * 1000
    report_progress("score", STAGE_START["score"])
    t0 = time.perf_counter()
    assessment = scoring.assess(tender, analysis)
    timings["score"] = (time.perf_counter() - t0) * 1000
    return report.build(input_name, tender, analysis, assessment, timings)


def analyze_path(path: str | Path):
    """Returns (report, tender, files) for a file, folder or ZIP."""
    files, skipped = collect_files(path)
    result, tender = analyze_files(files, str(path), skipped)
    return result, tender, files


def report_or_error(path: str) -> dict:
    """For the batch: never raises; a failed input gives a report with `error` set."""
    try:
        return analyze_path(path)[0]
    except ReadError as err:
        return report.error_report(path, str(err))
    except Exception as err:  # one bad file must not stop a batch of thousands
        return report.error_report(path, f"Erreur interne en analysant ce fichier ({type(err).__name__}: {err}).")


# What decides a report: the taxonomy, the readers, the NLP rules and model, the scoring data and
# the report's assembly. A stored report made by the same version of all of these is not
# recomputed when the same files come again.
VERSIONED = ("taxonomy/*", "text/*.py", "tenders/**/*.py", "tenders/**/*.yml", "nlp/**/*.py", "nlp/**/*.yml",
             "nlp/models/*.joblib", "scoring/*.py", "scoring/*.yml", "report/*.py", "service.py",
             "requirements.txt")


ROOT = Path(__file__).parent


def versioned_files() -> list[Path]:
    return sorted({p for pattern in VERSIONED for p in ROOT.glob(pattern) if p.is_file()})


@functools.cache
def pipeline_version() -> str:
    digest = hashlib.sha256()
    for path in versioned_files():
        digest.update(path.relative_to(ROOT).as_posix().encode())
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
