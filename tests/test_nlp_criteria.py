"""Award criteria extraction and aspect classification (texts written for these tests)."""
import pytest

from nlp.criteria import SubCriterion, classify_aspects, criterion_type, extract_award_criteria
from tenders.model import AwardCriterion, Document, Page


def doc(text: str) -> Document:
    return Document(name="rc.txt", pages=[Page(1, text)])


@pytest.mark.parametrize(
    "name, aspects",
    [
        ("Performances en matière de protection de l'environnement", ["environmental"]),
        ("Performance en matière d'insertion professionnelle des publics en difficulté", ["social"]),
        ("Valeur technique", []),
        ("Prix des prestations", []),
        ("Qualité environnementale et sociale de l'offre", ["environmental", "social"]),
        ("Gestion des déchets de chantier", ["environmental"]),
        ("Part de produits issus du commerce équitable", ["social"]),
        ("Raison sociale et références du candidat", []),
        ("Connaissance du code de l'environnement", []),
    ],
)
def test_classify_aspects(name: str, aspects: list[str]) -> None:
    assert classify_aspects(name) == aspects


@pytest.mark.parametrize(
    "name, kind",
    [("Prix", "price"), ("Prix des prestations", "price"), ("Coût global de possession", "cost"),
     ("Coût du cycle de vie", "cost"), ("Valeur technique", "quality")],
)
def test_criterion_type(name: str, kind: str) -> None:
    assert criterion_type(name) == kind


def test_table_rows() -> None:
    text = ("Article 6 - Critères d'attribution\nCritère | Pondération\nPrix | 60 %\n"
            "Valeur technique | 30 points\nPerformance environnementale | 10 %\n")
    got = extract_award_criteria(doc(text))
    assert [(c.name, c.weight, c.type) for c in got] == [
        ("Prix", 60.0, "price"), ("Valeur technique", 30.0, "quality"), ("Performance environnementale", 10.0, "quality")]
    assert got[2].aspects == ["environmental"]


def test_prose_and_sub_criteria_per_lot() -> None:
    text = ("Jugement des offres\nLot n° 2\n1. Valeur technique (50 %)\n   1.1 Méthodologie d'intervention (30 %)\n"
            "   - dont moyens humains : 20 %\n2. Prix des prestations : 40 %\n3. Délai de livraison : sur 10 points\n")
    got = extract_award_criteria(doc(text))
    assert [(c.name, c.weight, c.lot) for c in got] == [
        ("Valeur technique", 50.0, "2"), ("Méthodologie d'intervention", 30.0, "2"), ("moyens humains", 20.0, "2"),
        ("Prix des prestations", 40.0, "2"), ("Délai de livraison", 10.0, "2")]
    subs = [c for c in got if isinstance(c, SubCriterion)]
    assert [s.parent for s in subs] == ["Valeur technique", "Valeur technique"]
    assert all(isinstance(c, AwardCriterion) for c in got)
    assert got[3].type == "price"


def test_notice_rendering() -> None:
    text = ("II.2.5) Critères d'attribution\nCritère de qualité - Nom : Qualité de la méthodologie / Pondération : 20\n"
            "Critère de qualité - Nom : Mesures de réduction des déchets / Pondération : 10 %\n"
            "Coût - Nom : Coût global / Pondération : 20\nPrix - Pondération : 50\nII.2.6) Valeur estimée\n"
            "Valeur hors TVA : 100000 EUR\n")
    got = extract_award_criteria(doc(text))
    assert [(c.name, c.weight, c.type) for c in got] == [
        ("Qualité de la méthodologie", 20.0, "quality"), ("Mesures de réduction des déchets", 10.0, "quality"),
        ("Coût global", 20.0, "cost"), ("Prix", 50.0, "price")]
    assert got[1].aspects == ["environmental"]


def test_outside_award_sections_nothing() -> None:
    text = "Article 9 - Pénalités\nRetard de livraison : 10 %\nAvance : 5 %\n"
    assert extract_award_criteria(doc(text)) == []
