"""Building the guide: HTML and PDF from the sheets, excerpts from the database."""
from __future__ import annotations

import sqlite_utils

from guide.build import EMPTY_EXCERPTS, build
from guide.excerpts import best_excerpts
from guide.sheets import load_sheets

LONG = "Le titulaire s'engage à réaliser {n} heures d'insertion au bénéfice de personnes éloignées de l'emploi."


def _db_with_clauses(rows):
    db = sqlite_utils.Database(memory=True)
    for i, (category, text, strength, confidence, negated) in enumerate(rows, 1):
        db["tenders"].insert({"id": i, "title": "Entretien des parcs", "published": 1}, pk="id")  # one tender per passage
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
    assert found[0].source == "Entretien des parcs — CCAP.pdf, p. 4"
    assert best_excerpts(sqlite_utils.Database(memory=True), ["insertion_clause"]) == []


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
    assert "250 heures" in text and "Entretien des parcs — CCAP.pdf, p. 4" in text


def test_guide_build_command(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["guide", "build", "--out", str(tmp_path / "g"), "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "g" / "guide.html").exists() and not (tmp_path / "g" / "guide.pdf").exists()


def test_excerpts_prefer_cited_articles_and_one_per_tender():
    db = _db_with_clauses([
        ("reserved_insertion", "Marché réservé à des ateliers protégés et à des opérateurs économiques qui ont pour objet l'intégration.", "mandatory", 0.9, 0),
        ("reserved_insertion", "Le lot 2 est réservé aux structures d'insertion par l'activité économique selon l'article L2113-13.", "mandatory", 0.8, 0),
    ])
    db["clauses"].update(2, {"legal_refs": '["L2113-13"]'})
    db["clauses"].update(1, {"tender_id": 2})  # both passages now come from tender 2
    found = best_excerpts(db, ["reserved_insertion"])
    assert len(found) == 1 and "L2113-13" in found[0].text


def test_trainer_exercises_have_an_answer_key_from_real_or_invented_passages(tmp_path):
    import pypdfium2

    from guide.build import build_exercises
    from guide.trainer import exercises

    empty = exercises(sqlite_utils.Database(memory=True))
    assert empty and all(x.excerpt.tender_title == "Exemple inventé" for x in empty)
    db = _db_with_clauses([("insertion_clause", "Le titulaire devra réaliser des heures d'insertion fixées en annexe "
                                                "au profit de demandeurs d'emploi.", "mandatory", 0.9, 0),
                           ("social_criterion", "Critère 3 : performance en matière d'insertion professionnelle — 5 %, "
                                                "apprécié au vu du mémoire.", "criterion", 0.9, 0)])
    real = {x.excerpt.category: x for x in exercises(db)}
    assert "annexe" in real["insertion_clause"].missing
    assert "10 %" in real["social_criterion"].missing and "critère d'attribution" in real["social_criterion"].kind
    html_path, pdf_path = build_exercises(tmp_path, db=db)
    assert "Corrigé" in html_path.read_text(encoding="utf-8")
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    assert "Corrigé" in pdf[len(pdf) - 1].get_textpage().get_text_range()
