"""What changes a tender's fate, each behind a confirmation page: publishing it (or withdrawing
it), deleting it; the audit log of both for admins; and "Mes dossiers", the officer's own
tenders with sortable columns."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for

from store import access, audit, deletion, mine
from store import tenders as tender_store
from store.db import data_paths, get_db
from web.viewer import tender_or_404

bp = Blueprint("manage", __name__)
PER_PAGE = 50


def _manageable(tender_id: int) -> dict:
    row = tender_or_404(tender_id)
    if not access.can_publish(g.user, row):
        abort(403)
    return row


def _title(row: dict) -> str:
    return row.get("title") or row.get("input") or f"appel d'offres n° {row['id']}"


@bp.get("/tenders/<int:tender_id>/publication")
def confirm_publish(tender_id: int):
    row = _manageable(tender_id)
    return render_template("confirm_publish.html", row=row, tender_id=tender_id, title=_title(row))


@bp.post("/tenders/<int:tender_id>/publish")
def publish(tender_id: int):
    """The owner opens the tender to everyone (and to the guide's excerpts), or closes it again;
    only from the confirmation page (its form carries confirm=1)."""
    row = _manageable(tender_id)
    if request.form.get("confirm") != "1":
        return redirect(url_for("manage.confirm_publish", tender_id=tender_id))
    published = request.form.get("published") == "1"
    db = get_db()
    tender_store.set_published(db, tender_id, published)
    audit.record(db, g.user, "publish" if published else "unpublish", tender_id, _title(row))
    flash("Appel d'offres publié : visible de tous et source d'extraits pour le guide." if published
          else "Publication retirée : l'appel d'offres n'est plus visible que de votre organisation.", "info")
    return redirect(url_for("tenders.tender", tender_id=tender_id))


@bp.get("/tenders/<int:tender_id>/suppression")
def confirm_delete(tender_id: int):
    row = _manageable(tender_id)
    report = row.get("report") or {}
    counts = {"documents": len((report.get("tender") or {}).get("documents", [])),
              "passages": len(report.get("clauses", [])), "files": len(row.get("files") or [])}
    return render_template("confirm_delete.html", row=row, tender_id=tender_id, title=_title(row), counts=counts)


@bp.post("/tenders/<int:tender_id>/delete")
def delete(tender_id: int):
    row = _manageable(tender_id)
    if request.form.get("confirm") != "1":
        return redirect(url_for("manage.confirm_delete", tender_id=tender_id))
    db = get_db()
    deletion.delete_tender(db, data_paths(current_app.config)[1], tender_id)
    audit.record(db, g.user, "delete", tender_id, _title(row))
    flash(f"« {_title(row)} » a été supprimé : documents, pages, passages, index de recherche et fichiers "
          "déposés.", "info")
    return redirect(url_for("manage.mine_page") if g.user.can_upload else url_for("tenders.index"))


@bp.get("/journal")
def journal():
    if g.user is None or not g.user.is_admin:
        abort(403)
    db = get_db()
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page = 1
    total = audit.count(db)
    return render_template("journal.html", entries=audit.entries(db, PER_PAGE, (page - 1) * PER_PAGE),
                           page=page, pages=max(1, -(-total // PER_PAGE)), total=total)


@bp.get("/mes-dossiers")
def mine_page():
    if g.user is None:
        return redirect(url_for("auth.login", next=request.path))
    if not g.user.can_upload:
        abort(403)
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page = 1
    key, descending = mine.sort_of(request.args.get("tri", "-depose"))
    sort = ("-" if descending else "") + key
    rows, total = mine.own_tenders(get_db(), g.user.id, sort, page, PER_PAGE)
    return render_template("mine.html", tenders=rows, total=total, page=page, sort=sort,
                           pages=max(1, -(-total // PER_PAGE)),
                           sort_url=lambda key: url_for("manage.mine_page", tri=key))
