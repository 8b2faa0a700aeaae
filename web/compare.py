"""Two tenders side by side. Each selector offers the tender already chosen, those whose title
holds the words searched for that side (?qa=, ?qb=), the officer's own tenders and the latest
analysed ones; with one tender chosen (the report's "Comparer" link), the page suggests others
to put next to it: the same buyer's first, then the officer's own, then the latest analysed."""
from __future__ import annotations

from flask import Blueprint, flash, g, render_template, request

from store import mine
from store import tenders as tender_store
from store.db import get_db
from web.viewer import viewer_filter, visible_tender

bp = Blueprint("compare", __name__)
SIDES = ("a", "b")


def _picked(key: str) -> tuple[int, dict] | None:
    value = request.args.get(key, "").strip()
    if not value:
        return None
    try:
        tender_id = int(value)
    except ValueError:
        return None
    row = visible_tender(tender_id)
    if row is None or row["report"] is None:
        flash(f"Aucun rapport pour l'appel d'offres n° {tender_id}.", "error")
        return None
    return tender_id, row


def _groups(query: str, chosen: dict | None) -> list[tuple[str, list[dict]]]:
    """(label, rows) of one selector, each tender once: chosen, found, mine, latest."""
    db, viewer, user = get_db(), viewer_filter(), g.get("user")
    groups = []
    if chosen is not None:
        groups.append(("Choisi", [chosen]))
    if query:
        groups.append((f"Titres contenant « {query} »", mine.find_by_title(db, query, viewer.viewer_org, viewer.see_all)))
    if user is not None and user.can_upload:
        groups.append(("Mes dossiers", mine.own_done(db, user.id)))
    groups.append(("Derniers analysés", tender_store.list_tenders(db, viewer_filter(status="done", per_page=50))))
    seen: set[int] = set()
    out = []
    for label, rows in groups:
        kept = [r for r in rows if r["id"] not in seen]
        seen |= {r["id"] for r in kept}
        if kept:
            out.append((label, kept))
    return out


def _suggestions(tender_id: int, row: dict) -> list[dict]:
    """Tenders worth comparing with this one: the same buyer's, the officer's own, the latest."""
    db, user = get_db(), g.get("user")
    found = []
    if row.get("buyer"):
        found += tender_store.list_tenders(db, viewer_filter(status="done", buyer=row["buyer"], per_page=6))
    if user is not None and user.can_upload:
        found += mine.own_done(db, user.id, 6)
    found += tender_store.list_tenders(db, viewer_filter(status="done", per_page=6))
    out, seen = [], {tender_id}
    for r in found:
        if r["id"] not in seen:
            seen.add(r["id"])
            out.append(r)
    return out[:6]


@bp.get("/compare")
def compare():
    picked = {key: _picked(key) for key in SIDES}
    queries = {key: request.args.get(f"q{key}", "").strip()[:200] for key in SIDES}
    choices = {key: _groups(queries[key], picked[key][1] if picked[key] else None) for key in SIDES}
    both = [(p[0], p[1]["report"]) for p in picked.values() if p is not None]
    one = next(((tid, row) for tid, row in (p for p in picked.values() if p is not None)), None)
    suggestions = _suggestions(*one) if len(both) == 1 else []
    return render_template("compare.html", choices=choices, picked=both, queries=queries,
                           selected={k: (p[0] if p else None) for k, p in picked.items()}, single=one,
                           suggestions=suggestions)
