"""The trainer's exercises: four kinds, each passage once with one answer, answers that follow
the rules (a bare reference is never a good example), hours computed, levers chosen by the
tool's own rules; and the guide's text: no placeholder, no developer text, known articles."""
from __future__ import annotations

import re

import pytest
import sqlite_utils

from guide.sheets import load_sheets
from guide.trainer import INVENTED, exercises
from guide.vetting import is_bare_reference, refusal, weakness
from tests.fixtures.paths import ROOT
from text import fold


def _db(rows):
    db = sqlite_utils.Database(memory=True)
    for i, (category, text, strength) in enumerate(rows, 1):
        db["tenders"].insert({"id": i, "title": f"Consultation {i}", "buyer": "Département du Val", "published": 1},
                             pk="id")
        db["clauses"].insert({"id": i, "tender_id": i, "category": category, "text": text, "document": "CCAP.pdf",
                              "page": 2, "strength": strength, "confidence": 0.9, "negated": 0, "legal_refs": "[]",
                              "source": "pattern"}, pk="id")
    return db


def test_an_empty_database_gives_the_four_kinds_from_written_passages():
    items = exercises(sqlite_utils.Database(memory=True))
    assert {x.kind for x in items} == {"reperer", "corriger", "calculer", "choisir"}
    assert all(x.passage.tender_title == INVENTED for x in items if x.passage)
    assert all(x.answer for x in items)


def test_insertion_hours_are_computed_from_the_amount():
    hours = [x for x in exercises(None) if x.kind == "calculer"][0]
    assert "180 000 euros HT" in hours.prompt.replace("\u202f", " ") and "60 %" in hours.prompt
    assert "3 375 heures" in hours.answer[0].replace("\u202f", " ")  # 180 000 × 0,60 ÷ 32
    assert "236 heures" in hours.answer[1]  # 3 375 × 0,07


def test_choosing_levers_follows_the_tools_rules():
    choices = {x.prompt.split(" ")[1]: x for x in exercises(None) if x.kind == "choisir"}
    engines = next(x for x in choices.values() if "moteurs" in x.prompt)
    assert any("Ne conviendrait pas : réserver" in line for line in engines.answer)
    waste = next(x for x in choices.values() if "encombrants" in x.prompt)
    assert any("réservé" in line and "ESAT" in line for line in waste.answer)
    assert waste.answer[0].startswith("1. Condition d'exécution environnementale")  # the legal obligation first


def test_a_passage_is_used_once_with_one_answer():
    text = ("Le lot 3 est réservé aux ESAT, aux entreprises adaptées et aux structures d'insertion par l'activité "
            "économique, en application de l'article L2113-14.")
    db = _db([("reserved_disability", text, "mandatory"), ("reserved_insertion", text, "mandatory")])
    with_passage = [x for x in exercises(db) if x.passage and x.passage.tender_title != INVENTED]
    assert len(with_passage) == 1
    assert with_passage[0].categories == ["reserved_disability", "reserved_insertion"]


def test_a_bare_reference_is_never_a_good_example_nor_an_exercise():
    bare = "Les clauses d'insertion sont précisées à l'article 12 du CCAP."
    assert is_bare_reference(fold(bare)) and refusal("insertion_clause", bare) == "simple renvoi à un autre document"
    db = _db([("insertion_clause", bare, "mandatory"),
              ("insertion_clause", "Le titulaire réalise 300 heures d'insertion au bénéfice de demandeurs d'emploi.",
               "mandatory")])
    items = [x for x in exercises(db) if x.passage and x.passage.tender_title != INVENTED]
    assert [x.passage.text for x in items] == ["Le titulaire réalise 300 heures d'insertion au bénéfice de demandeurs d'emploi."]
    assert "Un bon exemple" in items[0].answer[-1]


def test_written_passages_to_correct_when_every_published_one_is_strong():
    db = _db([("insertion_clause", "Le titulaire réalise 300 heures d'insertion au bénéfice de demandeurs d'emploi.",
               "mandatory")])
    fixes = [x for x in exercises(db) if x.kind == "corriger"]
    assert fixes and all(x.passage.tender_title == INVENTED for x in fixes)


def test_weak_passages_become_fix_the_clause_exercises():
    db = _db([("insertion_clause", "Le titulaire favorisera l'embauche de personnes éloignées de l'emploi.", "mention"),
              ("social_criterion", "Critère 3 : performance en matière d'insertion professionnelle, notée sur 5 %.",
               "criterion")])
    fixes = {x.passage.category: x for x in exercises(db) if x.kind == "corriger"}
    assert "nombre d'heures" in fixes["insertion_clause"].answer[0]
    assert "10 %" in fixes["social_criterion"].answer[0] and "« Critère n° [X]" in fixes["social_criterion"].answer[1]
    assert weakness("reserved_insertion", "Le lot 4 est réservé aux SIAE.", "mandatory").startswith("L'article")


def test_a_passage_must_start_and_end_a_sentence():
    assert refusal("insertion_clause", "au titre du marché, le titulaire réalise 300 heures d'insertion.") is not None
    assert refusal("insertion_clause", "Le titulaire réalise 300 heures d'insertion au bénéfice de") is not None
    assert refusal("insertion_clause", "6.1.2 Engagement d'insertion sociale ........ 18") is not None


# --- the guide's text ---------------------------------------------------------------------------

PLACEHOLDERS = re.compile(r"à vérifier|rédaction exacte|TODO|XXX|guide/|\.ya?ml\b|\.py\b|flask|markdown|`",
                          re.IGNORECASE)


def test_no_placeholder_nor_developer_text_in_the_guide():
    for sheet in load_sheets():
        found = PLACEHOLDERS.findall(sheet.body + sheet.summary + sheet.title)
        assert not found, (sheet.path.name, found)
    for name in ("guide_index.html", "guide_exercises.html", "guide_sheet.html", "guide_search.html", "login.html"):
        text = (ROOT / "templates" / name).read_text(encoding="utf-8")
        assert not re.search(r"flask --app|<code>", text), name


def _articles_in(text: str) -> set[str]:
    found = set()
    for m in re.finditer(r"\b([LRD])(\d{4})-(\d+)(-\d+)?((?:/\d+)*)(?:\s+(?:to|à)\s+[LRD]\d{4}-(\d+))?", text):
        prefix, base, number, sub, more, last = m.groups()
        found.add(f"{prefix}{base}-{number}{sub or ''}")
        found |= {f"{prefix}{base}-{n}" for n in (more or "").split("/")[1:]}
        if last:
            found |= {f"{prefix}{base}-{n}" for n in range(int(number), int(last) + 1)}
    return found


def test_every_article_the_guide_cites_is_one_the_legal_facts_list():
    facts = ROOT.parent / "shared" / "legal-facts.md"
    if not facts.exists():
        pytest.skip("../shared/legal-facts.md absent")
    known = _articles_in(facts.read_text(encoding="utf-8"))
    for sheet in load_sheets():
        cited = _articles_in(re.sub(r"([LRD])\.?\s(\d{4})", r"\1\2", sheet.body))
        assert cited <= known, (sheet.path.name, sorted(cited - known))


def test_the_hours_exercise_rounds_halves_up_as_the_drafted_clause_does():
    from guide.trainer import _hours

    # 5 000 x 0.5 / 25 = 100 hours of work; 12.5 % of them is 12.5: halves go up (13), never to the even 12
    exercise = _hours("Lot test", 5_000.0, 0.5, 25, 0.125)
    assert "= 13 heures" in exercise.answer[1]
