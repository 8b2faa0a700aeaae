"""Stored tenders at large: the list with its filters, the dashboard, search (two side by side:
web.compare)."""
from __future__ import annotations

from flask import Blueprint, flash, render_template, request

from report import charts
from store import dashboard as dashboard_store
from store import tenders as tender_store
from store.db import get_db
from store.search import BadQuery
from taxonomy import CATEGORIES, CATEGORY_LABELS
from web.viewer import filters_from, viewer_filter, visible_search

bp = Blueprint("browse", __name__)
PAGING = ("page", "after", "before", "last")  # replaced by each pager link


@bp.get("/tenders")
def tender_list():
    filters = filters_from(request.args)
    page = tender_store.tender_page(get_db(), filters)
    args = {k: v for k, v in request.args.items() if k not in PAGING}
    return render_template("tenders.html", tenders=page.rows, filters=filters, total=page.total, page=page,
                           args=args)


@bp.get("/dashboard")
def dashboard():
    figures = dashboard_store.dashboard(get_db(), viewer_filter())
    levers, grades = figures["levers"], figures["grades"]
    return render_template(
        "dashboard.html", total=figures["total"], levers=levers,
        lever_chart=charts.bar_chart([(CATEGORY_LABELS[c], levers.get(c, 0)) for c in CATEGORIES],
                                     "Appels d'offres utilisant chaque levier"),
        score_chart=charts.binned_chart(figures["score_bins"], "Répartition des scores achat solidaire"),
        grade_chart=charts.bar_chart([(g, grades.get(g, 0)) for g in "ABCDE"], "Appels d'offres par note"),
        access_chart=charts.binned_chart(figures["access_bins"],
                                         "Répartition des scores d'accès des petites structures"),
        queued=figures["queued"])


@bp.get("/search")
def search():
    query = request.args.get("q", "").strip()
    try:
        return render_template("search.html", query=query, hits=visible_search(query))
    except BadQuery as err:
        flash(str(err), "error")
        return render_template("search.html", query=query, hits=[]), 400
