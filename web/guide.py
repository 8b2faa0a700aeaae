"""The guide in the app: contents, one page per sheet with its excerpts, full-text search, the
exercises (answer keys for trainers and admins only) and both as PDF."""
from __future__ import annotations

import functools
import hashlib
import sqlite3
import threading

import sqlite_utils
from flask import Blueprint, Response, abort, flash, g, render_template, request, url_for
from markupsafe import Markup

from guide.build import CHAPTER_TITLES, CSS_PATH, guide_html, sheet_excerpts, sheet_html
from guide.sheets import CHAPTERS, load_sheets
from guide.trainer import exercises, exercises_html
from report.pdf import html_to_pdf
from store.db import get_db
from store.search import BadQuery, fts_query

bp = Blueprint("guide", __name__, url_prefix="/guide")
ANSWER_ROLES = ("trainer", "admin")
_PDFS: dict[str, bytes] = {}  # printed guides by the hash of their HTML: printing takes seconds
_PDF_LOCK = threading.Lock()


@functools.cache
def _sheets():
    return load_sheets()


_local = threading.local()


def _index() -> sqlite_utils.Database:
    """An in-memory FTS5 index of the sheets, one per thread: a SQLite connection must not be
    shared across the web server's threads (the sheets are files; building it takes milliseconds)."""
    if not hasattr(_local, "db"):
        db = sqlite_utils.Database(memory=True)
        db["sheets"].insert_all(({"id": s.id, "title": s.title, "body": s.body} for s in _sheets()), pk="id")
        db["sheets"].enable_fts(["title", "body"], tokenize="unicode61 remove_diacritics 2")
        _local.db = db
    return _local.db


def can_see_answers() -> bool:
    user = g.get("user")
    return user is not None and user.role in ANSWER_ROLES


def _pdf(html: str, name: str) -> Response:
    digest = hashlib.sha256(html.encode()).hexdigest()
    with _PDF_LOCK:
        pdf = _PDFS.get(digest)
    if pdf is None:
        try:
            pdf = html_to_pdf(html)
        except RuntimeError as err:
            return Response(str(err), status=503, mimetype="text/plain; charset=utf-8")
        with _PDF_LOCK:
            if len(_PDFS) > 8:
                _PDFS.clear()
            _PDFS[digest] = pdf
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("")
def contents():
    chapters = [(CHAPTER_TITLES[c], [s for s in _sheets() if s.chapter == c]) for c in CHAPTERS]
    return render_template("guide_index.html", chapters=[c for c in chapters if c[1]], can_see_answers=can_see_answers())


@bp.get("/recherche")
def search():
    query = request.args.get("q", "").strip()
    try:
        results = list(_index()["sheets"].search(fts_query(_index(), query), limit=20)) if query else []
    except (BadQuery, sqlite3.OperationalError):
        flash("Recherche illisible : saisissez des mots, sans caractères spéciaux.", "error")
        return render_template("guide_search.html", query=query, results=[]), 400
    return render_template("guide_search.html", query=query, results=results)


@bp.get("/guide.pdf")
def guide_pdf():
    """The whole guide, with the excerpts of the published tenders, as the CLI prints it."""
    db = get_db()
    html = guide_html(_sheets(), {s.id: sheet_excerpts(db, s) for s in _sheets()}, CSS_PATH.read_text(encoding="utf-8"))
    return _pdf(html, "guide-achat-public-solidaire.pdf")


@bp.get("/exercices")
def exercises_page():
    return render_template("guide_exercises.html", items=exercises(get_db()), answers=can_see_answers())


@bp.get("/exercices.pdf")
def exercises_pdf():
    answers = can_see_answers()
    html = exercises_html(exercises(get_db()), CSS_PATH.read_text(encoding="utf-8"), answers=answers)
    return _pdf(html, "exercices-corriges.pdf" if answers else "exercices.pdf")


@bp.get("/<slug>")
def sheet(slug: str):
    found = next((s for s in _sheets() if s.id == slug), None)
    if found is None:
        abort(404)
    html = sheet_html(found, sheet_excerpts(get_db(), found),
                      link=lambda tender_id: url_for("tenders.tender", tender_id=tender_id))
    return render_template("guide_sheet.html", sheet=found, body=Markup(html))
