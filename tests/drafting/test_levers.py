"""drafting.draft on reports written for the test: insertion hours and their thresholds, levers
already present or unfit for the purchase, articles in force at the deadline, what each earns."""
from __future__ import annotations

import re

import pytest

from drafting import Parameters, draft
from drafting.data import ratios
from drafting.render import hours as hours_text
from tests.fixtures.drafting import make_report

WORKS_LOTS = [{"number": "1", "title": "Peinture intérieure", "value_ht": 150_000.0},
              {"number": "2", "title": "Maçonnerie", "value_ht": 240_000.0},
              {"number": "3", "title": "Charpente métallique", "value_ht": 360_000.0}]


def lever(result: dict, name: str) -> dict | None:
    return next((item for item in result["levers"] if item["lever"] == name), None)


def reason(result: dict, name: str) -> str | None:
    return next((item["reason"] for item in result["not_proposed"] if item["lever"] == name), None)


def test_insertion_hours_are_value_times_share_times_rate_over_cost_for_each_lot():
    result = draft(make_report("Rénovation de l'école", lots=WORKS_LOTS))
    insertion = lever(result, "insertion_clause")
    assert [row["lot"] for row in insertion["lots"]] == ["1", "2", "3"]
    shares = {"1": 0.70, "2": 0.50, "3": 0.20}  # painting, masonry, metal frames (ratios.yml)
    for row in insertion["lots"]:
        p = row["parameters"]
        assert p["labour_share"] == shares[row["lot"]] and p["rate"] == 0.05 and p["hourly_cost"] == 30
        assert row["hours"] == round(row["value_ht"] * p["labour_share"] * p["rate"] / p["hourly_cost"])
        assert f"{hours_text(row['hours'])}." in insertion["ccap_text"]  # the CCAP states each lot's hours
    assert [row["hours"] for row in insertion["lots"]] == [175, 200, 120]
    assert "articles L2112-2 à L2112-4 du code de la commande publique" in insertion["rc_text"]
    assert "30\u00a0€ par heure manquante" in insertion["ccap_text"]  # the penalty is the hourly cost
    assert result["score_after"] > result["score_before"] and insertion["score_gain"] > 0


def test_the_buyer_s_rate_hourly_cost_and_labour_share_drive_the_hours():
    report = make_report("Rénovation de l'école", lots=WORKS_LOTS)
    result = draft(report, params=Parameters(rate=0.10, hourly_cost=25.0))
    rows = lever(result, "insertion_clause")["lots"]
    assert [r["hours"] for r in rows] == [420, 480, 288]  # 150 000 x 0.7 x 0.10 / 25 ...
    assert result["parameters"]["rate"] == 0.10 and result["parameters"]["hourly_cost"] == 25.0
    flat = draft(report, params=Parameters(labour_share=0.40))
    assert [r["hours"] for r in lever(flat, "insertion_clause")["lots"]] == [100, 160, 240]


def test_a_lot_under_the_threshold_gets_no_clause_and_says_why():
    lots = [{"number": "1", "title": "Peinture intérieure", "value_ht": 150_000.0},
            {"number": "2", "title": "Charpente métallique", "value_ht": 90_000.0}]  # 90 000 x 0.2 x 0.05 / 30 = 30 h
    insertion = lever(draft(make_report("Rénovation", lots=lots)), "insertion_clause")
    assert [row["lot"] for row in insertion["lots"]] == ["1"]
    assert insertion["skipped_lots"][0]["lot"] == "2"
    assert "30\u00a0heures" in insertion["skipped_lots"][0]["reason"]
    assert str(ratios()["insertion"]["min_hours"]["value"]) in insertion["skipped_lots"][0]["reason"]
    assert "Lot n° 2" not in insertion["ccap_text"]
    alone = draft(make_report("Rénovation", lots=lots[1:]))
    assert lever(alone, "insertion_clause") is None and "sous le seuil" in reason(alone, "insertion_clause")


def test_hours_are_never_invented_without_a_value():
    report = make_report("Rénovation de l'école", lots=[{"number": "1", "title": "Peinture intérieure"},
                                                         {"number": "2", "title": "Maçonnerie"}])
    insertion = lever(draft(report), "insertion_clause")
    assert all(row["hours"] is None and row["value_ht"] is None for row in insertion["lots"])
    assert all("montant estimé HT du lot" in row["missing"] for row in insertion["lots"])
    assert "nombre d'heures à fixer par l'acheteur" in insertion["ccap_text"]
    assert not re.search(r"\d[\d\u00a0 ]*\u00a0?heures? d'insertion", insertion["ccap_text"])
    no_family = lever(draft(make_report("Prestations diverses", value_ht=100_000.0)), "insertion_clause")
    assert no_family["lots"][0]["hours"] is None and "part de main-d'œuvre" in no_family["lots"][0]["missing"]


def test_a_lever_already_present_is_never_proposed_again():
    report = make_report("Rénovation de l'école", lots=WORKS_LOTS,
                         categories=("insertion_clause", "environmental_condition", "reserved_insertion"))
    result = draft(report)
    proposed = {item["lever"] for item in result["levers"]}
    assert not proposed & {"insertion_clause", "environmental_condition", "reserved"}
    assert "déjà" in reason(result, "insertion_clause") and "déjà" in reason(result, "reserved")
    weighted = make_report("Rénovation", lots=WORKS_LOTS, criteria=[
        {"name": "Prix", "weight": 70, "lot": None, "type": "price", "aspects": []},
        {"name": "Démarche environnementale", "weight": 30, "lot": None, "type": "quality",
         "aspects": ["environmental"]}])
    assert lever(draft(weighted), "environmental_criterion") is None


def test_a_negated_clause_is_not_a_present_lever():
    report = make_report("Rénovation de l'école", lots=WORKS_LOTS, negated=("insertion_clause", "reserved_insertion"))
    result = draft(report)
    assert lever(result, "insertion_clause") is not None and lever(result, "reserved") is not None


def test_a_lever_that_does_not_fit_the_purchase_is_not_proposed():
    fuel = make_report("Fourniture de carburant pour les véhicules municipaux", cpv=["09134100"],
                       lots=[{"number": "1", "title": "Gazole", "value_ht": 300_000.0},
                             {"number": "2", "title": "Fioul domestique", "value_ht": 200_000.0}])
    result = draft(fuel)
    assert lever(result, "reserved") is None
    assert "aucune structure inclusive" in reason(result, "reserved")
    assert lever(result, "insertion_clause") is None and "fournitures" in reason(result, "insertion_clause")
    assert lever(result, "reserved_ess") is None and "L2113-15" in reason(result, "reserved_ess")
    assert lever(result, "environmental_condition") is not None  # every purchase owes one since August 2026


def test_reserved_lot_is_the_smallest_fitting_one_with_the_r2113_7_wording():
    result = draft(make_report("Rénovation de l'école", lots=WORKS_LOTS))
    reserved = lever(result, "reserved")
    assert "le lot n° 1 (Peinture intérieure), d'un montant estimé de 150\u00a0000\u00a0€ HT," in reserved["rc_text"]
    assert "article L2113-13 du code de la commande publique" in reserved["rc_text"]
    assert "article R2113-7" in reserved["rc_text"]
    assert "au moins 50 % de travailleurs défavorisés" in reserved["rc_text"]
    row = reserved["compliance"][0]
    assert (row["rule"], row["before"], row["after"]) == ("reserved_article", "not_applicable", "ok")
    ea = lever(draft(make_report("Rénovation", lots=WORKS_LOTS), params=Parameters(reserve_to="ea")), "reserved")
    assert "article L2113-12" in ea["rc_text"] and "travailleurs handicapés" in ea["rc_text"]


def test_ess_reservation_only_where_the_cpv_allows_it():
    care = make_report("Accompagnement social des familles", cpv=["85310000"], duration_months=48)
    ess = lever(draft(care), "reserved_ess")
    assert "articles L2113-15 et L2113-16" in ess["rc_text"] and "loi n° 2014-856" in ess["rc_text"]
    assert "48 mois" in ess["ccap_text"] and "36 mois" in ess["ccap_text"]
    assert lever(draft(make_report("Rénovation", lots=WORKS_LOTS, cpv=["45000000"])), "reserved_ess") is None


def test_articles_are_those_in_force_at_the_deadline():
    old = draft(make_report("Rénovation", lots=WORKS_LOTS, deadline="2018-05-04"))
    assert "article 38 de l'ordonnance n° 2015-899" in lever(old, "insertion_clause")["ccap_text"]
    assert "article 62 du décret n° 2016-360" in lever(old, "social_criterion")["rc_text"]
    assert "22 août 2026" not in lever(old, "environmental_condition")["rc_text"]
    new = draft(make_report("Rénovation", lots=WORKS_LOTS, deadline="2026-10-15"))
    assert "22 août 2026" in lever(new, "environmental_condition")["rc_text"]
    assert new["reference_day"] == "2026-10-15" and new["reference_day_source"] == "deadline"


def test_a_criterion_comes_with_sub_criteria_and_a_weight_taken_from_the_heaviest():
    result = draft(make_report("Rénovation", lots=WORKS_LOTS))
    social = lever(result, "social_criterion")
    assert "pondéré à 10 %" in social["rc_text"] and "« Prix », qui passe de 60 % à 50 %" in social["rc_text"]
    assert social["rc_text"].count("% de la note du critère") == 3
    env = lever(result, "environmental_criterion")
    assert "pondéré à 15 %" in env["rc_text"] and "déchets de chantier" in env["rc_text"]
    row = env["compliance"][0]
    assert (row["rule"], row["before"], row["after"]) == ("environmental_criterion", "missing", "ok")


def test_what_each_lever_earns_is_reported_and_everything_together_earns_most():
    report = make_report("Entretien des espaces verts", value_ht=80_000.0,
                         findings=[{"id": "advance_payment", "kind": "barrier", "evidence": "Pas d'avance.",
                                    "page": None, "document": "CCAP.txt", "advice": ""}])
    result = draft(report)
    names = [item["lever"] for item in result["levers"]]
    assert names[0] == "insertion_clause" and "lots" in names and "advance_payment" in names
    assert all(item["score_gain"] >= 0 for item in result["levers"])
    assert result["score_after"] >= max(item["score_with"] for item in result["levers"])
    assert result["accessibility_after"] > result["accessibility_before"]
    advance = lever(result, "advance_payment")
    row = advance["compliance"][0]
    assert row["rule"] == "minimum_advance" and row["before"] != "ok" and row["after"] == "ok"
    assert "20 %" in advance["ccap_text"] and "garantie à première demande" in advance["ccap_text"]
    green = lever(result, "environmental_condition")
    assert "déchets verts" in green["ccap_text"]


@pytest.mark.parametrize("broken", [{"error": "illisible"}])
def test_a_failed_analysis_gives_an_empty_draft(broken):
    report = make_report()
    report.update(broken)
    assert draft(report)["levers"] == []


def test_division_into_lots_is_proposed_unless_the_file_justifies_a_single_contract():
    barrier = [{"id": "lots", "kind": "barrier", "evidence": "Le marché n'est pas alloti.", "page": None,
                "document": "RC.txt", "advice": ""}]
    single = make_report("Entretien des espaces verts", value_ht=200_000.0, findings=barrier)
    lots = lever(draft(single), "lots")
    assert "articles L2113-10 et L2113-11" in lots["rc_text"] and "200\u00a0000\u00a0€ HT" in lots["rc_text"]
    assert "1,5 fois le montant estimé du lot" in lots["rc_text"]  # the turnover cap in force in 2026
    assert {"rule": "lots", "after": "ok"}.items() <= lots["compliance"][0].items()
    justified = [{"document": "RC.txt", "number": 1,
                  "text": "Le marché n'est pas alloti car les prestations forment un ensemble indissociable."}]
    result = draft(single, pages=justified)
    assert lever(result, "lots") is None and "justification" in reason(result, "lots")


def test_a_purchase_the_levers_call_labour_intensive_gets_its_hours_by_the_same_cpv():
    # 77211400 (tree cutting) is green-space work in scoring/ess_families.yml, not in ratios.yml's own list
    report = make_report("Prestations arboricoles", cpv=["77211400"], value_ht=200_000.0)
    insertion = lever(draft(report), "insertion_clause")
    p = ratios()["insertion"]
    assert insertion["lots"][0]["hours"] == round(200_000 * 0.5 * p["rate"]["value"] / p["hourly_cost"]["value"])
