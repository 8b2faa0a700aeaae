"""Build the guide: one self-contained guide.html and a printable guide.pdf (WeasyPrint).

Sheets (guide/sheets/*.md) and excerpts (from the database) in; files out. The PDF has a cover,
a table of contents with page numbers and numbered pages; it is the same HTML printed.
"""
from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import markdown

from guide.excerpts import Excerpt, best_excerpts
from guide.sheets import CHAPTERS, EXCERPTS_MARK, Sheet, load_sheets

CHAPTER_TITLES = {"introduction": "Introduction", "cadre": "Le cadre juridique", "leviers": "Les leviers",
                  "demarche": "La démarche", "annexes": "Annexes"}
CSS_PATH = Path(__file__).with_name("guide.css")
EMPTY_EXCERPTS = ("Les extraits de dossiers réels apparaîtront ici dès que des consultations auront été "
                  "analysées et enregistrées (flask --app app import …).")


def sheet_html(sheet: Sheet, excerpts: list[Excerpt]) -> str:
    body = markdown.markdown(sheet.body, extensions=["tables", "sane_lists"])
    # the sheet's title is the h2: its "## " sections become h3, "### " h4
    for level in (3, 2):
        body = body.replace(f"<h{level}>", f"<h{level + 1}>").replace(f"</h{level}>", f"</h{level + 1}>")
    if excerpts:
        items = "".join(
            f'<blockquote class="excerpt"><p>« {html.escape(e.text)} »</p>'
            f'<footer>{html.escape(e.source)}</footer></blockquote>' for e in excerpts)
    else:
        items = f'<p class="empty">{EMPTY_EXCERPTS}</p>'
    body = body.replace(EXCERPTS_MARK, items)
    summary = f'<p class="summary">{html.escape(sheet.summary)}</p>' if sheet.summary else ""
    return f'<section class="sheet" id="{sheet.id}"><h2>{html.escape(sheet.title)}</h2>{summary}{body}</section>'


def guide_html(sheets: list[Sheet], excerpts: dict[str, list[Excerpt]], css: str) -> str:
    toc, parts = [], []
    for chapter in CHAPTERS:
        members = [s for s in sheets if s.chapter == chapter]
        if not members:
            continue
        toc.append(f'<li class="chapter">{CHAPTER_TITLES[chapter]}<ul>'
                   + "".join(f'<li><a href="#{s.id}">{html.escape(s.title)}</a></li>' for s in members)
                   + "</ul></li>")
        parts.append(f'<h1 class="chapter-title">{CHAPTER_TITLES[chapter]}</h1>'
                     + "".join(sheet_html(s, excerpts.get(s.id, [])) for s in members))
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        '<title>Guide de l\'achat public solidaire</title>'
        f"<style>{css}</style></head><body>"
        '<section class="cover"><p class="kicker">Boîte à outils de l\'achat public solidaire</p>'
        "<h1>Guide de l'achat public solidaire</h1>"
        "<p>Réserver, insérer, verdir, ouvrir : les leviers du code de la commande publique, "
        "fiche par fiche, avec des extraits de dossiers réels.</p>"
        f'<p class="date">Édition du {date.today().strftime("%d/%m/%Y")}</p></section>'
        f'<nav class="toc"><h1>Sommaire</h1><ul>{"".join(toc)}</ul></nav>'
        + "".join(parts) + "</body></html>"
    )


def build_exercises(out_dir: Path, db=None, pdf: bool = True) -> list[Path]:
    """Trainer mode: exercises.html (and exercises.pdf), answer key on its own pages."""
    from guide.trainer import exercises, exercises_html

    return _write(out_dir, "exercises", exercises_html(exercises(db), CSS_PATH.read_text(encoding="utf-8")), pdf)


def build(out_dir: Path, db=None, sheets_dir: Path | None = None, pdf: bool = True) -> list[Path]:
    """Write guide.html (and guide.pdf) into out_dir; returns the paths written."""
    sheets = load_sheets(sheets_dir) if sheets_dir else load_sheets()
    excerpts = {s.id: best_excerpts(db, s.categories) if db is not None else [] for s in sheets}
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


def html_to_pdf(text: str, base_url: str | None = None) -> bytes:
    """Print an HTML page to PDF bytes; RuntimeError (French message) if WeasyPrint cannot run."""
    try:
        from weasyprint import HTML  # late: needs Pango on the system, the app runs without it
    except (ImportError, OSError) as err:
        raise RuntimeError("Impossible de produire le PDF : WeasyPrint ou la bibliothèque Pango manque "
                           f"({err}). La version HTML reste disponible.") from err
    return HTML(string=text, base_url=base_url).write_pdf()
