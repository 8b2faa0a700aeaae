""""Puis-je répondre ?" in plain words: the verdict of a report, each point with its passage; a
reservation only with an affirmative passage; the buyer's advice left to the buyer."""
from __future__ import annotations

import pytest

from web.verdict import affirmative_reservation, build


def report(clauses=(), findings=(), **tender) -> dict:
    return {"tender": {"title": "Entretien des espaces verts", "buyer": "Ville de Valbrune", "lots": [],
                       "award_criteria": [], **tender},
            "clauses": [{"negated": False, "document": "RC.pdf", "page": 2, **c} for c in clauses],
            "accessibility": {"score": 50, "findings": [{"document": "RC.pdf", "page": 3, "advice": "", **f}
                                                        for f in findings]}}


@pytest.mark.parametrize("text", [
    "Le candidat joint, le cas échéant, l'attestation prévue à l'article L2113-12 (entreprises adaptées, ESAT).",
    "Marché réservé : non",
    "Si le marché est réservé, le candidat justifie de sa qualité d'ESAT ou d'entreprise adaptée.",
    "Le marché n'est pas réservé aux entreprises adaptées.",
    "Le candidat déclare sur l'honneur être une entreprise adaptée au sens de l'article L2113-12 (déclaration DC1).",
    "Marché réservé :",  # the notice's field, left empty
])
def test_no_reservation_without_an_affirmative_passage(text):
    clause = {"category": "reserved_disability", "text": text}
    assert not affirmative_reservation({"negated": False, **clause})
    verdict = build(report([clause]))
    assert "réservé (" not in verdict.headline and verdict.headline.startswith("Oui")
    assert "aucun passage ne le réserve" in verdict.who[0].text


@pytest.mark.parametrize("text", [
    "Le lot 2 est réservé aux entreprises adaptées et aux ESAT.",
    "Le marché est réservé, en application de l'article L2113-13, à des structures d'insertion par l'activité économique.",
    "Marché réservé : oui",
])
def test_an_affirmative_reservation_is_recognised(text):
    assert affirmative_reservation({"category": "reserved_insertion", "text": text, "negated": False})


def test_a_reservation_is_announced_with_its_passage():
    text = "Le lot 2 est réservé aux entreprises adaptées et aux ESAT, en application de l'article L2113-12."
    verdict = build(report([{"category": "reserved_disability", "text": text}],
                           lots=[{"number": "1", "title": "Tonte", "reserved": []},
                                 {"number": "2", "title": "Fleurissement", "reserved": ["reserved_disability"]}]))
    assert verdict.headline.startswith("Marché réservé (Marché réservé EA/ESAT)")
    assert verdict.who[0].passage == text and verdict.who[0].where == "RC.pdf, p. 2"
    assert [p.text for p in verdict.lots] == ["Lot 1 : Tonte.", "Lot 2 : Fleurissement — réservé (Marché réservé EA/ESAT)."]
    # the notice's box alone, without the passage, does not mark the lot
    plain = build(report(lots=[{"number": "2", "title": "Fleurissement", "reserved": ["reserved_disability"]}]))
    assert plain.lots[0].text == "Lot 2 : Fleurissement." and plain.headline.startswith("Oui")


def test_the_verdict_says_when_on_what_and_what_to_do_with_passages():
    insertion = "Le titulaire s'engage à réaliser 350 heures d'insertion au bénéfice de personnes éloignées de l'emploi."
    verdict = build(report(
        [{"category": "insertion_clause", "text": insertion}],
        [{"id": "joint_bids", "kind": "strength", "evidence": "Les groupements sont autorisés."},
         {"id": "site_visit", "kind": "barrier", "evidence": "La visite du site est obligatoire.",
          "advice": "Rendre la visite facultative ou proposer plusieurs dates."},
         {"id": "lots", "kind": "barrier", "evidence": "Le marché n'est pas divisé en lots.",
          "advice": "Diviser le besoin en lots (art. L2113-10)."}],
        deadline="2026-12-01T12:00:00",
        award_criteria=[{"name": "Prix", "weight": 60, "aspects": []},
                        {"name": "Performance en matière d'insertion", "weight": 15, "aspects": ["social"]}]),
        date_fr=lambda d: "01/12/2026")
    assert verdict.headline == "Oui, une petite structure peut répondre, mais 2 points demandent de l'attention."
    assert verdict.when[0].text == "Date limite de remise des offres : 01/12/2026."
    assert verdict.criteria[0].text == "Prix — pondération 60."
    assert "sur le plan social y compte" in verdict.criteria[1].text
    actions = {p.text.split(" ", 2)[0] + " " + p.text.split(" ", 2)[1]: p for p in verdict.actions}
    assert actions["Se grouper"].passage == "Les groupements sont autorisés."
    assert "350 heures d'insertion" in actions["Proposer ses"].text and actions["Proposer ses"].passage == insertion
    assert "avant la date limite du 01/12/2026" in actions["Poser une"].text
    assert verdict.lots[0].text.startswith("Un seul marché, sans lots") and verdict.lots[0].passage
    assert [p.text.split(" — ")[0] for p in verdict.watch] == ["Visite de site"]
    everything = " ".join(p.text + (p.passage or "") for p in verdict.lots + verdict.watch + verdict.actions)
    assert "Diviser le besoin" not in everything and "facultative ou proposer" not in everything  # the buyer's advice


def test_passages_are_clean_sentences_and_the_title_replaces_the_file_name():
    cut = ("rmations sur les limites de la prestation " + "et les conditions de paiement du marché " * 5
           + "sont précisées dans le cahier des cla")
    verdict = build(report(findings=[{"id": "payment_delay", "kind": "barrier", "evidence": cut}]))
    passage = verdict.watch[0].passage
    assert passage.startswith("… sur les limites") and passage.endswith("dans le cahier des …")
    assert build(report(title=None)).title == "Consultation sans titre repéré"
