"""The guide in the app: contents, one page per sheet with its excerpts, full-text search."""
from __future__ import annotations

import functools
import sqlite3
import threading

import sqlite_utils
from flask import Blueprint, abort, flash, render_template, request
from markupsafe import Markup

from guide.build import CHAPTER_TITLES, sheet_html
from guide.excerpts import best_excerpts
from guide.sheets import CHAPTERS, load_sheets
from store.db import get_db
from store.search import BadQuery, fts_query

bp = Blueprint("guide", __name__, url_prefix="/guide")


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


@bp.get("")
def contents():
    chapters = [(CHAPTER_TITLES[c], [s for s in _sheets() if s.chapter == c]) for c in CHAPTERS]
    return render_template("guide_index.html", chapters=[c for c in chapters if c[1]])


@bp.get("/recherche")
def search():
    query = request.args.get("q", "").strip()
    try:
        results = list(_index()["sheets"].search(fts_query(_index(), query), limit=20)) if query else []
    except (BadQuery, sqlite3.OperationalError):
        flash("Recherche illisible : saisissez des mots, sans caractères spéciaux.", "error")
        return render_template("guide_search.html", query=query, results=[]), 400
    return render_template("guide_search.html", query=query, results=results)


@bp.get("/exercices")
def exercises_page():
    from guide.trainer import QUESTIONS, exercises

    return render_template("guide_exercises.html", items=exercises(get_db()), questions=QUESTIONS)


@bp.get("/<slug>")
def sheet(slug: str):
    found = next((s for s in _sheets() if s.id == slug), None)
    if found is None:
        abort(404)
    html = sheet_html(found, best_excerpts(get_db(), found.categories))
    return render_template("guide_sheet.html", sheet=found, body=Markup(html))
