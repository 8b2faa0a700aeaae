"""Where a hit stands decides what it is (nlp/placement.py, taxonomy "How to decide the hard
cases"). Sentences written for these tests, under a heading of the kind named."""
from __future__ import annotations

import pytest

from nlp.classifier.context import place, suppliers_only
from nlp.classifier.sentences import Sentence
from nlp.detect import detect_clauses
from nlp.model import categories_from
from tenders.model import Document, Page, Tender
from text import fold

EXECUTION = "Article 7 - Conditions particulières d'exécution\n"
AWARD = "Article 9 - Critères d'attribution\n"


def found(text: str, heading: str = "") -> set[str]:
    page = "Règlement de la consultation\n" + heading + text + "\n"
    tender = Tender(documents=[Document(name="rc.txt", pages=[Page(1, page)])])
    return {category for category, present in categories_from(detect_clauses(tender)).items() if present}


# --- supply chains (rule 7) ----------------------------------------------------------------------
def test_labour_standards_of_suppliers_alone_are_fair_trade_only() -> None:
    text = ("Le titulaire s'assure que ses fournisseurs respectent les conventions fondamentales "
            "de l'Organisation internationale du travail.")
    assert found(text, EXECUTION) == {"fair_trade"}


def test_labour_standards_also_on_own_staff_are_a_social_condition_too() -> None:
    text = ("Le titulaire respecte les conventions fondamentales de l'OIT à l'égard de son personnel "
            "comme chez ses fournisseurs.")
    assert found(text, EXECUTION) == {"fair_trade", "social_condition"}


def test_the_model_does_not_add_back_the_social_condition_of_suppliers() -> None:
    text = "Ses fournisseurs respectent les conventions fondamentales de l'OIT dans leurs sites de production."
    assert suppliers_only(fold(text))
    assert place("social_condition", Sentence(0, len(text), text, "execution")) is None
    staff = "Le titulaire applique à ses salariés les conventions fondamentales de l'OIT."
    assert not suppliers_only(fold(staff))
    assert place("social_condition", Sentence(0, len(staff), staff, "execution")) == "social_condition"


# --- insertion publics in the statutory wordings --------------------------------------------------
@pytest.mark.parametrize("text", [
    "Le titulaire s'engage à embaucher des jeunes de moins de 26 ans sans qualification pour 140 heures.",
    "Le titulaire emploie des personnes rencontrant des difficultés particulières d'insertion.",
    "Le titulaire recrute des bénéficiaires du RSA pour l'exécution des travaux.",
    "Le titulaire satisfait à son obligation d'insertion par l'embauche directe.",
])
def test_insertion_publics_under_execution(text: str) -> None:
    assert "insertion_clause" in found(text, EXECUTION)


def test_candidacy_words_outside_the_trigger_still_mean_selection() -> None:
    # "qualification" inside "jeunes sans qualification" names a public; beside it, a proof asked
    assert found("Le candidat justifie de sa qualification pour l'accompagnement des demandeurs d'emploi.",
                 EXECUTION) == set()


# --- environmental execution topics of usual CCAP/CCTP clauses -------------------------------------
@pytest.mark.parametrize("text", [
    "Le prestataire s'interdit l'usage de produits phytosanitaires de synthèse.",
    "Les déchets verts sont valorisés sur une plateforme de compostage agréée.",
    "Les engins de chantier sont équipés de filtres à particules.",
    "Les produits en plastique à usage unique sont proscrits.",
    "Le titulaire forme son personnel à l'écoconduite.",
    "Les peintures employées ont une faible teneur en composés organiques volatils.",
    "Les textiles fournis sont certifiés OEKO-TEX ou équivalent.",
    "Les bois utilisés proviennent d'exploitations légales et gérées durablement.",
    "Le titulaire réduit la consommation d'eau sur le chantier.",
])
def test_environmental_topics_under_execution(text: str) -> None:
    assert found(text, EXECUTION) == {"environmental_condition"}


def test_environmental_requirements_announced_in_a_field() -> None:
    text = "Conditions d'exécution : le marché comporte des exigences environnementales relatives aux déchets."
    assert found(text) == {"environmental_condition"}


def test_a_bare_energy_topic_states_no_rule() -> None:
    assert found("La consommation électrique des bâtiments a baissé depuis 2020.", EXECUTION) == set()


# --- product words of criteria (rule 2) ----------------------------------------------------------
def test_eco_responsible_products_outside_award_are_a_requirement() -> None:
    assert found("Les prestations seront réalisées avec des produits éco-responsables.") == {"environmental_condition"}


def test_eco_responsible_products_scored_are_a_criterion() -> None:
    assert found("Qualité écoresponsable des produits : 20 %", AWARD) == {"environmental_criterion"}


def test_an_eco_responsible_object_requires_nothing() -> None:
    text = "Objet du marché : AMO pour l'extension éco-responsable de la cuisine centrale"
    assert found(text) == set()


# --- a share of the mark, requests to describe ----------------------------------------------------
def test_a_percentage_of_the_mark_is_a_weight_even_under_execution() -> None:
    text = "Les offres seront appréciées au regard du critère performance environnementale (10 %)."
    assert found(text, EXECUTION) == {"environmental_criterion"}
    assert found("Le titulaire emploie 20 % de produits bio.", EXECUTION) == {"environmental_condition"}


def test_a_note_asked_of_candidates_obliges_nothing() -> None:
    assert found("Les candidats fourniront une note présentant leur politique environnementale.", EXECUTION) == set()
    assert found("Le titulaire fournira un bilan des déchets valorisés.", EXECUTION) == {"environmental_condition"}


def test_the_title_s_vague_words_describe_the_purchase_wherever_repeated() -> None:
    title = "AMO pour l'extension éco-responsable de la cuisine centrale"
    page = Page(1, "Avis de marché\nII.1.4) Description succincte : " + title + "\n")
    tender = Tender(title=title, documents=[Document(name="avis.txt", pages=[page])])
    assert not any(categories_from(detect_clauses(tender)).values())
