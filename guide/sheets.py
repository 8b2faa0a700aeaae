"""The guide's sheets: Markdown files with YAML front matter in guide/sheets/, one per topic.

A trainer corrects a sheet by editing its file; `check_sheets` says what the builder and the
grid need from them (every grid lever has its sheet, every cited article is one the detector
knows). Pure functions over text; no Flask, no database.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from nlp.legal_refs import find_legal_refs, is_known_article

SHEETS_DIR = Path(__file__).parent / "sheets"
CHAPTERS = ("introduction", "cadre", "leviers", "demarche", "annexes")
EXCERPTS_MARK = "<!-- excerpts -->"
LEVER_SECTIONS = ("Ce que c'est", "Base juridique", "Quand l'utiliser", "Clause type", "Pièges à éviter",
                  "Comment l'outil le repère", "Bonnes pratiques repérées")
# An article of the Code de la commande publique as a reader writes it: "L2113-12", "R. 2152-7"
_CCP_ARTICLE = re.compile(r"\b([LRD])\.?\s?(\d{4}-\d+(?:-\d+)?)\b")
_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


class SheetError(ValueError):
    """A sheet file that cannot be read: its path and what is wrong."""


@dataclass
class Sheet:
    id: str
    title: str
    chapter: str
    order: int
    body: str  # Markdown, front matter removed
    path: Path
    grid_lever: str | None = None
    summary: str = ""
    categories: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # accessibility strengths its excerpts show

    @property
    def headings(self) -> list[str]:
        return [m.group(1).strip() for m in re.finditer(r"^## +(.+)$", self.body, re.MULTILINE)]


def parse_sheet(text: str, path: Path) -> Sheet:
    m = _FRONT.match(text)
    if not m:
        raise SheetError(f"{path.name} : l'en-tête YAML (entre deux lignes ---) manque.")
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as err:
        raise SheetError(f"{path.name} : en-tête YAML illisible ({err}).") from err
    missing = [k for k in ("id", "title", "chapter", "order") if k not in meta]
    if missing:
        raise SheetError(f"{path.name} : champs manquants dans l'en-tête : {', '.join(missing)}.")
    if meta["chapter"] not in CHAPTERS:
        raise SheetError(f"{path.name} : chapitre inconnu « {meta['chapter']} » (attendu : {', '.join(CHAPTERS)}).")
    return Sheet(id=str(meta["id"]), title=str(meta["title"]), chapter=meta["chapter"], order=int(meta["order"]),
                 body=text[m.end():], path=path, grid_lever=meta.get("grid_lever"),
                 summary=str(meta.get("summary") or ""), categories=list(meta.get("categories") or []),
                 findings=list(meta.get("findings") or []))


def load_sheets(directory: Path = SHEETS_DIR) -> list[Sheet]:
    """Every sheet of the folder, in guide order (chapter, then `order`)."""
    sheets = [parse_sheet(p.read_text(encoding="utf-8"), p) for p in sorted(Path(directory).glob("*.md"))]
    return sorted(sheets, key=lambda s: (CHAPTERS.index(s.chapter), s.order, s.id))


def cited_articles(text: str) -> list[str]:
    """CCP articles cited in the text (L2113-12), as the normaliser reads them; articles of other
    codes ("L5132-4 du code du travail") are left out, and a citation the normaliser misses is
    returned as written so that the check reports it."""
    refs = find_legal_refs(text)
    out = []
    for m in _CCP_ARTICLE.finditer(text):
        ref = next((r for r in refs if r.start <= m.start() < r.end or m.start() <= r.start < m.end()), None)
        if ref is None:
            out.append(f"{m.group(1)}{m.group(2)}")
        elif re.fullmatch(r"[LRD]\d{4}-\d+(?:-\d+)?", ref.id):
            out.append(ref.id)
    return out


def check_sheets(sheets: list[Sheet], grid: dict) -> list[str]:
    """Problems a reader or the builder would hit; empty when the guide is consistent."""
    problems = []
    ids = [s.id for s in sheets]
    problems += [f"identifiant en double : {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    by_lever = {s.grid_lever: s for s in sheets if s.grid_lever}
    for lever in grid["levers"]:
        sheet = by_lever.get(lever["id"])
        if sheet is None:
            problems.append(f"le levier « {lever['id']} » de la grille n'a pas de fiche")
        elif sheet.id != lever["guide"]:
            problems.append(f"la fiche du levier « {lever['id']} » doit s'appeler « {lever['guide']} », pas « {sheet.id} »")
    known = {lever["id"] for lever in grid["levers"]}
    for sheet in sheets:
        if sheet.grid_lever and sheet.grid_lever not in known:
            problems.append(f"{sheet.path.name} : levier « {sheet.grid_lever} » absent de la grille")
        if sheet.grid_lever:
            absent = [h for h in LEVER_SECTIONS if h not in sheet.headings]
            if absent:
                problems.append(f"{sheet.path.name} : sections manquantes : {', '.join(absent)}")
            if EXCERPTS_MARK not in sheet.body:
                problems.append(f"{sheet.path.name} : la marque {EXCERPTS_MARK} manque")
        for article in dict.fromkeys(cited_articles(sheet.body)):
            if not is_known_article(article):
                problems.append(f"{sheet.path.name} : l'article {article} n'est pas reconnu par nlp/legal_refs")
    return problems
