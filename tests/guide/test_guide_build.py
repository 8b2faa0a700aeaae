"""Building the guide: HTML and PDF from the sheets, vetted excerpts from the database, the
small-structures sheet from stored findings, the exercises and their answer key."""
from __future__ import annotations

import json

import sqlite_utils

from guide.build import EMPTY_EXCERPTS, build, sheet_excerpts, sheet_html
from guide.excerpts import access_excerpts, best_excerpts
from guide.sheets import load_sheets

LONG = "Le titulaire s'engage à réaliser {n} heures d'insertion au bénéfice de personnes éloignées de l'emploi."


def _db_with_clauses(rows, published=1):
    db = sqlite_utils.Database(memory=True)
    for i, (category, text, strength, confidence, negated) in enumerate(rows, 1):
        db["tenders"].insert({"id": i, "title": "Entretien des parcs", "buyer": "Ville de Valbrune",
                              "published": published, "status": "done", "updated": f"2026-0{i % 9 + 1}-01"},
                             pk="id")  # one tender per passage
        db["clauses"].insert({"id": i, "tender_id": i, "category": category, "text": text, "document": "CCAP.pdf",
                              "page": 4, "strength": strength, "confidence": confidence, "negated": negated,
                              "legal_refs": "[]", "source": "pattern"}, pk="id")
    return db


def test_excerpts_are_the_strongest_distinct_affirmative_passages_with_their_source():
    db = _db_with_clauses([
        ("insertion_clause", LONG.format(n=300) + " Mention seulement.", "mention", 0.9, 0),
        ("insertion_clause", LONG.format(n=400), "mandatory", 0.8, 0),
        ("insertion_clause", LONG.format(n=400).upper(), "mandatory", 0.7, 0),  # same wording
        ("insertion_clause", "Aucune clause d'insertion n'est prévue dans ce marché de fournitures de bureau.", "mention", 1.0, 1),
        ("insertion_clause", "Clause d'insertion", "mandatory", 1.0, 0),  # a heading, too short
    ])
    found = best_excerpts(db, ["insertion_clause"], limit=3)
    assert [e.strength for e in found] == ["mandatory", "mention"]
    assert "400 heures" in found[0].text
    assert found[0].source == "Entretien des parcs (Ville de Valbrune) — CCAP.pdf, p. 4"  # title and buyer
    assert best_excerpts(sqlite_utils.Database(memory=True), ["insertion_clause"]) == []


def test_an_excerpt_must_be_about_its_lever_and_read_as_a_whole():
    db = _db_with_clauses([
        # what the issue saw: an IT lot description as the fair-trade sheet's good practice
        ("fair_trade", "Lot 2 : fourniture de postes informatiques, d'écrans et de périphériques pour les agents.",
         "mandatory", 0.9, 0),
        ("fair_trade", "du marché, le café servi est issu du commerce équitable, label ou preuve équivalente.",
         "mandatory", 0.9, 0),  # starts mid-sentence
        ("fair_trade", "Les clauses relatives au commerce équitable sont précisées à l'article 8 du CCAP.",
         "mandatory", 0.9, 0),  # a bare reference
        ("fair_trade", "Le café et le thé fournis sont issus du commerce équitable, label ou preuve équivalente.",
         "mandatory", 0.8, 0),
    ])
    assert [e.text for e in best_excerpts(db, ["fair_trade"])] == [
        "Le café et le thé fournis sont issus du commerce équitable, label ou preuve équivalente."]


def test_guide_builds_on_an_empty_database_with_toc_and_page_numbers(tmp_path):
    import pypdfium2

    html_path, pdf_path = build(tmp_path, db=sqlite_utils.Database(memory=True))
    text = html_path.read_text(encoding="utf-8")
    sheets = load_sheets()
    assert all(f'id="{s.id}"' in text for s in sheets)
    assert EMPTY_EXCERPTS in text and "<!-- excerpts -->" not in text
    assert "<link" not in text and "<style>" in text  # self-contained
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    assert len(pdf) >= len(sheets) + 2  # cover, contents, a page or more per sheet
    assert len(pdf) >= 30  # the printed guide the issue asks for
    toc = pdf[1].get_textpage().get_text_range()
    assert "Sommaire" in toc and "La clause sociale d'insertion" in toc
    last = pdf[len(pdf) - 1].get_textpage().get_text_range()
    assert f"— {len(pdf)}" in last  # numbered pages


def test_guide_shows_excerpts_when_tenders_are_stored(tmp_path):
    db = _db_with_clauses([("insertion_clause", LONG.format(n=250), "mandatory", 0.9, 0)])
    html_path, = build(tmp_path, db=db, pdf=False)
    text = html_path.read_text(encoding="utf-8")
    assert "250 heures" in text and "Entretien des parcs (Ville de Valbrune)</a>" not in text  # no link in files
    assert "Source : Entretien des parcs (Ville de Valbrune) — CCAP.pdf, p. 4" in text
    sheet = next(s for s in load_sheets() if s.id == "clause-insertion")
    web = sheet_html(sheet, sheet_excerpts(db, sheet), link=lambda tender_id: f"/tenders/{tender_id}")
    assert '<a href="/tenders/1">Entretien des parcs (Ville de Valbrune)</a>' in web


def test_guide_build_command(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["guide", "build", "--out", str(tmp_path / "g"), "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "g" / "guide.html").exists() and not (tmp_path / "g" / "guide.pdf").exists()


def test_excerpts_prefer_cited_articles_and_one_per_tender():
    db = _db_with_clauses([
        ("reserved_insertion", "Le marché est réservé à des structures d'insertion par l'activité économique du territoire.",
         "mandatory", 0.9, 0),
        ("reserved_insertion", "Le lot 2 est réservé aux structures d'insertion par l'activité économique selon l'article L2113-13.",
         "mandatory", 0.8, 0),
    ])
    db["clauses"].update(2, {"legal_refs": '["L2113-13"]'})
    db["clauses"].update(1, {"tender_id": 2})  # both passages now come from tender 2
    found = best_excerpts(db, ["reserved_insertion"])
    assert len(found) == 1 and "L2113-13" in found[0].text


def test_the_small_structures_sheet_shows_strengths_found_in_published_tenders():
    db = sqlite_utils.Database(memory=True)
    findings = [{"id": "lots", "kind": "strength", "evidence": "La consultation est divisée en 4 lots attribués séparément.",
                 "document": "RC.pdf", "page": 2},
                {"id": "advance_payment", "kind": "strength", "evidence": "tit une avance de 20 %",  # a cut: left out
                 "document": "CCAP.pdf", "page": 5},
                {"id": "variants", "kind": "barrier", "evidence": "Les variantes ne sont pas autorisées.",
                 "document": "RC.pdf", "page": 3}]
    for tender_id, published in ((1, 1), (2, 0)):
        db["tenders"].insert({"id": tender_id, "title": "Nettoyage des écoles", "buyer": "Ville de Valbrune",
                              "published": published, "status": "done", "updated": "2026-05-01"}, pk="id")
        db["reports"].insert({"tender_id": tender_id, "report": json.dumps({"accessibility": {"findings": findings}})})
    found = access_excerpts(db, ["lots", "advance_payment", "variants"])
    assert [(e.category, e.label, e.tender_id) for e in found] == [("lots", "Allotissement", 1)]
    sheet = next(s for s in load_sheets() if s.id == "acces-petites-structures")
    html = sheet_html(sheet, sheet_excerpts(db, sheet))
    assert "divisée en 4 lots" in html and "Allotissement" in html and EMPTY_EXCERPTS not in html
