"""The grid, the accessibility check, the compliance checks and the levers, on tiny inputs."""
from __future__ import annotations

import re
from datetime import date

import pytest

from nlp.model import Clause
from scoring import accessibility, compliance, grid, recommendations
from tenders.model import Document, Lot, Page, Tender
from tenders.terms import read_terms
from text import fold_same_length as fold


def clause(category: str, strength: str = "mandatory", negated: bool = False, refs=()) -> Clause:
    return Clause(category=category, text=f"passage {category}", document="CCAP.pdf", page=3,
                  strength=strength, negated=negated, legal_refs=list(refs))


def tender_of(text: str, **fields) -> Tender:
    """A one-page RC with the contract terms its text states, as the reader leaves it."""
    tender = Tender(documents=[Document(name="RC.pdf", kind="RC", format="pdf", pages=[Page(1, text)], paginated=True)],
                    **fields)
    tender.terms = read_terms(tender)
    return tender


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
    from tenders.amounts import parse_amount

    assert parse_amount("un chiffre d'affaires minimum de 1 500 000 € HT") == 1_500_000
    assert parse_amount("au moins 300 k€") == 300_000
    t = tender_of("Les candidats justifient d'un chiffre d'affaires annuel minimum de 600 000 euros.", value_ht=200_000)
    rows = {c.rule: c for c in compliance.check(t, [], accessibility.assess(t))}
    assert rows["turnover_cap"].status == "missing"
    assert "3.0 fois" in rows["turnover_cap"].explanation
    t.value_ht = 500_000
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


# --- accessibility from contract terms -------------------------------------------------------

def kinds(tender: Tender) -> dict[str, str]:
    return {f.id: f.kind for f in accessibility.assess(tender, today=date(2026, 12, 1))}


def test_an_advance_of_five_percent_settles_nothing_but_a_first_demand_guarantee_is_a_barrier():
    plain = tender_of("Avance de 5,0 % accordée dans les conditions prévues au contrat.")
    assert "advance_payment" not in kinds(plain)  # the legal minimum: neither barrier nor strength
    assert {c.rule: c.status for c in compliance.check(plain, [])}["minimum_advance"] == "ok"
    tied = tender_of("Avance de 5,0 %. Garantie à première demande couvrant 100,0 % du montant de l'avance.")
    found = {f.id: f for f in accessibility.assess(tied)}
    assert found["advance_payment"].kind == "barrier" and "première demande" in found["advance_payment"].evidence
    assert kinds(tender_of("Une avance de 30 % est versée au titulaire."))["advance_payment"] == "strength"


def test_no_retention_guarantee_is_a_strength_and_a_bid_bond_a_barrier():
    assert kinds(tender_of("Aucune retenue de garantie ne sera effectuée."))["retention_guarantee"] == "strength"
    assert kinds(tender_of("Une garantie de soumission de 2 % est exigée."))["retention_guarantee"] == "barrier"


def test_hospitals_may_pay_in_fifty_days_which_is_lawful_but_no_strength():
    fifty = "Le délai global de paiement est de 50 jours."
    assert "payment_delay" not in kinds(tender_of(fifty, buyer="Centre hospitalier de Dax"))  # neutral
    assert "payment_delay" not in kinds(tender_of(fifty, buyer="APHM"))
    assert kinds(tender_of(fifty, buyer="Commune de Dax"))["payment_delay"] == "barrier"
    assert kinds(tender_of("Le délai global de paiement est de 30 jours.", buyer="Centre hospitalier de Dax")
                 )["payment_delay"] == "strength"
    sixty = "Le délai global de paiement est de 60 jours."
    assert "payment_delay" not in kinds(tender_of(sixty, buyer="Société d'économie mixte de la ville"))
    assert kinds(tender_of(sixty, buyer="Centre hospitalier de Dax"))["payment_delay"] == "barrier"


def test_turnover_floor_judged_by_the_rule_in_force_at_the_deadline():
    text = "Le candidat devra avoir un chiffre d'affaires au moins deux fois supérieur au montant du lot."
    assert kinds(tender_of(text, deadline="2020-09-01"))["turnover_requirement"] == "strength"  # 2x allowed then
    assert kinds(tender_of(text, deadline="2026-03-01"))["turnover_requirement"] == "barrier"  # 1.5x since 2026
    declared = tender_of("Déclaration concernant le chiffre d'affaires global des trois derniers exercices.")
    assert kinds(declared)["turnover_requirement"] == "strength"
    assert {c.rule: c.status for c in compliance.check(declared, [])}["turnover_cap"] == "ok"


def test_uncapped_penalties_and_imposed_joint_liability_are_barriers():
    t = tender_of("Le montant total des pénalités de retard pourra excéder 10 % du montant du marché. "
                  "En cas de groupement, la forme imposée par le pouvoir adjudicateur est un groupement solidaire.")
    assert kinds(t)["penalties"] == "barrier" and kinds(t)["joint_bids"] == "barrier"


def test_finding_values_say_what_decided():
    found = {f.id: f for f in accessibility.assess(tender_of("Le délai de paiement est de 60 jours."))}
    assert found["payment_delay"].value == 60


def test_response_time_from_the_publication_date_and_the_procedure():
    open_ = tender_of("", procedure="Procédure ouverte", publication_date="2020-08-14", deadline="2020-09-11")
    assert kinds(open_)["response_time"] == "barrier"  # 28 days, under the 30 of an electronic open procedure
    mapa = tender_of("", procedure="Procédure adaptée", publication_date="2020-08-14", deadline="2020-09-11")
    assert kinds(mapa)["response_time"] == "strength"


def test_a_consultation_file_that_never_names_a_lot_is_one_contract():
    rc = Document(name="RC.pdf", kind="RC", pages=[Page(1, "Objet : gardiennage du site.")])
    bpu = Document(name="BPU.pdf", kind="BPU", pages=[Page(1, "Prix unitaires")])
    assert kinds(Tender(documents=[rc, bpu]))["lots"] == "barrier"
    assert "lots" not in kinds(Tender(documents=[rc]))  # one page alone may not be where lots are


# --- recommendations fitted to the purchase and ranked ------------------------------------------

def test_no_reservation_nor_insertion_for_a_purchase_no_social_economy_structure_supplies():
    laser = Tender(title="Fourniture d'une machine de découpe laser pour l'atelier", cpv=["42600000"],
                   deadline="2026-12-01")
    levers = {r.lever for r in recommendations.recommend(laser, [], [], [])}
    assert "reserved" not in levers and "insertion_clause" not in levers
    assert {"environmental_condition", "environmental_criterion"} <= levers  # the law applies to every purchase


def test_a_reservation_is_proposed_where_social_economy_structures_supply_and_says_why():
    from tenders.model import Lot

    parks = Tender(title="Entretien des espaces verts de la commune", lots=[Lot("1", "Tonte"), Lot("2", "Taille")])
    recs = {r.lever: r for r in recommendations.recommend(parks, [], [], [])}
    assert "espaces verts" in recs["reserved"].why and "ESAT" in recs["reserved"].why and "un lot" in recs["reserved"].why
    assert recs["insertion_clause"].relevance == "forte" and "main-d'œuvre" in recs["insertion_clause"].why
    from scoring import purchase

    assert "espaces_verts" in {f.id for f in purchase.families(parks)}
    assert purchase.kind(Tender(title="Fourniture de deux moteurs sur banc")) == "supplies"
    assert purchase.kind(Tender(cpv=["45210000"])) == "works"
    assert "restauration" not in {f.id for f in purchase.families(Tender(title="Blanchisserie et repassage"))}


def test_no_lot_division_advice_where_the_single_lot_is_justified():
    justified = tender_of("Le présent marché n'est pas alloti car les équipements forment un tout.")
    findings = accessibility.assess(justified)
    checks = compliance.check(justified, [], findings)
    assert {c.rule: c.status for c in checks}["lots"] == "ok"
    assert "lots" not in {r.lever for r in recommendations.recommend(justified, [], findings, [], checks)}
    bare = tender_of("Le présent marché n'est pas alloti.")
    findings = accessibility.assess(bare)
    recs = {r.lever: r for r in recommendations.recommend(bare, [], findings, [], compliance.check(bare, [], findings))}
    assert "lots" in recs and "n'est pas alloti" in recs["lots"].why


def test_a_criterion_that_carries_both_aspects_is_counted_once():
    from tenders.model import AwardCriterion

    criteria = [AwardCriterion("Prix", 95, type="price"),
                AwardCriterion("Normes environnementales - RSE", 5, aspects=["environmental", "social"])]
    clauses = [clause("social_criterion", "criterion"), clause("environmental_criterion", "criterion")]
    recs = recommendations.recommend(Tender(), clauses, [], criteria)
    levers = [r.lever for r in recs]
    assert levers.count("criteria") == 1
    assert "social_criterion" not in levers and "environmental_criterion" not in levers
    merged = next(r for r in recs if r.lever == "criteria")
    assert "Normes environnementales - RSE" in merged.text and "(5 %)" in merged.text and merged.gain > 0


def test_levers_come_ranked_obligations_first_then_by_effect_each_with_why():
    t = Tender(title="Nettoyage des locaux de la mairie", deadline="2026-12-01", lot_division=False)
    recs = recommendations.recommend(t, [], accessibility.assess(t), [])
    # the 2026 obligations first; then cleaning, mostly labour, puts insertion before lots (more
    # points), and the reservation, of medium fit, after lots although it earns more points
    assert [(r.lever, r.relevance) for r in recs] == [
        ("environmental_condition", "obligation"), ("environmental_criterion", "obligation"),
        ("insertion_clause", "forte"), ("lots", "forte"), ("reserved", "moyenne"), ("social_criterion", "moyenne")]
    assert next(r for r in recs if r.lever == "reserved").gain > next(r for r in recs if r.lever == "lots").gain
    assert all(r.why for r in recs)
    assert len({r.lever for r in recs}) == len(recs)  # no lever twice


def test_every_lever_has_a_french_label():
    from scoring.data import load
    from taxonomy import LEVER_LABELS, RULE_LABELS

    assert {spec["lever"] for spec in load("levers.yml")} | {"criteria"} <= set(LEVER_LABELS)
    assert {spec["rule"] for spec in load("compliance.yml")} <= set(RULE_LABELS)


def test_the_families_of_social_economy_supply_name_their_sources():
    from scoring.data import load

    data = load("ess_families.yml")
    for family in data["families"]:
        assert family["sources"] and set(family["sources"]) <= set(data["sources"]), family["id"]
        assert family["cpv"] or family["words"], family["id"]


def test_groupings_open_with_a_jointly_liable_lead_member_are_a_strength_alone_neutral():
    both = "Aucune forme de groupement n'est imposée. En cas de groupement conjoint, le mandataire sera solidaire."
    assert kinds(tender_of(both))["joint_bids"] == "strength"
    alone = "En cas de groupement conjoint, le mandataire sera solidaire de chacun des membres."
    assert "joint_bids" not in kinds(tender_of(alone))  # neutral: settled, neither way



def test_a_form_that_says_divided_without_listing_its_lots_is_a_lots_strength():
    tender = Tender(title="Travaux", documents=[Document(name="avis.txt", kind="AVIS", pages=[
        Page(1, "Ce marché est divisé en lots : oui\nDes offres peuvent être présentées pour tous les lots.")])])
    tender.terms = read_terms(tender)
    assert next(f for f in accessibility.assess(tender) if f.id == "lots").kind == "strength"
    said_not = Tender(title="Travaux", documents=[Document(name="avis.txt", kind="AVIS", pages=[
        Page(1, "Marché alloti : non.")])])
    said_not.terms = read_terms(said_not)
    assert next(f for f in accessibility.assess(said_not) if f.id == "lots").kind == "barrier"
