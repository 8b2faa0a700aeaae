"""Clause detection on sentences written for these tests (never corpus text)."""
from __future__ import annotations

import pytest

from nlp.detect import detect_clauses
from nlp.model import CATEGORIES, Clause, categories_from
from nlp.pipeline import get_nlp
from tenders.model import Document, Page, Tender


@pytest.fixture(scope="session")
def nlp():
    return get_nlp()  # cached: loaded once per test session


def run(text: str, *pages: str) -> list[Clause]:
    doc = Document(name="dce.txt", pages=[Page(i + 1, t) for i, t in enumerate((text,) + pages)])
    return detect_clauses(Tender(documents=[doc]))


def cats(text: str) -> dict[str, bool]:
    return categories_from(run(text))


def test_pipeline_components(nlp) -> None:
    for name in ("senter", "line_breaks", "legal_refs", "section_headings", "clause_matcher"):
        assert name in nlp.pipe_names
    assert "parser" not in nlp.pipe_names and "ner" not in nlp.pipe_names
    assert get_nlp() is nlp
    doc = nlp("Le lot 2 est réservé aux ESAT selon l'article L. 2113-12.")
    assert [s.label_ for s in doc.spans["legal_refs"]] == ["L2113-12"]
    assert "reserved_disability" in {s.label_ for s in doc.spans["clauses"]}


# --- positives: one or more per category ---------------------------------------------------------
POSITIVES = [
    ("Le titulaire s'engage à réaliser 250 heures d'insertion au bénéfice de publics éloignés de l'emploi.",
     "insertion_clause"),
    ("Le présent marché comporte une clause sociale d'insertion.", "insertion_clause"),
    ("Le titulaire devra lutter contre les discriminations et garantir l'égalité entre les femmes et les hommes "
     "parmi son personnel affecté au marché.", "social_condition"),
    ("Article 4 - Critères d'attribution\nCritère de qualité - Nom : Performance en matière d'insertion "
     "professionnelle des publics en difficulté / Pondération : 15", "social_criterion"),
    ("Le lot 3 est réservé aux entreprises adaptées et aux ESAT, en application de l'article L. 2113-12.",
     "reserved_disability"),
    ("Conformément à l'article L. 2113-13, le marché est réservé aux structures d'insertion par l'activité "
     "économique.", "reserved_insertion"),
    ("Le lot 4 est réservé aux entreprises de l'économie sociale et solidaire (article L. 2113-15).",
     "reserved_ess"),
    ("Les fournitures de papeterie devront porter l'écolabel européen ou un label équivalent.",
     "environmental_condition"),
    ("Article 7 - Conditions d'exécution\nLe titulaire assure le tri des déchets de chantier et leur recyclage.",
     "environmental_condition"),
    ("Article 5 - Jugement des offres\nCritère de qualité - Nom : Gestion des déchets et recyclage / "
     "Pondération : 10", "environmental_criterion"),
    ("Le café et le thé servis lors des réceptions seront issus du commerce équitable.", "fair_trade"),
]


@pytest.mark.parametrize("text, category", POSITIVES)
def test_positive(text: str, category: str) -> None:
    result = cats(text)
    assert result[category], (category, run(text))


def test_every_category_covered_by_a_positive_test() -> None:
    ids = {category for _, category in POSITIVES}
    assert ids == set(CATEGORIES)


def test_eu_checkbox_supports_both_unless_the_section_says() -> None:
    checkbox = ("III.1.5) Informations sur les marchés réservés\nLe marché est réservé à des ateliers protégés "
                "et des opérateurs économiques dont l'objectif est l'intégration sociale et professionnelle de "
                "personnes handicapées ou défavorisées")
    both = cats(checkbox)
    assert both["reserved_disability"] and both["reserved_insertion"] and not both["reserved_ess"]
    narrowed = cats(checkbox + "\nLe lot est réservé aux SIAE au sens de l'article L. 2113-13.")
    assert narrowed["reserved_insertion"] and not narrowed["reserved_disability"]


# --- negatives: one per negative form; the category stays False --------------------------------
@pytest.mark.parametrize(
    "text, category",
    [
        ("Clauses sociales : Sans", "social_condition"),
        ("Marché réservé : non", "reserved_disability"),
        ("Marché réservé : non", "reserved_insertion"),
        ("Le dossier ne prévoit aucune clause environnementale.", "environmental_condition"),
        ("Le marché n'est pas réservé.", "reserved_insertion"),
        ("Le présent marché ne comporte pas de clause d'insertion.", "insertion_clause"),
        ("Conditions particulières d'exécution : néant", "environmental_condition"),
        ("Conditions particulières d'exécution : néant", "social_condition"),
        ("Article 9 - Clauses sociales\nSans objet.", "social_condition"),
    ],
)
def test_negative_forms(text: str, category: str) -> None:
    clauses = run(text)
    assert not categories_from(clauses)[category]
    assert any(c.negated for c in clauses), "negated passages are kept for transparency"


@pytest.mark.parametrize(
    "text",
    [
        # an address, a CPV label, a description of the purchase: not clauses
        "I.1) Nom et adresses\nDirection de l'environnement et de l'énergie, 3 rue des Lilas, 75000 Paris",
        "II.1.2) Code CPV principal\n90500000 Services liés aux déchets et au recyclage",
        "II.1.4) Description succincte :\nCollecte et recyclage des déchets ménagers de la commune.",
        # candidacy paperwork and generic accessibility
        "Le candidat fournit une attestation sur l'honneur relative à l'obligation d'emploi des travailleurs "
        "handicapés.",
        "Les locaux sont accessibles aux personnes handicapées et à mobilité réduite.",
        "La prestation est réservée à une profession déterminée : architectes inscrits à l'ordre.",
        "Le pouvoir adjudicateur se réserve le droit de ne pas donner suite.",
        "Le projet devra assurer une bonne insertion dans le site et dans le paysage.",
        # charging points serve vehicles nobody buys here; waste removal is logistics in a means
        # criterion; a Swiss notice's statutory formula is foreign legal compliance (case 4)
        "Installation de bornes de recharge pour véhicules électriques sur le parking de la mairie.",
        "Critères d'attribution :\nPrix : 60 %\nMoyens humains et matériels, dont le nettoyage du site et "
        "l'évacuation des déchets : 40 %",
        "Conditions régissant la procédure : l'adjudicateur n'attribue le marché qu'à des soumissionnaires qui "
        "garantissent le respect des dispositions sur la protection des travailleurs, les conditions de travail "
        "et l'égalité de salaire entre hommes et femmes.",
    ],
)
def test_not_clauses(text: str) -> None:
    assert not any(categories_from(run(text)).values()), run(text)


# --- section awareness ----------------------------------------------------------------------------
def test_same_words_condition_or_criterion_by_section() -> None:
    words = "Réduction des déchets et emballages recyclables"
    as_criterion = cats(f"II.2.5) Critères d'attribution\n{words} / Pondération : 10")
    as_condition = cats(f"III.2.2) Conditions d'exécution du marché :\n{words}.")
    assert as_criterion["environmental_criterion"] and not as_criterion["environmental_condition"]
    assert as_condition["environmental_condition"] and not as_condition["environmental_criterion"]


def test_section_carries_over_pages() -> None:
    clauses = run("Article 6 - Critères d'attribution\nLes offres sont notées comme suit.",
                  "Qualité environnementale des matériaux proposés : 15 %")
    assert [c.category for c in clauses] == ["environmental_criterion"]
    assert clauses[0].page == 2


def test_dce_heading_execution_conditions() -> None:
    text = ("ARTICLE 8 - CONDITIONS D'EXECUTION\n8.1 Dispositions sociales\n"
            "Le titulaire recrute des apprentis pendant la durée du marché.")
    assert cats(text)["social_condition"]


# --- clause fields --------------------------------------------------------------------------------
def test_offsets_and_fields() -> None:
    page1 = ("Article 1 - Objet\nFourniture de mobilier.\n\nArticle 2 - Clauses sociales\n"
             "Le titulaire s'engage à réaliser 120 heures d'insertion (article L. 2112-2 du code de la commande "
             "publique).\nLe titulaire pourra proposer des produits issus du commerce équitable.")
    page2 = "Le marché n'est pas réservé.\nL'offre doit porter un écolabel."
    doc = Document(name="ccap.pdf", paginated=True, pages=[Page(1, page1), Page(2, page2)])
    clauses = detect_clauses(Tender(documents=[doc]))
    texts = {1: page1, 2: page2}
    assert clauses
    for c in clauses:
        assert c.text == texts[c.page][c.start : c.end]
        assert c.document == "ccap.pdf" and c.source == "pattern" and 0 <= c.confidence <= 1
    by_cat = {c.category: c for c in clauses if not c.negated}
    insertion = by_cat["insertion_clause"]
    assert insertion.strength == "mandatory" and insertion.legal_refs == ["L2112-2"]
    assert by_cat["fair_trade"].strength == "optional"
    assert by_cat["environmental_condition"].page == 2
    assert all(c.negated for c in clauses if c.category.startswith("reserved"))


def test_categories_from_has_all_ids() -> None:
    result = categories_from([])
    assert list(result) == list(CATEGORIES) and not any(result.values())


def test_many_pages_linear() -> None:
    page = "Le titulaire s'engage à réaliser des heures d'insertion.\n" + "Texte neutre sans objet particulier. " * 50
    doc = Document(name="big.pdf", paginated=True, pages=[Page(i + 1, page) for i in range(120)])
    clauses = detect_clauses(Tender(documents=[doc]))
    assert len([c for c in clauses if c.category == "insertion_clause"]) == 120


# --- forms met on real notices, written anew for these tests ----------------------------------------
def test_environmental_property_of_the_purchase_counts_in_its_description() -> None:
    found = cats("II.2.4) Description des prestations :\nLe lot porte sur des yaourts « BIO » ou équivalent.")
    assert found["environmental_condition"]
    assert cats("II.1.4) Description succincte :\nLa future école sera un bâtiment à énergie positive.")[
        "environmental_condition"]


def test_topic_word_in_a_description_is_still_no_clause() -> None:
    assert not any(cats("II.1.4) Description succincte :\nÉtude sur la gestion des déchets du port.").values())


def test_points_make_a_criterion_under_a_heading_that_reads_like_execution() -> None:
    found = cats("Politique de développement durable : proposition du candidat sur l'empreinte carbone "
                 "et les démarches sociales - 15 points")
    assert found["environmental_criterion"] and not found["environmental_condition"]


def test_criteria_lines_inside_a_description_are_criteria() -> None:
    found = cats("II.2.4) Description des prestations :\nRepas des cantines.\n"
                 "Critère : Prix : 60 %\nCritère : Politique d'alimentation durable : 40 %")
    assert found["environmental_criterion"]


def test_options_field_closes_the_award_section() -> None:
    found = cats("II.2.5) Critères d'attribution\nPrix : 100 %\nOptions : oui\nDescription des options :\n"
                 "— une option pour le recyclage des pièces usagées;")
    assert not found["environmental_criterion"]


def test_inline_object_field_is_a_description_whatever_came_before() -> None:
    text = ("Critères d'attribution :\nPrix.\n"
            "Objet du marché : accompagnement vers l'emploi et insertion professionnelle de jeunes adultes, "
            "dans le cadre d'ateliers collectifs organisés par le pouvoir adjudicateur sur trois sites.")
    assert not cats(text)["social_criterion"]


def test_list_items_glued_with_comma_dash_are_split() -> None:
    text = ("IV.1.9) Critères d'évaluation des projets :\nLes critères sont :- Qualité au regard des "
            "exigences techniques et environnementales,- Parti architectural")
    assert cats(text)["environmental_criterion"]


def test_lost_apostrophe_still_matches() -> None:
    text = "II.2.5) Critères d'attribution\nCritère : Part confiée à des structures d insertion par lactivité économique 5 %"
    assert cats(text)["social_criterion"]


def test_social_and_or_environmental_announcement_states_neither() -> None:
    found = cats("Des clauses sociales et/ou environnementales figureront dans le CCAP.")
    assert not found["social_condition"] and not found["environmental_condition"]


def test_generic_social_clause_names_the_insertion_clause_of_the_same_tender() -> None:
    text = ("III.2.2) Conditions d'exécution :\nLe marché comporte une condition d'exécution sociale.\n"
            "Le titulaire réservera 150 heures de travail à des personnes éloignées de l'emploi.")
    found = cats(text)
    assert found["insertion_clause"] and not found["social_condition"]
    assert cats("III.2.2) Conditions d'exécution :\nLe marché comporte une clause sociale.")["social_condition"]


def test_request_to_describe_insertion_is_no_insertion_clause() -> None:
    text = ("Article 8 - RSE\nLe candidat précisera dans son mémoire technique les démarches qu'il mène en "
            "faveur des personnes éloignées de l'emploi.")
    assert not cats(text)["insertion_clause"]


def test_checkbox_narrowed_by_an_article_elsewhere_in_the_tender() -> None:
    checkbox = ("III.1.5) Informations sur les marchés réservés\nLe marché est réservé à des ateliers protégés "
                "et à des opérateurs économiques dont l'objet est l'intégration sociale et professionnelle de "
                "personnes handicapées ou défavorisées")
    both = cats(checkbox)
    assert both["reserved_disability"] and both["reserved_insertion"]
    narrowed = cats(checkbox + "\nVI.3) Informations complémentaires :\nEn application de l'article L. 2113-13 "
                    "du code de la commande publique, le marché est réservé aux SIAE.")
    assert narrowed["reserved_insertion"] and not narrowed["reserved_disability"]


def test_reserved_to_the_adapted_sector() -> None:
    assert cats("La consultation est réservée au secteur adapté.")["reserved_disability"]


def test_future_under_execution_heading_is_an_obligation() -> None:
    clauses = run("Article 7 - Conditions d'exécution\nLes fournitures seront conformes à l'écolabel européen "
                  "ou équivalent.")
    assert [c.strength for c in clauses if c.category == "environmental_condition"] == ["mandatory"]
    mention = run("Le marché sera attribué après examen ; les emballages recyclables sont appréciés.")
    assert all(c.strength != "mandatory" for c in mention)


def test_bare_topic_word_under_execution_heading_states_no_rule() -> None:
    assert not cats("Article 6 - Conditions d'exécution\nLivraison, emballages et stockage")["environmental_condition"]
    assert cats("Article 6 - Conditions d'exécution\nLe titulaire reprend ses emballages.")["environmental_condition"]


def test_sworn_statement_is_candidacy_paperwork_not_a_condition() -> None:
    text = ("III.2.2) Conditions d'exécution :\nDéclaration sur l'honneur du candidat attestant qu'il respecte "
            "la loi sur l'égalité entre les femmes et les hommes.")
    assert not cats(text)["social_condition"]


def test_ilo_conventions_bound_on_the_supply_chain_are_fair_trade() -> None:
    bound = ("Article 9 - Conditions d'exécution\nLe titulaire s'assure que les vêtements fournis sont fabriqués "
             "dans le respect des conventions fondamentales de l'OIT, travail des enfants et travail forcé exclus.")
    assert cats(bound)["fair_trade"]
    candidacy = ("III.1.3) Capacité technique et professionnelle\nLe candidat fournit une certification SA8000 "
                 "ou équivalente.")
    assert not cats(candidacy)["fair_trade"]  # proof of capacity, not a duty of execution (convention 7)
    mentioned = "Description succincte : étude sur le travail des enfants dans les filières textiles."
    assert not cats(mentioned)["fair_trade"]


def test_criteria_rows_printed_under_a_description_are_criteria() -> None:
    # TED renders print "Critère : name: weight" under II.2.4, with no award heading
    text = ("II.2.4) Description des prestations :\nExploitation d'un réseau de chaleur urbain.\n"
            "Critère : Qualité technique de l'offre: 35 %\nCritère : Qualité environnementale: 15 %\n"
            "Critère : Emploi et formation:5 %\n")
    found = cats(text)
    assert found["environmental_criterion"] and found["social_criterion"]
    assert not found["environmental_condition"]


def test_clean_vehicles_bought_are_a_condition_but_a_fleet_described_is_not() -> None:
    assert cats("Acquisition de véhicules utilitaires légers électriques de 4 m3.")["environmental_condition"]
    assert cats("Lot 2 : véhicules utilitaires à motorisation électrique.")["environmental_condition"]
    assert not cats("Fourniture d'énergie électrique aux tarifs réglementés de vente.")["environmental_condition"]
    assert not cats("Dépannage et remorquage des bus : bus standard diesel et hybride.")["environmental_condition"]


def test_due_diligence_named_as_a_legal_field_is_not_fair_trade() -> None:
    listed = "Domaines du conseil juridique attendu :\n- Droit des contrats ;\n- Devoir de vigilance ;\n"
    assert not cats(listed)["fair_trade"]
    bound = ("Article 8 - Conditions d'exécution\nLe titulaire met en œuvre un devoir de vigilance sur sa chaîne "
             "d'approvisionnement en textiles.")
    assert cats(bound)["fair_trade"]


def test_the_performance_targets_of_a_global_performance_contract() -> None:
    text = ("Le marché global de performance fixe des objectifs chiffrés de performance en termes d'efficacité "
            "énergétique ou d'incidence écologique.")
    assert cats(text)["environmental_condition"]


def test_organic_food_bought_is_a_condition_wherever_it_is_written() -> None:
    assert cats("Lot 3 : yaourts et fromages bio pour les écoles")["environmental_condition"]
    assert cats("Intitulé : viande et volaille biologiques (frais)")["environmental_condition"]
    assert not cats("Lot 3 : yaourts et fromages pour les écoles")["environmental_condition"]


def test_works_favouring_renewable_energy_and_low_consumption_buildings() -> None:
    assert cats("Construction d'une chaufferie privilégiant les sources d'énergies renouvelables locales.")[
        "environmental_condition"]
    assert cats("Le futur gymnase sera un bâtiment de type BBC.")["environmental_condition"]


def test_certified_supplies_count_but_naming_the_catering_law_does_not() -> None:
    assert cats("Le mobilier livré sera en bois certifié FSC ou PEFC.")["environmental_condition"]
    assert cats("Les espaces verts sont entretenus en zéro phyto.")["environmental_condition"]
    assert not cats("Les repas seront conformes à la loi Egalim.")["environmental_condition"]


def test_fair_trade_products_and_ilo_standards_by_their_short_names() -> None:
    assert cats("Lot 2 : café et thé équitables pour les salles de pause")["fair_trade"]
    assert cats("Conditions d'exécution : le titulaire garantit que les vêtements sont fabriqués dans le respect des "
                "conventions de l'OIT.")["fair_trade"]
    assert not cats("Lot 2 : café et thé pour les salles de pause")["fair_trade"]


def test_hours_set_aside_for_listed_beneficiaries_are_an_insertion_clause() -> None:
    text = ("Le titulaire devra réserver 15 % du volume total des heures de main-d'œuvre aux publics "
            "bénéficiaires définis à l'article 7 du CCAP.")
    assert cats(text)["insertion_clause"]
    assert not cats("Le pouvoir adjudicateur se réserve le droit de modifier les horaires d'ouverture.")["insertion_clause"]


def test_a_requirement_binding_the_contractor_inside_the_description_counts() -> None:
    bound = ("II.2.4) Description des prestations :\nFourniture de mobilier scolaire. Le titulaire devra livrer "
             "du mobilier composé de matériaux recyclés.")
    assert cats(bound)["environmental_condition"]
    described = "II.2.4) Description des prestations :\nCollecte et tri des matériaux recyclés des déchetteries."
    assert not cats(described)["environmental_condition"]


# --- who is bound: the buyer's pledge, the law recalled, refresher training ---------------------
EXECUTION = "III.2.2) Conditions particulières d'exécution :\n{}\n"


@pytest.mark.parametrize("sentence", [
    "L'acheteur s'engage à réduire l'impact environnemental de ses achats.",
    "Conformément à la loi Climat et Résilience, l'acheteur prend en compte des considérations environnementales.",
    "Le titulaire respectera la réglementation environnementale en vigueur.",
    "Les agents du titulaire suivront une formation de recyclage SST chaque année.",
])
def test_under_an_execution_heading_what_binds_no_contractor_to_the_environment_is_no_condition(sentence):
    assert not cats(EXECUTION.format(sentence))["environmental_condition"], sentence


@pytest.mark.parametrize("sentence", [
    "L'acheteur impose au titulaire l'usage de produits d'entretien écolabellisés.",
    "Le pouvoir adjudicateur a prévu une clause environnementale : le titulaire réduit ses emballages.",
    "Le titulaire devra mettre en place un tri sélectif des déchets de chantier.",
])
def test_the_buyer_named_beside_the_contractor_or_a_clause_still_makes_a_condition(sentence):
    assert cats(EXECUTION.format(sentence))["environmental_condition"], sentence


@pytest.mark.parametrize("line", [
    "II.1.1) Intitulé : Fourniture d'électricité d'origine 100 % renouvelable pour les écoles",
    "II.2.4) Description des prestations : construction d'un gymnase certifié HQE.",
    "II.1.4) Description succincte : fourniture de ramettes de papier recyclé pour les services.",
    "II.1.4) Description succincte : rénovation des écoles visant une réduction de 40 % des consommations.",
])
def test_an_environmental_property_of_what_is_bought_counts_in_the_description(line):
    assert cats(f"Objet : marché\n{line}\n")["environmental_condition"], line  # taxonomy rule 2


def test_the_object_alone_states_no_property():
    assert not cats("Objet : marché\nII.1.4) Description succincte : maintenance des chaudières au gaz naturel.\n")[
        "environmental_condition"]


def test_a_generic_social_clause_names_the_insertion_clause_the_classifier_found():
    from nlp.analysis import explained_by_insertion

    generic = Clause("social_condition", "Clause sociale : embauche de personnes éloignées de l'emploi.", "avis.txt", 1)
    equality = Clause("social_condition", "Le titulaire garantit l'égalité salariale.", "avis.txt", 1)
    insertion = Clause("insertion_clause", generic.text, "avis.txt", 1, source="classifier")
    assert explained_by_insertion([generic, equality, insertion]) == [equality, insertion]
    assert explained_by_insertion([generic, equality]) == [generic, equality]  # no insertion: it stays (rule 6)
