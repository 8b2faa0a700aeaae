"""The buyer's pages of one tender: upload, progress then report, its documents with the
passages highlighted, publication, and the exports (PDF, CSV, JSON)."""
from __future__ import annotations

import json
from collections import Counter

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for

from report.exports import report_csv
from store import access
from store import tenders as tender_store
from store.db import get_db
from taxonomy import CATEGORIES
from web.auth import upload_allowed_or_refuse
from web.highlight import passage_links, show_pages
from web.printing import axes_chart, report_pdf_response
from web.uploads import empty_files, enqueue, refusal, uploaded_files
from web.viewer import done_report_or_404, tender_or_404, viewer_filter

bp = Blueprint("tenders", __name__)


@bp.get("/")
def index():
    recent = tender_store.list_tenders(get_db(), viewer_filter(per_page=8))
    return render_template("index.html", tenders=recent)


@bp.post("/analyses")
def upload():
    if (refused := upload_allowed_or_refuse()) is not None:
        return refused
    files = uploaded_files()
    if not files:
        flash("Choisissez au moins un fichier (PDF, DOCX, ODT, HTML, texte, XML d'avis ou ZIP du DCE).", "error")
        return redirect(url_for("tenders.index"))
    if empty := empty_files(files):
        flash(f"Fichier vide : « {empty[0]} ». Rien n'a été enregistré.", "error")
        return redirect(url_for("tenders.index"))
    if (refused := refusal(files)) is not None:
        message, status = refused
        flash(message, "error")
        recent = tender_store.list_tenders(get_db(), viewer_filter(per_page=8))
        return render_template("index.html", tenders=recent), status
    return redirect(url_for("tenders.tender", tender_id=enqueue(files)))


@bp.get("/tenders/<int:tender_id>")
def tender(tender_id: int):
    row = tender_or_404(tender_id)
    if row["status"] != "done" or row["report"] is None:
        return render_template("progress.html", row=row, tender_id=tender_id)
    report = row["report"]
    links = passage_links(show_pages(tender_store.pages(get_db(), tender_id), report))
    return render_template("tender.html", report=report, row=row, tender_id=tender_id, links=links,
                           chart=axes_chart(report), can_publish=access.can_publish(g.user, row))


@bp.post("/tenders/<int:tender_id>/publish")
def publish(tender_id: int):
    """The owner opens the tender to everyone (and to the guide's excerpts), or closes it again."""
    row = tender_or_404(tender_id)
    if not access.can_publish(g.user, row):
        abort(403)
    published = request.form.get("published") == "1"
    tender_store.set_published(get_db(), tender_id, published)
    flash("Appel d'offres publié : visible de tous et source d'extraits pour le guide." if published
          else "Appel d'offres retiré : visible de votre seule organisation.", "info")
    return redirect(url_for("tenders.tender", tender_id=tender_id))


@bp.get("/tenders/<int:tender_id>/documents")
def documents(tender_id: int):
    report = done_report_or_404(tender_id)
    category = request.args.get("category", "")
    category = category if category in CATEGORIES else ""
    pages = show_pages(tender_store.pages(get_db(), tender_id), report, category)
    present = Counter(c["category"] for c in report["clauses"] if not c["negated"])
    return render_template("documents.html", report=report, tender_id=tender_id, pages=pages, category=category,
                           present=present)


@bp.get("/tenders/<int:tender_id>/report.json")
def export_json(tender_id: int):
    report = done_report_or_404(tender_id)
    body = json.dumps(report, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="rapport-{tender_id}.json"'})


@bp.get("/tenders/<int:tender_id>/report.csv")
def export_csv(tender_id: int):
    report = done_report_or_404(tender_id)
    return Response(report_csv(report), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="rapport-{tender_id}.csv"'})


@bp.get("/tenders/<int:tender_id>/report.pdf")
def export_pdf(tender_id: int):
    return report_pdf_response(done_report_or_404(tender_id), tender_id)
