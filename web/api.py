"""JSON API, described in web/openapi.yml (served at /api/openapi.json).

An upload answers 202 at once; the client then polls GET /api/tenders/<id> until `status` is
`done` (with the same report as `flask --app app analyze --json`) or `error`."""
from __future__ import annotations

import functools
import json
from pathlib import Path

import yaml
from flask import Blueprint, current_app, g, jsonify, request, url_for

from report.schema import SCHEMA_PATH
from store import access, audit, deletion
from store import tenders as tender_store
from store.db import data_paths, get_db
from store.search import BadQuery
from web.auth import token_required
from web.printing import report_pdf_response
from web.uploads import empty_files, enqueue, refusal, uploaded_files
from web.viewer import filters_from, shown, visible_search, visible_tender

bp = Blueprint("api", __name__, url_prefix="/api")
OPENAPI = Path(__file__).with_name("openapi.yml")


def error(message: str, status: int):
    return jsonify({"error": message}), status


def job_view(row: dict) -> dict:
    return {"id": row["id"], "status": row["status"], "stage": row["stage"], "progress": row["progress"],
            "error": row["error"], "report": row["report"] if row["status"] == "done" else None}


@bp.post("/tenders")
@token_required()
def create():
    files = uploaded_files()
    if not files:
        return error("Aucun fichier reçu : envoyez un ou plusieurs fichiers dans le champ « files ».", 400)
    if empty := empty_files(files):
        return error(f"Fichier vide : « {empty[0]} ».", 400)
    if (refused := refusal(files)) is not None:
        return error(*refused)
    tender_id = enqueue(files)
    row = visible_tender(tender_id)
    response = jsonify({"id": tender_id, "status": row["status"]})
    response.headers["Location"] = url_for("api.tender", tender_id=tender_id)
    return response, 202


@bp.get("/tenders")
def tenders():
    filters = filters_from(request.args)
    page = tender_store.tender_page(get_db(), filters)
    return jsonify({"items": [shown(row) for row in page.rows], "total": page.total, "page": page.number,
                    "pages": page.pages, "per_page": filters.per_page, "next": page.next, "previous": page.previous})


@bp.get("/tenders/<int:tender_id>")
def tender(tender_id: int):
    row = visible_tender(tender_id)
    if row is None:
        return error(f"Aucun appel d'offres n° {tender_id}.", 404)
    return jsonify(job_view(shown(row)))


@bp.delete("/tenders/<int:tender_id>")
@token_required()
def delete(tender_id: int):
    """Delete a tender completely (its owner or an admin); the deletion is written to the audit log."""
    row = visible_tender(tender_id)
    if row is None:
        return error(f"Aucun appel d'offres n° {tender_id}.", 404)
    if not access.can_publish(g.user, row):
        return error("Seul le titulaire du dossier ou un administrateur peut le supprimer.", 403)
    db = get_db()
    done = deletion.delete_tender(db, data_paths(current_app.config)[1], tender_id)
    audit.record(db, g.user, "delete", tender_id, row.get("title") or row.get("input"))
    return jsonify({"id": tender_id, "deleted": True, "rows": done.rows, "files": done.files})


@bp.get("/tenders/<int:tender_id>/report.pdf")
def report_pdf(tender_id: int):
    row = visible_tender(tender_id)
    if row is None:
        return error(f"Aucun appel d'offres n° {tender_id}.", 404)
    if row["status"] != "done":
        return error(f"L'analyse n° {tender_id} n'est pas terminée (état : {row['status']}).", 409)
    return report_pdf_response(row["report"], tender_id)


@bp.get("/search")
def search():
    query = request.args.get("q", "").strip()
    if not query:
        return error("Paramètre « q » manquant : le texte à chercher.", 400)
    try:
        return jsonify({"query": query, "hits": visible_search(query)})
    except BadQuery as err:
        return error(str(err), 400)


@functools.cache
def _spec() -> dict:
    """web/openapi.yml with the report schema taken from analysis.schema.json, the one contract."""
    spec = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    report = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    for key in ("$schema", "$id"):
        report.pop(key, None)
    spec["components"]["schemas"]["Report"] = report
    return spec


@bp.get("/openapi.json")
def openapi():
    return jsonify(_spec())
