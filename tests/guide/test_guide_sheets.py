"""The guide's sheet files: reading them, and checking them against the grid and the law."""
from __future__ import annotations

import pytest

from guide.sheets import LEVER_SECTIONS, SHEETS_DIR, SheetError, check_sheets, cited_articles, load_sheets, parse_sheet
from scoring.data import load_grid
from tests.fixtures.paths import ROOT

LEVER_BODY = "\n".join(f"## {h}\nTexte." for h in LEVER_SECTIONS) + "\n<!-- excerpts -->\n"
GRID = {"levers": [{"id": "insertion_clause", "guide": "clause-insertion"}]}


def write(tmp_path, name, front, body=LEVER_BODY):
    (tmp_path / name).write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")


def test_sheets_are_read_in_guide_order(tmp_path):
    write(tmp_path, "b.md", "id: glossaire\ntitle: Glossaire\nchapter: annexes\norder: 1", "## Mots\n")
    write(tmp_path, "a.md", "id: clause-insertion\ntitle: La clause d'insertion\nchapter: leviers\norder: 30\n"
                            "grid_lever: insertion_clause\nsummary: Des heures pour l'emploi.")
    sheets = load_sheets(tmp_path)
    assert [s.id for s in sheets] == ["clause-insertion", "glossaire"]
    assert sheets[0].grid_lever == "insertion_clause" and "Clause type" in sheets[0].headings
    assert check_sheets(sheets, GRID) == []


def test_broken_front_matter_is_refused_with_the_file_name(tmp_path):
    with pytest.raises(SheetError, match="x.md"):
        parse_sheet("pas d'en-tête", tmp_path / "x.md")
    with pytest.raises(SheetError, match="chapitre inconnu"):
        parse_sheet("---\nid: a\ntitle: A\nchapter: divers\norder: 1\n---\n", tmp_path / "x.md")


def test_missing_lever_sheet_wrong_slug_and_missing_sections_are_reported(tmp_path):
    assert check_sheets([], GRID) == ["le levier « insertion_clause » de la grille n'a pas de fiche"]
    write(tmp_path, "a.md", "id: insertion\ntitle: T\nchapter: leviers\norder: 1\ngrid_lever: insertion_clause",
          "## Ce que c'est\n")
    problems = check_sheets(load_sheets(tmp_path), GRID)
    assert any("doit s'appeler « clause-insertion »" in p for p in problems)
    assert any("sections manquantes" in p for p in problems)


def test_articles_must_be_known_to_the_legal_reference_normaliser(tmp_path):
    assert cited_articles("art. L2113-12, R. 2152-7 et L 2112-2") == ["L2113-12", "R2152-7", "L2112-2"]
    write(tmp_path, "a.md", "id: cadre\ntitle: Cadre\nchapter: cadre\norder: 1",
          "Voir l'article L2113-13 du code de la commande publique et l'article L9999-1.\n")
    problems = check_sheets(load_sheets(tmp_path), {"levers": []})
    assert problems == ["a.md : l'article L9999-1 n'est pas reconnu par nlp/legal_refs"]


@pytest.mark.skipif(not SHEETS_DIR.is_dir(), reason="guide/sheets/ not written yet")
def test_the_real_guide_is_consistent_with_the_grid():
    assert check_sheets(load_sheets(), load_grid()) == []


def test_rules_and_levers_cite_only_known_articles():

    from nlp.legal_refs import is_known_article

    for name in ("scoring/compliance.yml", "scoring/levers.yml"):
        text = (ROOT / name).read_text(encoding="utf-8")
        unknown = [a for a in cited_articles(text) if not is_known_article(a)]
        assert unknown == [], (name, unknown)
