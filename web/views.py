"""HTML pages: upload a tender, read its analysis, list and search stored tenders."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

import store
from app import data_paths, get_db
from scoring.summary import CATEGORY_LABELS, STATUS_LABELS
from tenders.errors import ReadError

bp = Blueprint("views", __name__)

FINDING_LABELS = {
    "lots": "Allotissement", "turnover_requirement": "Chiffre d'affaires exigé", "response_time": "Délai de réponse",
    "advance_payment": "Avance", "retention_guarantee": "Retenue de garantie", "payment_delay": "Délai de paiement",
    "penalties": "Pénalités", "references_required": "Références exigées", "joint_bids": "Groupements",
    "variants": "Variantes", "site_visit": "Visite de site", "candidacy_file": "Dossier de candidature",
}


@bp.app_context_processor
def labels() -> dict:
    return {"CATEGORY_LABELS": CATEGORY_LABELS, "STATUS_LABELS": STATUS_LABELS, "FINDING_LABELS": FINDING_LABELS}


@bp.get("/")
def index():
    return render_template("index.html", tenders=store.list_tenders(get_db()))


@bp.post("/analyses")
def upload():
    from service import analyze_files

    uploads = [f for f in request.files.getlist("files") if f and f.filename]
    if not uploads:
        flash("Choisissez au moins un fichier (PDF, DOCX, ODT, HTML, texte, XML d'avis ou ZIP du DCE).", "error")
        return redirect(url_for("views.index"))
    files = [(f.filename, f.read()) for f in uploads]
    name = files[0][0] if len(files) == 1 else f"{files[0][0]} et {len(files) - 1} autre(s)"
    try:
        report, tender = analyze_files(files, name)
    except ReadError as err:
        flash(str(err), "error")
        return redirect(url_for("views.index"))
    _, originals = data_paths(current_app)
    tender_id = store.save(get_db(), originals, report, tender, files)
    for warning in report.get("warnings", []):
        flash(warning, "warning")
    return redirect(url_for("views.tender", tender_id=tender_id))


@bp.get("/tenders/<int:tender_id>")
def tender(tender_id: int):
    report = store.get_report(get_db(), tender_id)
    if report is None:
        abort(404)
    return render_template("tender.html", report=report, tender_id=tender_id)


@bp.get("/search")
def search():
    query = request.args.get("q", "").strip()
    hits = store.search(get_db(), query) if query else []
    return render_template("search.html", query=query, hits=hits)


@bp.app_errorhandler(413)
def too_large(_err):
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    flash(f"Envoi refusé : les fichiers dépassent {limit} Mo au total. Rien n'a été enregistré.", "error")
    return redirect(url_for("views.index"))
