"""Build the guide: one self-contained guide.html and a printable guide.pdf (WeasyPrint).

Sheets (guide/sheets/*.md) and excerpts (from the database) in; files out. The PDF has a cover,
a table of contents with page numbers and numbered pages; it is the same HTML printed.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import markdown
from markupsafe import Markup

from typing import Callable

from guide.excerpts import Excerpt, access_excerpts, best_excerpts
from guide.render import render_page
from guide.sheets import CHAPTERS, EXCERPTS_MARK, Sheet, load_sheets
from guide.trainer import exercises, exercises_html
from report.pdf import html_to_pdf

CHAPTER_TITLES = {"introduction": "Introduction", "cadre": "Le cadre juridique", "leviers": "Les leviers",
                  "demarche": "La démarche", "annexes": "Annexes"}
CSS_PATH = Path(__file__).with_name("guide.css")
EMPTY_EXCERPTS = ("Les extraits de dossiers réels apparaîtront ici dès que des consultations auront été "
                  "analysées, enregistrées et publiées.")


def sheet_excerpts(db, sheet: Sheet) -> list[Excerpt]:
    """The real passages a sheet shows: clauses of its categories, or the strengths of its points."""
    if db is None:
        return []
    return best_excerpts(db, sheet.categories) + access_excerpts(db, sheet.findings)


def sheet_html(sheet: Sheet, excerpts: list[Excerpt], link: Callable[[int], str] | None = None) -> str:
    """One sheet as HTML; `link` gives the address of an excerpt's tender (in the web app)."""
    body = markdown.markdown(sheet.body, extensions=["tables", "sane_lists"])
    # the sheet's title is the h2: its "## " sections become h3, "### " h4
    for level in (3, 2):
        body = body.replace(f"<h{level}>", f"<h{level + 1}>").replace(f"</h{level}>", f"</h{level + 1}>")
    body = body.replace(EXCERPTS_MARK, render_page("excerpts.html", excerpts=excerpts, empty=EMPTY_EXCERPTS,
                                                   link=link))
    return render_page("sheet.html", sheet=sheet, body=Markup(body))


def guide_html(sheets: list[Sheet], excerpts: dict[str, list[Excerpt]], css: str) -> str:
    chapters = [(CHAPTER_TITLES[c], [s for s in sheets if s.chapter == c]) for c in CHAPTERS]
    chapters = [(title, members) for title, members in chapters if members]
    sheets_html = {s.id: Markup(sheet_html(s, excerpts.get(s.id, []))) for _, members in chapters for s in members}
    return render_page("guide.html", css=Markup(css), chapters=chapters, sheets_html=sheets_html,
                   edition=date.today().strftime("%d/%m/%Y"))


def build_exercises(out_dir: Path, db=None, pdf: bool = True) -> list[Path]:
    """Trainer mode: exercises.html (and exercises.pdf), answer key on its own pages."""
    return _write(out_dir, "exercises", exercises_html(exercises(db), CSS_PATH.read_text(encoding="utf-8")), pdf)


def build(out_dir: Path, db=None, sheets_dir: Path | None = None, pdf: bool = True) -> list[Path]:
    """Write guide.html (and guide.pdf) into out_dir; returns the paths written."""
    sheets = load_sheets(sheets_dir) if sheets_dir else load_sheets()
    excerpts = {s.id: sheet_excerpts(db, s) for s in sheets}
    return _write(out_dir, "guide", guide_html(sheets, excerpts, CSS_PATH.read_text(encoding="utf-8")), pdf)


def _write(out_dir: Path, stem: str, text: str, pdf: bool) -> list[Path]:
    """STEM.html, and STEM.pdf printed from the same HTML; the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [out_dir / f"{stem}.html"]
    written[0].write_text(text, encoding="utf-8")
    if pdf:
        written.append(write_pdf(text, out_dir / f"{stem}.pdf"))
    return written


def write_pdf(text: str, path: Path) -> Path:
    path.write_bytes(html_to_pdf(text))
    return path
