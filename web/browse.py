"""Stored tenders at large: the list with its filters, two side by side, the dashboard, search."""
from __future__ import annotations

from flask import Blueprint, flash, render_template, request

from report import charts
from store import dashboard as dashboard_store
from store import tenders as tender_store
from store.db import get_db
from store.search import BadQuery
from taxonomy import CATEGORIES, CATEGORY_LABELS
from web.viewer import filters_from, viewer_filter, visible_search, visible_tender

bp = Blueprint("browse", __name__)


@bp.get("/tenders")
def tender_list():
    filters = filters_from(request.args)
    db = get_db()
    total = tender_store.count_tenders(db, filters)
    pages = max(1, -(-total // filters.per_page))
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("tenders.html", tenders=tender_store.list_tenders(db, filters), filters=filters,
                           total=total, pages=pages, args=args)


@bp.get("/compare")
def compare():
    choices = tender_store.list_tenders(get_db(), viewer_filter(status="done", per_page=200))
    picked = []
    for key in ("a", "b"):
        try:
            tender_id = int(request.args.get(key, ""))
        except ValueError:
            continue
        row = visible_tender(tender_id)
        if row is None or row["report"] is None:
            flash(f"Aucun rapport pour l'appel d'offres n° {tender_id}.", "error")
            continue
        picked.append((tender_id, row["report"]))
    return render_template("compare.html", choices=choices, picked=picked, args=request.args)


@bp.get("/dashboard")
def dashboard():
    figures = dashboard_store.dashboard(get_db(), viewer_filter())
    levers, grades = figures["levers"], figures["grades"]
    return render_template(
        "dashboard.html", total=figures["total"], levers=levers,
        lever_chart=charts.bar_chart([(CATEGORY_LABELS[c], levers.get(c, 0)) for c in CATEGORIES],
                                     "Appels d'offres utilisant chaque levier"),
        score_chart=charts.histogram(figures["scores"], "Répartition des scores achat solidaire"),
        grade_chart=charts.bar_chart([(g, grades.get(g, 0)) for g in "ABCDE"], "Appels d'offres par note"),
        access_chart=charts.histogram(figures["access"], "Répartition des scores d'accès des petites structures"),
        queued=figures["queued"])


@bp.get("/search")
def search():
    query = request.args.get("q", "").strip()
    try:
        return render_template("search.html", query=query, hits=visible_search(query))
    except BadQuery as err:
        flash(str(err), "error")
        return render_template("search.html", query=query, hits=[]), 400
