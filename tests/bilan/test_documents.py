"""What the analysed tenders add to the DECP, and where the two disagree."""
from __future__ import annotations

from bilan import build_report
from bilan.documents import facts, insertion_hours
from bilan.matching import Candidate, best_match, words
from decp.normalise import normalise
from decp.scope import parse_scope
from store import decp as decp_store
from store.access import visible_sql
from tests.fixtures.decp import NO_SOCIAL, record_2024, store_tender, tender_report

BUYER = "99887766500012"


def test_insertion_hours_take_the_largest_figure_stated():
    assert insertion_hours(["Le titulaire réalise 350 heures d'insertion.", "soit 350 heures au total"]) == 350
    assert insertion_hours(["au moins 1 200 heures de travail", "et 12 mois"]) == 1200
    assert insertion_hours(["aucune durée"]) is None


def test_facts_of_a_report():
    report = tender_report("Entretien des espaces verts", "2024-EV-07", ["insertion_clause", "environmental_condition"],
                           "réserver 420 heures de travail", [("Prix", 60, []), ("Insertion", 15, ["social"])],
                           [{"number": "2", "title": "Fleurissement", "reserved": ["reserved_insertion"]}])
    found = facts(7, report)
    assert found.social_kinds == {"clause", "criterion", "reserved"} and found.environmental_kinds == {"clause"}
    assert found.insertion_hours == 420 and found.reserved_lots == (("2", ("reserved_insertion",)),)
    assert [(c.name, c.weight) for c in found.social_criteria] == [("Insertion", 15)]


def _candidate(title, reference, buyer_ids=frozenset({BUYER}), lots=()):
    return Candidate(facts(1, tender_report(title, reference, [], lots=list(lots))), buyer_ids, None)


def test_matching_by_reference_then_by_object_and_never_across_buyers():
    contract = {"buyer_id": BUYER, "contract_id": "2024EV07-02", "object": "Lot 2 fleurissement des massifs"}
    by_ref = best_match(contract, [_candidate("Autre chose", "2024-EV-07")])
    assert by_ref.method == "reference"
    by_object = best_match(contract, [_candidate("Fleurissement des massifs de la ville", None)])
    assert by_object.method == "objet" and by_object.score >= 0.5
    by_lot = best_match(contract, [_candidate("Espaces verts", None, lots=[{"number": "2", "title": "Fleurissement massifs"}])])
    assert by_lot is not None
    assert best_match(contract, [_candidate("Fleurissement des massifs", "2024-EV-07", frozenset({"11111111100011"}))]) is None
    assert best_match(contract, [_candidate("Nettoyage des locaux", "ZZ-99")]) is None
    assert "lot" not in words("Lot 2 fleurissement")


def _import(db, records):
    decp_store.save_contracts(db, (normalise(r) for r in records), "test.jsonl")


def test_the_report_joins_tenders_and_lists_disagreements(app, db):
    _import(db, [
        record_2024(BUYER, "2024EV07-01", "2024-04-02", 120_000, social=[NO_SOCIAL], objet="Tonte et taille"),
        record_2024(BUYER, "2024NET-01", "2024-05-02", 90_000, social=["Clause sociale"], objet="Nettoyage des écoles"),
        record_2024(BUYER, "2024VRD-01", "2024-06-02", 300_000, objet="Réfection de voirie")])
    decp_store.add_org_buyer(db, "Valbrune", BUYER[:9])
    store_tender(db, tender_report("Entretien des espaces verts", "2024-EV-07", ["insertion_clause"],
                                   "réserver 350 heures de travail", [("Insertion", 10, ["social"])]), "Valbrune")
    store_tender(db, tender_report("Nettoyage des écoles communales", "N-2", []), "Valbrune")
    store_tender(db, tender_report("Entretien des espaces verts bis", "2024-EV-07", ["insertion_clause"],
                                   "réserver 999 heures"), "Autre ville")
    report = build_report(db, parse_scope(f"siret:{BUYER}"), 2024)
    d = report["documents"]
    assert d["tenders_considered"] == 2  # the other organisation's tender is not this buyer's
    assert d["matched_contracts"] == 2 and {m["method"] for m in d["matches"]} == {"reference", "objet"}
    assert d["insertion_hours"]["total"] == 350
    assert d["criteria"]["social"]["mean_weight"] == 10
    kinds = {(x["contract_id"], x["family"], x["kind"]) for x in d["disagreements"]}
    assert kinds == {("2024EV07-01", "social", "declared_none"), ("2024NET-01", "social", "not_in_documents")}
    assert "2 désaccords" in report["texts"]["documents"]


def test_only_tenders_the_reader_may_see_are_joined(app, db):
    _import(db, [record_2024(BUYER, "2024EV07-01", "2024-04-02", 120_000)])
    decp_store.add_org_buyer(db, "Valbrune", BUYER)
    decp_store.add_org_buyer(db, "Autre ville", BUYER)
    store_tender(db, tender_report("Espaces verts", "2024-EV-07", ["insertion_clause"], "350 heures"), "Valbrune")
    scope = parse_scope(f"siret:{BUYER}")
    assert build_report(db, scope, 2024, visible=visible_sql("Valbrune"))["documents"]["matched_contracts"] == 1
    assert build_report(db, scope, 2024, visible=visible_sql("Autre ville"))["documents"]["matched_contracts"] == 0
    assert build_report(db, scope, 2024, visible=visible_sql(None))["documents"]["tenders_considered"] == 0
