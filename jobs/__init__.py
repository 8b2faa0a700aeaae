"""Background analyses on two huey queues (jobs.queues): analysis workers read and analyse the
files they are given, with a time and a memory limit (jobs.sandbox); one writer stores what
they send back (jobs.writer). The web and the CLI submit work here.

    submit_tender(...)   an upload: its row is queued in the database, its files on the queue
    submit_check(...)    an anonymous quick check: only its report comes back, kept one hour
    run_pending()        drain both queues in this process (tests, `flask work --once`)
"""
from __future__ import annotations

from jobs.queues import analysis, writer
from jobs.tasks import analyse_tender, quick_check

__all__ = ["analysis", "run_pending", "submit_check", "submit_tender", "writer"]


def submit_tender(tender_id: int, files: list[tuple[str, bytes]], input_name: str, pipeline: str | None) -> None:
    analyse_tender(tender_id, files, input_name, pipeline)


def submit_check(token: str, files: list[tuple[str, bytes]], input_name: str) -> None:
    quick_check(token, files, input_name)


def run_pending(limit: int | None = None) -> int:
    """Run queued tasks here until both queues are empty; the number of analyses and checks run."""
    from service import warm_up

    if analysis.pending_count():
        warm_up()  # once per process: each sandboxed child then starts with the model loaded
    done = 0
    while limit is None or done < limit:
        task = analysis.dequeue()
        if task is not None:
            analysis.execute(task)
            done += 1
        while (message := writer.dequeue()) is not None:
            writer.execute(message)
        if task is None:
            return done
    return done
