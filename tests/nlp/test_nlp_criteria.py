"""Award criteria extraction and aspect classification (texts written for these tests)."""
import pytest

from nlp.criteria import SubCriterion, classify_aspects, criterion_type, extract_award_criteria, weight_in_name
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


# --- free text: weights read from prose, in any section that states award criteria ------------------
def weights(text: str) -> list[float]:
    """Top-level weights, as award_criteria keeps them."""
    return [c.weight for c in extract_award_criteria(doc(text)) if not isinstance(c, SubCriterion)]


def test_prose_weight_first_sentence() -> None:
    text = ("VI.3) Informations complémentaires :\nLe dossier est gratuit. L'offre la mieux classée sera "
            "retenue selon les critères suivants : 55 % sur la valeur technique et 45 % sur le prix.\n")
    got = extract_award_criteria(doc(text))
    assert [(c.weight, c.type) for c in got] == [(55.0, "quality"), (45.0, "price")]
    assert got[0].name == "la valeur technique"


def test_prose_list_in_one_sentence() -> None:
    text = ("Critères d'attribution :\nCritères : qualité de la prestation (50 %), délai (20 %) et tarif "
            "(30 %).\n")
    assert weights(text) == [50.0, 20.0, 30.0]


def test_vi3_after_empty_award_section() -> None:
    text = ("II.2.5) Critères d'attribution\nLe prix n'est pas le seul critère d'attribution et tous les "
            "critères sont énoncés uniquement dans les documents du marché\nII.2.7) Durée du marché\n"
            "Durée en mois : 12\nSection VI : Renseignements complémentaires\nVI.3) Informations complémentaires :\n"
            "Une avance de 5 % est prévue.\nCritères de jugement des offres :\n1) tarifs pondération 40 ;\n"
            "2) méthode d'intervention pondération 45 ;\n3) bilan carbone du transport 15.\n"
            "VI.4.1) Instance chargée des procédures de recours\n")
    got = extract_award_criteria(doc(text))
    assert [c.weight for c in got] == [40.0, 45.0, 15.0]  # the unitless last item completes 100
    assert got[2].aspects == ["environmental"]


def test_points_and_scales() -> None:
    text = ("Critères d'attribution :\n- Prix : sur 6 points ;\n- Valeur technique notée sur 20 : "
            "14 points.\n")
    assert weights(text) == [6.0, 14.0]  # "notée sur 20" is the scale, not a weight
    only_scales = ("Le marché sera attribué selon les critères ci-dessous :\n— valeur technique notée sur 9 points ;\n"
                   "— prix noté sur 11 points.\n")
    assert weights(only_scales) == [9.0, 11.0]


def test_fractions_and_restated_coefficients() -> None:
    rows = ("II.2.5) Critères d'attribution\nCritère de qualité - Nom : Valeur technique / Pondération : 0.7\n"
            "Prix - Pondération : 0.3\n")
    assert weights(rows) == [0.7, 0.3]
    prose = ("Critères d'attribution :\n- valeur technique (coefficient 0,65) : 65 % ;\n"
             "- prix (coefficient 0,35) : 35 %.\n")
    assert weights(prose) == [65.0, 35.0]


def test_lot_ranges_and_inline_lots() -> None:
    text = ("Lot nº : 1-3\nII.2.5) Critères d'attribution\nCritère de qualité\n1. Qualité des repas / Pondération : 60\n"
            "Prix :\n1. Prix / Pondération : 40\n")
    assert [(c.weight, c.lot) for c in extract_award_criteria(doc(text))] == [(60.0, "1-3"), (40.0, "1-3")]
    inline = ("Critères d'attribution : Lot 1 : prix 70 %, technique 30 %. Lot 2 : prix 40 %, "
              "technique 60 %.\n")
    assert [(c.weight, c.lot) for c in extract_award_criteria(doc(inline))] == [
        (70.0, "1"), (30.0, "1"), (40.0, "2"), (60.0, "2")]


def test_duplicate_blocks_count_once_and_rows_win() -> None:
    block = ("II.2.5) Critères d'attribution\nCritère de qualité - Nom : Méthode, voir VI.3) / Pondération : 35\n"
             "Coût - Nom : Le coût, voir VI.3) / Pondération : 65\n")
    prose = ("VI.3) Informations complémentaires :\nCritères retenus : le coût (65 %) ; la méthode (35 %) "
             "jugée sur deux sous-critères :\n— sous-critère 1 (70 %) : organisation ;\n— sous-critère 2 (30 %) : "
             "suivi.\n")
    got = extract_award_criteria(doc(block + prose + block + prose))
    assert [(c.weight, c.type) for c in got] == [(35.0, "quality"), (65.0, "cost")]
    assert weights(prose + prose) == [65.0, 35.0]


def test_sub_criteria_inline_and_nested() -> None:
    text = ("Critères d'évaluation des projets :\ncritère 1 : qualité du projet : 60 % 1.a) insertion dans le site : "
            "35 % 1.b) performance énergétique : 25 % critère 2 : respect de l'enveloppe : 30 % critère 3 : "
            "fonctionnalité : 10 %\n")
    got = extract_award_criteria(doc(text))
    top = [c for c in got if not isinstance(c, SubCriterion)]
    subs = [c for c in got if isinstance(c, SubCriterion)]
    assert [c.weight for c in top] == [60.0, 30.0, 10.0]
    assert [(s.weight, s.parent) for s in subs] == [(35.0, "qualité du projet"), (25.0, "qualité du projet")]
    # Sub-weights found only because they add up to the weight before them.
    nested = ("Critères d'attribution : 65 % pour la valeur technique, appréciée sur 40 % pour la méthode "
              "(25 % pour le planning, 15 % pour les contrôles) et 25 % pour les moyens ; 35 % pour le prix.\n")
    assert weights(nested) == [65.0, 35.0]
    # Sub-criteria that add up to 100 % of their parent.
    parts = ("Critères offres : 1/ Valeur technique (55 %) : 1.1/ Méthode (60 %) 1.2/ Moyens (40 %) "
             "2/ Prix (45 %)\n")
    assert weights(parts) == [55.0, 45.0]


def test_sub_criteria_without_parent_weight_count() -> None:
    text = ("Critères d'attribution :\nValeur technique :\n  - dont organisation : 30 %\n  - dont moyens : 20 %\n"
            "Prix : 50 %\n")
    assert weights(text) == [30.0, 20.0, 50.0]


def test_selection_weights_never_count() -> None:
    text = ("Critères de sélection des candidatures :\n— références, critère pondéré à 60 %\n"
            "— moyens, critère pondéré à 40 %\nSection IV : Procédure\nCritères d'évaluation des projets :\n"
            "1) qualité architecturale, pondéré à 50 %.\n2) coût des travaux, pondéré à 50 %.\n"
            "IV.2.2) Date limite de réception des offres\n")
    assert weights(text) == [50.0, 50.0]


def test_money_and_threshold_percentages_are_not_weights() -> None:
    text = ("Jugement des offres :\nPrix : 60 %\nValeur technique : 40 %\nUne retenue de garantie au taux de 5 % "
            "s'applique. Le titulaire sous-traite au moins 10 % du montant.\n")
    assert weights(text) == [60.0, 40.0]


def test_names_and_slashes() -> None:
    text = ("Critères d'évaluation des projets :\nQualité des références /30 équipe proposée /30 "
            "compétences /40.\n")
    assert weights(text) == [30.0, 30.0, 40.0]


def test_machine_translation_is_ignored() -> None:
    text = ("Critères d'attribution :\nPrix : 70 %\nDélai : 30 %\n"
            "[Disclaimer: The below text is Machine Translated.]\nAward criteria:\nPrice: 60 %\nDelay: 40 %\n")
    assert weights(text) == [70.0, 30.0]


def test_badly_decoded_accents() -> None:
    text = "Les crit\ufffdres retenus sont pond\ufffdr\ufffds :\n1 - Prix 45.0 %\n2 - D\ufffdlai 55.0 %\n"
    assert weights(text) == [45.0, 55.0]


# --- award_criteria: notice fields first, text when they carry no weight ----------------------------
def test_enrich_reads_weights_written_in_names() -> None:
    from nlp.criteria import award_criteria
    from tenders.model import Tender

    tender = Tender(award_criteria=[AwardCriterion("Qualité du service — 70 %"),
                                    AwardCriterion('Critère " Gestion des déchets " 30%')])
    found = award_criteria(tender)
    assert [(c.name, c.weight) for c in found] == [("Qualité du service", 70.0), ("Gestion des déchets", 30.0)]
    assert found[1].aspects == ["environmental"]
    assert tender.award_criteria[0].weight is None  # the tender as read is left alone
    assert weight_in_name("Qualité (dont 30 % pour la méthode) et délais") is None
    assert weight_in_name("Délais (pondération 20)") == ("Délais", 20.0)


def test_enrich_falls_back_to_text_and_keeps_top_level_only() -> None:
    from nlp.criteria import award_criteria
    from tenders.model import Tender

    text = ("Jugement des offres\n1. Valeur technique (60 %)\n   1.1 Méthode (35 %)\n   1.2 Moyens (25 %)\n"
            "2. Prix (40 %)\n")
    tender = Tender(award_criteria=[AwardCriterion("Valeur technique"), AwardCriterion("Prix", type="price")],
                    documents=[doc(text)])
    assert [(c.name, c.weight) for c in award_criteria(tender)] == [("Valeur technique", 60.0), ("Prix", 40.0)]


def test_table_rows_without_units_and_out_of_100() -> None:
    table = ("Article 8 - Jugement des offres\nCritère | Pondération\nPrix | 45\nValeur technique | 40\n"
             "Délai | 15\nArticle 9 - Pénalités\n")
    assert weights(table) == [45.0, 40.0, 15.0]
    not_weights = "Article 8 - Jugement des offres\nVoir l'article | 12\nDurée | 30\n"
    assert weights(not_weights) == []
    hundredths = "Critères d'attribution :\n- Prix : 35/100\n- Valeur technique : 65/100\n"
    assert weights(hundredths) == [35.0, 65.0]


def test_numbering_depth_is_relative() -> None:
    text = ("Article 8 - Jugement des offres\n8.1 Prix des prestations (40 %)\n8.2 Valeur technique (60 %)\n"
            "8.2.1 Méthode (35 %)\n8.2.2 Moyens (25 %)\nArticle 9 - Pénalités\n")
    got = extract_award_criteria(doc(text))
    assert [(c.weight, isinstance(c, SubCriterion)) for c in got] == [
        (40.0, False), (60.0, False), (35.0, True), (25.0, True)]


def test_lone_percentage_is_no_list() -> None:
    text = ("II.1.4) Description succincte :\nLe marché retient des critères environnementaux : la part de "
            "matériaux recyclés atteindra 30 %.\n")
    assert extract_award_criteria(doc(text)) == []
    assert weights("Critères d'attribution : prix 100 %.\n") == [100.0]


def test_names_after_a_heading() -> None:
    text = ("Article 3 - Critères de jugement des offres\nPrix des prestations : 50 %\nValeur technique : 50 %\n")
    assert [c.name for c in extract_award_criteria(doc(text))] == ["Prix des prestations", "Valeur technique"]
    wrapped = ("Critères d'évaluation des projets :\n1. Qualité de l'insertion du bâtiment au regard du\n"
               "site : 70 %.\n2. Coût des travaux : 30 %.\n")
    assert [c.name for c in extract_award_criteria(doc(wrapped))] == [
        "Qualité de l'insertion du bâtiment au regard du site", "Coût des travaux"]


def test_a_stated_total_other_than_100_decides_what_is_a_sub_criterion():
    text = ("VI.3) Informations complémentaires :\nCritères d'attribution (total de 110 points) :\n"
            "1) méthodologie, noté sur 30 points ;\n2) délais, noté sur 15 points ;\n"
            "3) critère financier, noté sur 50 points, portant sur :\n"
            "— le bilan prévisionnel, noté sur 20 points,\n— la rémunération, noté sur 30 points ;\n"
            "4) qualité paysagère, noté sur 15 points.\n")
    found = extract_award_criteria(Document(name="avis.txt", pages=[Page(1, text)]))
    top = [(c.name, c.weight) for c in found if not isinstance(c, SubCriterion)]
    assert [w for _, w in top] == [30, 15, 50, 15]
    assert {c.parent for c in found if isinstance(c, SubCriterion)} == {top[2][0]}
