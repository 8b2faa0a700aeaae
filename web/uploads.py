"""What the upload form, the API and the quick check share: the files of a request, the cheap
checks that refuse a bad upload before anything is stored (types and sizes only: every reader
runs in the analysis workers), the organisation's quotas, and submitting the analysis."""
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


def refusal(files: list[tuple[str, bytes]], quotas: bool = True) -> tuple[str, int] | None:
    """(French message, HTTP status) when the upload must be refused before anything is stored:
    a bad file, or (for a signed-in user) the organisation's quotas."""
    try:
        preflight.check_upload(files)
    except ReadError as err:
        return f"{err} Rien n'a été enregistré.", preflight.http_status(err)
    return over_quota(files) if quotas and g.get("user") is not None else None


def over_quota(files: list[tuple[str, bytes]]) -> tuple[str, int] | None:
    """The organisation's limits: analyses waiting, and bytes of originals kept."""
    db, org = get_db(), g.user.org
    limit = current_app.config["ORG_MAX_PENDING"]
    if queue.pending(db, org) >= limit:
        return (f"Votre organisation a déjà {limit} analyses en attente : attendez qu'elles se terminent. "
                "Rien n'a été enregistré.", 429)
    quota = current_app.config["ORG_STORAGE_MB"] * 1024 * 1024
    if queue.stored_bytes(db, org) + sum(len(data) for _, data in files) > quota:
        return (f"L'espace de votre organisation ({quota // (1024 * 1024)} Mo de fichiers) est plein : "
                "supprimez des dossiers anciens. Rien n'a été enregistré.", 413)
    return None


def enqueue(files: list[tuple[str, bytes]]) -> int:
    """Keep the originals, queue the analysis for the current user (the owner; private to their
    organisation), unless the same files were already analysed by this version."""
    _, originals = data_paths(current_app.config)
    pipeline = service.pipeline_version()
    tender_id, needed = queue.enqueue(get_db(), originals, files, input_name(files), org=g.user.org,
                                      owner_id=g.user.id, pipeline=pipeline)
    if needed:
        jobs.submit_tender(tender_id, files, input_name(files), pipeline)
    return tender_id
