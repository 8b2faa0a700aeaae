"""What the upload form, the API and the quick check share: the files of a request, the checks
that refuse a bad upload before anything is stored, and queuing an analysis."""
from __future__ import annotations

from flask import current_app, g, request

import jobs
import service
from store import queue
from store.db import data_paths, get_db
from tenders import preflight
from tenders.errors import ReadError


def uploaded_files() -> list[tuple[str, bytes]]:
    return [(f.filename, f.read()) for f in request.files.getlist("files") if f and f.filename]


def input_name(files: list[tuple[str, bytes]]) -> str:
    return files[0][0] if len(files) == 1 else f"{files[0][0]} et {len(files) - 1} autre(s)"


def empty_files(files: list[tuple[str, bytes]]) -> list[str]:
    return [name for name, data in files if not data]


def refusal(files: list[tuple[str, bytes]]) -> tuple[str, int] | None:
    """(French message, HTTP status) when the upload must be refused before anything is stored."""
    try:
        preflight.check_upload(files)
    except ReadError as err:
        return f"{err} Rien n'a été enregistré.", preflight.http_status(err)
    return None


def enqueue(files: list[tuple[str, bytes]]) -> int:
    """Queue an upload for the current user, who owns it; it stays private to their organisation."""
    _, originals = data_paths(current_app.config)
    tender_id = queue.enqueue(get_db(), originals, files, input_name(files), org=g.user.org, owner_id=g.user.id,
                              pipeline=service.pipeline_version())
    jobs.wake()
    return tender_id
