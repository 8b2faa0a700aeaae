"""The grid, the accessibility check, the compliance checks and the levers, on tiny inputs."""
from __future__ import annotations

import re
from datetime import date

import pytest

from nlp.model import Clause
from scoring import accessibility, compliance, grid, recommendations
from scoring.accessibility import sentence_around
from tenders.model import Document, Lot, Page, Tender
from text import fold_same_length as fold


def clause(category: str, strength: str = "mandatory", negated: bool = False, refs=()) -> Clause:
    return Clause(category=category, text=f"passage {category}", document="CCAP.pdf", page=3,
                  strength=strength, negated=negated, legal_refs=list(refs))


def tender_of(text: str, **fields) -> Tender:
    return Tender(documents=[Document(name="RC.pdf", kind="RC", format="pdf", pages=[Page(1, text)], paginated=True)], **fields)


# --- grid -------------------------------------------------------------------------------------

def test_empty_tender_scores_zero_and_grade_e():
    score = grid.score([], [], accessibility_score=None)
    assert score.total == 0
    assert score.grade == "E"
    assert "accessibility" not in score.axes  # unknown accessibility is excluded, not counted as zero
    assert set(score.axes) == {"social", "environmental", "ethical"}


def test_every_lever_used_scores_full_marks():
    all_cats = ["insertion_clause", "social_condition", "social_criterion", "reserved_insertion", "reserved_ess",
                "environmental_condition", "environmental_criterion", "fair_trade"]
    clauses = [clause(c) for c in all_cats]
    clauses[0].text = "Le titulaire réalise 400 heures d'insertion."
    score = grid.score(clauses, [], accessibility_score=100)
    assert score.total == 100
    assert score.grade == "A"


def test_negated_clause_earns_nothing():
    assert grid.score([clause("insertion_clause", negated=True)], [], None).total == 0


def test_mandatory_clause_counts_more_than_a_mention():
    strong = grid.score([clause("environmental_condition", "mandatory")], [], None).total
    weak = grid.score([clause("environmental_condition", "mention")], [], None).total
    assert strong > weak > 0


def test_insertion_hours_stated_count_more():
    vague = clause("insertion_clause")
    vague.text = "Le titulaire met en oeuvre une action d'insertion."
    precise = clause("insertion_clause")
    precise.text = "Le titulaire réalise 1 200 heures d'insertion."
    assert grid.score([precise], [], None).total > grid.score([vague], [], None).total


def test_heavier_environmental_criterion_counts_more():
    from tenders.model import AwardCriterion

    def with_weight(w):
        criteria = [AwardCriterion("Prix", 100 - w, type="price"),
                    AwardCriterion("Performance environnementale", w, aspects=["environmental"])]
        return grid.score([clause("environmental_criterion", "criterion")], criteria, None).total

    assert with_weight(20) > with_weight(5) > 0


def test_explanation_cites_the_passage_and_page():
    score = grid.score([clause("insertion_clause")], [], None)
    assert any("passage insertion_clause" in line and "p. 3" in line for line in score.explanation)
    assert any("absent du dossier" in line for line in score.explanation)


# --- accessibility ----------------------------------------------------------------------------

def test_forbidden_variants_and_mandatory_visit_are_barriers():
    t = tender_of("Les variantes ne sont pas autorisées.\nUne visite du site est obligatoire avant la remise des offres.")
    found = {f.id: f for f in accessibility.assess(t)}
    assert found["variants"].kind == "barrier"
    assert found["site_visit"].kind == "barrier"
    assert "variantes ne sont pas autorisées" in found["variants"].evidence
    assert found["variants"].page == 1 and found["variants"].document == "RC.pdf"


def test_allowed_variants_dume_and_advance_are_strengths():
    t = tender_of("Les variantes sont autorisées. Le DUME est accepté. Une avance de 30 % est versée au titulaire.")
    found = {f.id: f.kind for f in accessibility.assess(t)}
    assert found == {"variants": "strength", "candidacy_file": "strength", "advance_payment": "strength"}


def test_payment_delay_over_thirty_days_is_a_barrier():
    found = {f.id: f.kind for f in accessibility.assess(tender_of("Le délai de paiement est de 60 jours."))}
    assert found["payment_delay"] == "barrier"
    found = {f.id: f.kind for f in accessibility.assess(tender_of("Le délai global de paiement est de 30 jours."))}
    assert found["payment_delay"] == "strength"


def test_lots_from_structured_fields():
    divided = Tender(lots=[Lot("1", "Tonte"), Lot("2", "Taille")])
    assert [f.kind for f in accessibility.assess(divided) if f.id == "lots"] == ["strength"]
    single = Tender(lot_division=False)
    assert [f.kind for f in accessibility.assess(single) if f.id == "lots"] == ["barrier"]


def test_accessibility_score_is_a_smoothed_share_of_strengths():
    t = tender_of("Les variantes sont autorisées. Une visite du site est obligatoire.")
    assert accessibility.accessibility_score(accessibility.assess(t)) == 50
    assert accessibility.accessibility_score([]) == 50  # says nothing: neutral, never missing
    one = tender_of("Les variantes sont autorisées.")
    assert accessibility.accessibility_score(accessibility.assess(one)) == pytest.approx(66.7)
    barriers = tender_of("Les variantes ne sont pas autorisées. Une visite du site est obligatoire.")
    assert accessibility.accessibility_score(accessibility.assess(barriers)) == pytest.approx(25)


def test_fold_keeps_offsets():
    text = "Déchets « triés » à l’entrée — œuvre"
    assert len(fold(text)) == len(text)
    assert fold(text).startswith("dechets")


def test_sentence_around_returns_the_sentence():
    text = "Première phrase. Les variantes sont interdites ici. Troisième."
    lo, hi = sentence_around(text, text.index("variantes"), text.index("variantes") + 9)
    assert text[lo:hi] == "Les variantes sont interdites ici."


# --- compliance -------------------------------------------------------------------------------

def test_2026_environmental_obligations_missing_for_a_new_tender():
    checks = {c.rule: c.status for c in compliance.check(Tender(deadline="2026-12-01"), [])}
    assert checks["environmental_condition"] == "missing"
    assert checks["environmental_criterion"] == "missing"


def test_2026_obligations_not_applicable_before_august_2026():
    checks = {c.rule: c.status for c in compliance.check(Tender(deadline="2021-03-01"), [])}
    assert checks["environmental_condition"] == "not_applicable"


def test_2026_obligations_met():
    clauses = [clause("environmental_condition"), clause("environmental_criterion", "criterion")]
    checks = {c.rule: c.status for c in compliance.check(Tender(), clauses, today=date(2026, 11, 22))}
    assert checks["environmental_condition"] == "ok"
    assert checks["environmental_criterion"] == "ok"


def test_negated_environmental_clause_does_not_satisfy_the_law():
    checks = {c.rule: c.status for c in compliance.check(Tender(), [clause("environmental_condition", negated=True)])}
    assert checks["environmental_condition"] == "missing"


def test_reservation_must_cite_its_article():
    without = compliance.check(Tender(), [clause("reserved_insertion")])
    assert {c.rule: c.status for c in without}["reserved_article"] == "missing"
    cited = compliance.check(Tender(), [clause("reserved_insertion", refs=["L2113-13"])])
    assert {c.rule: c.status for c in cited}["reserved_article"] == "ok"
    assert {c.rule: c.status for c in compliance.check(Tender(), [])}["reserved_article"] == "not_applicable"


def test_lots_check():
    assert {c.rule: c.status for c in compliance.check(Tender(lot_division=True), [])}["lots"] == "ok"
    assert {c.rule: c.status for c in compliance.check(Tender(lot_division=False), [])}["lots"] == "missing"
    assert {c.rule: c.status for c in compliance.check(Tender(), [])}["lots"] == "unknown"


# --- recommendations --------------------------------------------------------------------------

def test_levers_for_what_is_missing_only():
    recs = recommendations.recommend(Tender(cpv=["45000000"]), [clause("insertion_clause")], [], [])
    levers = [r.lever for r in recs]
    assert "insertion_clause" not in levers
    assert "environmental_criterion" in levers
    assert "fair_trade" not in levers  # works contract: fair trade is not a lever there
    assert all(r.model_clause for r in recs)


def test_fair_trade_lever_for_catering():
    levers = [r.lever for r in recommendations.recommend(Tender(cpv=["55520000"]), [], [], [])]
    assert "fair_trade" in levers


def test_barriers_become_advice():
    t = tender_of("Les variantes ne sont pas autorisées.")
    recs = recommendations.recommend(t, [], accessibility.assess(t), [])
    assert any(r.lever == "variants" and "variantes" in r.text.lower() for r in recs)


# --- properties -------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st

from nlp.model import CATEGORIES  # noqa: E402

clauses_st = st.builds(
    Clause,
    category=st.sampled_from(CATEGORIES),
    text=st.sampled_from(["Le titulaire réalise 300 heures.", "Une clause est prévue."]),
    document=st.just("CCAP.pdf"),
    page=st.integers(1, 40),
    negated=st.booleans(),
    strength=st.sampled_from(["mandatory", "criterion", "optional", "mention"]),
)


@settings(max_examples=200, deadline=None)
@given(existing=st.lists(clauses_st, max_size=8), added=clauses_st,
       acc=st.one_of(st.none(), st.floats(0, 100)))
def test_adding_a_clause_never_lowers_the_score(existing, added, acc):
    before = grid.score(existing, [], acc).total
    after = grid.score(existing + [added], [], acc).total
    assert after >= before


@settings(max_examples=100, deadline=None)
@given(existing=st.lists(clauses_st, max_size=8))
def test_a_negated_clause_adds_nothing(existing):
    negated = Clause("insertion_clause", "Aucune clause d'insertion.", "RC.pdf", 1, negated=True, strength="mandatory")
    assert grid.score(existing + [negated], [], None).total == grid.score(existing, [], None).total


@settings(max_examples=100, deadline=None)
@given(existing=st.lists(clauses_st, max_size=8), acc=st.one_of(st.none(), st.floats(0, 100)))
def test_score_stays_within_bounds(existing, acc):
    s = grid.score(existing, [], acc)
    assert 0 <= s.total <= 100
    assert all(0 <= v <= 100 for v in s.axes.values())


def test_turnover_above_one_and_a_half_times_the_value_is_flagged():
    from scoring.compliance import parse_amount

    assert parse_amount("un chiffre d'affaires minimum de 1 500 000 € HT") == 1_500_000
    assert parse_amount("au moins 300 k€") == 300_000
    t = tender_of("Les candidats justifient d'un chiffre d'affaires annuel minimum de 600 000 euros.")
    t.notice_fields["estimated_value"] = 200_000
    rows = {c.rule: c for c in compliance.check(t, [], accessibility.assess(t))}
    assert rows["turnover_cap"].status == "missing"
    assert "3.0 fois" in rows["turnover_cap"].explanation
    t.notice_fields["estimated_value"] = 500_000
    rows = {c.rule: c.status for c in compliance.check(t, [], accessibility.assess(t))}
    assert rows["turnover_cap"] == "ok"
    assert {c.rule: c.status for c in compliance.check(Tender(), [], [])}["turnover_cap"] == "unknown"


def test_advance_check_follows_the_text():
    none = tender_of("Il n'est pas prévu d'avance.")
    assert {c.rule: c.status for c in compliance.check(none, [], accessibility.assess(none))}["minimum_advance"] == "missing"
    some = tender_of("Une avance de 20 % est accordée.")
    assert {c.rule: c.status for c in compliance.check(some, [], accessibility.assess(some))}["minimum_advance"] == "ok"


def test_social_consideration_ok_with_an_insertion_clause():
    assert {c.rule: c.status for c in compliance.check(Tender(), [clause("insertion_clause")])}["social_consideration"] == "ok"
    assert {c.rule: c.status for c in compliance.check(Tender(), [])}["social_consideration"] == "unknown"


def test_social_services_can_be_reserved_to_the_ess():
    levers = [r.lever for r in recommendations.recommend(Tender(cpv=["85311000"]), [], [], [])]
    assert "reserved_ess" in levers
    levers = [r.lever for r in recommendations.recommend(Tender(cpv=["45000000"]), [], [], [])]
    assert "reserved_ess" not in levers


def test_a_tender_with_no_lever_gets_a_recommendation_for_each():
    t = Tender(cpv=["55520000"], lot_division=False)
    recs = recommendations.recommend(t, [], accessibility.assess(t), [])
    assert {"insertion_clause", "social_criterion", "reserved", "environmental_condition",
            "environmental_criterion", "fair_trade", "lots"} <= {r.lever for r in recs}
    assert grid.score([], [], accessibility.accessibility_score(accessibility.assess(t))).total < 15


def test_notice_checkbox_defers_to_the_reservation_the_text_names():
    from nlp.analysis import notice_clauses as _notice_clauses

    notice = Document(name="avis.xml", kind="AVIS", format="xml", pages=[Page(1, "…")])
    tender = Tender(documents=[notice], reserved=["reserved_disability", "reserved_insertion"])
    added = {c.category for c in _notice_clauses(tender, [])}
    assert added == {"reserved_disability", "reserved_insertion"}  # the box alone: both
    named = [clause("reserved_disability")]
    assert _notice_clauses(tender, named) == []  # the text says ESAT/EA: the box means that


def test_every_compliance_row_names_its_article():
    for row in compliance.check(Tender(deadline="2026-12-01"), []):
        assert re.search(r"art\. [LR]\d{4}", row.explanation), row


def test_social_consideration_depends_on_eu_thresholds():
    eu = tender_of("AVIS DE MARCHÉ - Directive 2014/24/UE", deadline="2026-12-01")
    mapa = tender_of("Procédure adaptée (article R2123-1).", deadline="2026-12-01")
    silent = tender_of("Fourniture de chaises.", deadline="2026-12-01")
    status = {name: {c.rule: c.status for c in compliance.check(t, [])}["social_consideration"]
              for name, t in (("eu", eu), ("mapa", mapa), ("silent", silent))}
    assert status == {"eu": "missing", "mapa": "not_applicable", "silent": "unknown"}
    with_clause = compliance.check(eu, [clause("insertion_clause")])
    assert {c.rule: c.status for c in with_clause}["social_consideration"] == "ok"


def test_lots_read_from_the_text_when_no_notice_says():
    justified = tender_of("Le présent marché n'est pas alloti car les équipements forment un tout.")
    findings = accessibility.assess(justified)
    assert {f.id: f.kind for f in findings}["lots"] == "barrier"
    row = {c.rule: c for c in compliance.check(justified, [], findings)}["lots"]
    assert row.status == "ok" and "justification" in row.explanation
    bare = tender_of("Le présent marché n'est pas alloti.")
    assert {c.rule: c.status for c in compliance.check(bare, [], accessibility.assess(bare))}["lots"] == "missing"
    split = tender_of("La consultation est divisée en 3 lots.")
    assert {c.rule: c.status for c in compliance.check(split, [], accessibility.assess(split))}["lots"] == "ok"


def test_weak_lever_gets_a_recommendation_to_strengthen_it():
    from tenders.model import AwardCriterion

    def recs_for(weight):
        tender = Tender(award_criteria=[AwardCriterion("Prix", 100 - weight, type="price"),
                                        AwardCriterion("Performance environnementale", weight, aspects=["environmental"])])
        crit = clause("environmental_criterion", "criterion")
        return {r.lever: r for r in recommendations.recommend(tender, [crit], [], tender.award_criteria)}

    weak = recs_for(5)["environmental_criterion"]
    assert "pèse peu" in weak.text and "CCAP.pdf, p. 3" in weak.text and weak.model_clause
    assert "environmental_criterion" not in recs_for(20)
