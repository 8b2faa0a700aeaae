"""The buyer's pages of one tender: upload, progress then report, its documents one at a time
with the passages highlighted, and the exports (PDF, CSV, JSON). Publishing and deleting, with
their confirmation, are web.manage."""
from __future__ import annotations

import json
from collections import Counter

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for

from report.exports import report_csv
from store import access
from store import tenders as tender_store
from store.db import get_db
from taxonomy import CATEGORIES
from web import docview
from web.auth import upload_allowed_or_refuse
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
        flash("Choisissez au moins un fichier (PDF, DOCX, ODT, XLSX, ODS, HTML, texte, XML d’avis ou ZIP du DCE).", "error")
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


def passage_urls(tender_id: int, report: dict) -> dict[str, str]:
    """anchor -> the address of the documents page that shows it, passage included."""
    base = url_for("tenders.documents", tender_id=tender_id)
    return {anchor: f"{base}{query}#{anchor}"
            for anchor, query in docview.locate(tender_store.pages(get_db(), tender_id), report).items()}


@bp.get("/tenders/<int:tender_id>")
def tender(tender_id: int):
    row = tender_or_404(tender_id)
    can_manage = access.can_publish(g.user, row)
    if row["status"] != "done" or row["report"] is None:
        return render_template("progress.html", row=row, tender_id=tender_id, can_delete=can_manage)
    report = row["report"]
    return render_template("tender.html", report=report, row=row, tender_id=tender_id,
                           links=passage_urls(tender_id, report), chart=axes_chart(report),
                           can_publish=can_manage)


def _number(name: str, top: int) -> int:
    try:
        return max(1, min(int(request.args.get(name, 1)), max(top, 1)))
    except ValueError:
        return 1


@bp.get("/tenders/<int:tender_id>/documents")
def documents(tender_id: int):
    """One document at a time (?doc=N), one page or part of it at a time (?page=N)."""
    report = done_report_or_404(tender_id)
    category = request.args.get("category", "")
    category = category if category in CATEGORIES else ""
    pages = tender_store.pages(get_db(), tender_id)
    names = docview.documents(pages)
    present = Counter(c["category"] for c in report["clauses"] if not c["negated"])
    if not names:
        return render_template("documents.html", report=report, tender_id=tender_id, names=[], category=category,
                               present=present, shown=None)
    doc = _number("doc", len(names))
    name = names[doc - 1]
    views = docview.views(pages, report, name, category)
    position = _number("page", len(views))
    if "page" not in request.args and category:  # a category chosen: its first passage's page
        position = next((n for n, v in enumerate(views, 1) if v.spans), 1)
    view = views[position - 1]
    text = next(p["text"] for p in pages if p["document"] == name and p["number"] == view.number)
    paged = docview.paginated(report, name)
    shown = docview.show(view, text, position, len(views), paged, max(v.number for v in views))
    passages = [(f"p. {v.number}" if paged else f"partie {n}", docview.address(doc, n, category) + "#" + s.anchor, s)
                for n, v in enumerate(views, 1) for s in v.spans]
    where = {anchor: query for anchor, query in docview.locate(pages, report).items()}
    return render_template("documents.html", report=report, tender_id=tender_id, names=names, doc=doc,
                           category=category, present=present, shown=shown, position=position,
                           total=len(views), pager=docview.pager(position, len(views)), passages=passages,
                           where=where, address=docview.address)


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
