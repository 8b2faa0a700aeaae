"""Notices as buyers' tools save them: paragraphs hard-wrapped by a word processor, accents
decomposed, document properties left at the head, MAPA headers, TED forms in English. Every
fixture is written for these tests."""
from __future__ import annotations

import unicodedata

from tenders.reader import read_files
from tenders.structure import properties_span
from tenders.text import repair_lost_letters, unwrap_lines
from text.normalise import normalise_whitespace

WRAPPED = """ admin
 Normal
 2
 2021-03-04T09:15:00Z
 X-NONE
 Entretien des espaces verts de la commune de Valbonne-sur-Loire
 •
 Appel d'offre public :
Marché < 90 k€
 •
 NOM
ET ADRESSE OFFICIELS DE L’ORGANISME ACHETEUR PUBLIC
 Commune de Valbonne-sur-Loire
 TEXTE
LÉGAL DE L’APPEL D’OFFRE (MARCHÉ PUBLIC)
 Référence
acheteur : 21VSL004.
 Objet
: entretien des espaces verts
communaux.
 Prestation divisée en lots : oui.
 Lot n°1 :
 Tonte des stades
 Lot n°2 :
 Taille des haies
 Remise
des offres : 12 avril
2021 à 12 h 00 au plus tard.
 Envoi
à la publication le : 8
mars 2021.
"""


def test_wrapped_paragraphs_are_joined_but_separate_lines_stay_apart():
    text = unwrap_lines(" Remise\ndes offres : 12 avril\n2021 à 12 h\n Prestation divisée en lots : oui.\nLot 1 : tonte")
    assert text.split("\n") == [" Remise des offres : 12 avril 2021 à 12 h", " Prestation divisée en lots : oui.",
                                "Lot 1 : tonte"]
    assert unwrap_lines(" NOM\nET ADRESSE") == " NOM ET ADRESSE"  # a capital heading cut in two
    assert unwrap_lines("Titre\nsuite") == "Titre\nsuite"  # no indented paragraph start: left alone


def test_unwrapping_a_huge_paragraph_stays_linear():
    text = unwrap_lines(" a" + "\nb" * 200_000)
    assert text.count("\n") == 0 and len(text) == 2 + 2 * 200_000


def test_decomposed_accents_are_composed_so_labels_match():
    decomposed = unicodedata.normalize("NFD", "Envoi à la publication le : 8 mars 2021.")
    assert normalise_whitespace(decomposed) == "Envoi à la publication le : 8 mars 2021."
    tender = read_files([("avis.txt", (" Objet : tonte des pelouses municipales\n " + decomposed).encode())], "avis.txt")
    assert tender.publication_date == "2021-03-08"


def test_a_lost_letter_among_capitals_is_a_capital():
    assert repair_lost_letters("L\ufffdGAL MARCH\ufffd d\ufffdlai")[0] == "LÉGAL MARCHÉ délai"


def test_document_properties_at_the_head_are_skipped():
    span = properties_span(" admin\n Normal\n 2021-03-04T09:15:00Z\n X-NONE\n Entretien des espaces verts")
    assert span == [(0, len(" admin\n Normal\n 2021-03-04T09:15:00Z\n X-NONE"))]
    assert properties_span(" admin\n Normal\n Entretien des espaces verts") == []  # no timestamp: text


def test_a_mapa_notice_saved_from_a_word_processor_gives_its_identity():
    tender = read_files([("avis.htm.txt", WRAPPED.encode())], "avis.htm.txt")
    assert tender.documents[0].kind == "AVIS"
    assert tender.title == "Entretien des espaces verts de la commune de Valbonne-sur-Loire"
    assert tender.buyer == "Commune de Valbonne-sur-Loire"
    assert tender.reference == "21VSL004"
    assert tender.deadline == "2021-04-12" and tender.publication_date == "2021-03-08"
    assert [(lot.number, lot.title) for lot in tender.lots] == [("1", "Tonte des stades"), ("2", "Taille des haies")]


ENGLISH_FORM = """Section II: Object
II.1.1) Title:
Nettoyage des vitres des bâtiments départementaux
II.2.7) Duration of the contract, framework agreement or dynamic purchasing system Duration in months: 24
IV.2.2) Time limit for receipt of tenders or requests to participate Date: 15/10/2021
IV.2.6) Minimum time frame during which the tenderer must maintain the tender Duration in months: 6
VI.5) Date of dispatch of this notice: 10/09/2021
"""


def test_a_ted_form_in_english_gives_duration_deadline_and_dispatch_date():
    tender = read_files([("avis.txt", ENGLISH_FORM.encode())], "avis.txt")
    assert tender.duration_months == 24  # never the offers' validity (IV.2.6)
    assert tender.deadline == "2021-10-15" and tender.publication_date == "2021-09-10"


def test_the_first_period_before_a_renewal_sentence_is_the_duration():
    for text in ("L'accord-cadre prend effet à sa notification pour un an. Il est renouvelable trois fois.",
                 "Le marché est conclu pour une durée de 2 ans. Il est reconductible une fois."):
        tender = read_files([("avis.txt", f"Objet : tonte des pelouses municipales\n{text}\n".encode())], "avis.txt")
        assert tender.duration_months == (12 if "un an" in text else 24), text


def test_the_forms_months_count_the_renewals_in_and_the_text_sets_the_first_period_apart():
    form = ("Objet : nettoyage des vitres\n II.2.7) DURÉE DU MARCHÉ, DE L'ACCORD-CADRE OU DU SYSTÈME D'ACQUISITION "
            "DYNAMIQUE Durée en mois : 48\n Ce marché peut faire l'objet d'une reconduction : oui\n{}\n")
    for sentence in ("Le marché est conclu pour un an, reconductible trois fois.",
                     "Le marché d'une durée d'un an est renouvelable trois fois.",
                     "La durée initiale du marché est de 1 an à compter de sa notification.",
                     "Le marché est conclu pour une période initiale d'un (1) an, reconductible trois fois.",
                     "Le contrat initial est conclu pour une durée d'un an."):
        tender = read_files([("avis.txt", form.format(sentence).encode())], "avis.txt")
        assert tender.duration_months == 12, sentence
    alone = read_files([("avis.txt", form.format("Les prestations débutent en janvier.").encode())], "avis.txt")
    assert alone.duration_months == 48


def test_a_lot_number_repeated_in_a_notice_field():
    text = "II.2.1) Intitulé : Sacs compostables\nLot nº : Lot n o 1\nII.2.1) Intitulé : Sacs papier\nLot nº : Lot n o 2\n"
    tender = read_files([("avis.txt", text.encode())], "avis.txt")
    assert [lot.number for lot in tender.lots] == ["1", "2"]


def test_a_form_heading_or_a_field_label_is_never_the_title():
    text = ("Avis No 21-1234\n publié le 08/03/2021\n Dépt. : 37 Ville de Tours\n MARCHE PUBLIC DE SERVICES "
            "D'ASSURANCE\n I.2) PROCÉDURE CONJOINTE\n I.3) COMMUNICATION\n")
    assert read_files([("avis.txt", text.encode())], "avis.txt").title == "Marche public de services d'assurance"


def test_a_platform_page_gives_its_deadline_on_the_line_after_the_label():
    text = " Détail de la consultation\n Date et heure limite de remise des plis :\n 04/10/2021 12:00\n Objet :\n Tonte\n"
    assert read_files([("page.txt", text.encode())], "page.txt").deadline == "2021-10-04"


def test_a_duration_given_as_start_and_end_dates():
    french = ("II.2.7) Durée du marché, de l'accord-cadre ou du système d'acquisition dynamique\n"
              " Début : 1.e.r janvier 2022 - Fin : 31 décembre 2023\n")
    english = ("II.2.7) Duration of the contract, framework agreement or dynamic purchasing system Start: "
               "01/03/2022 End: 28/02/2023\n")
    for text, months in ((french, 24), (english, 12)):
        tender = read_files([("avis.txt", f"Objet : tonte des pelouses municipales\n{text}".encode())], "avis.txt")
        assert tender.duration_months == months, text


def test_the_data_sheet_heading_a_ted_notice_gives_buyer_dates_and_the_english_form_its_title():
    text = (" Data\n TI Title France-Tours: Horticultural services\n AU Authority name Tours Habitat\n"
            " DS Document sent 05/03/2021\n DT Deadline 12/04/2021\n Section II: Object\n II.1.1) Title:\n"
            " Entretien des espaces verts des résidences\n Reference number: 2021-EV-07\n")
    tender = read_files([("avis.txt", text.encode())], "avis.txt")
    assert (tender.title, tender.buyer, tender.reference) == (
        "Entretien des espaces verts des résidences", "Tours Habitat", "2021-EV-07")
    assert (tender.publication_date, tender.deadline) == ("2021-03-05", "2021-04-12")


def test_a_platform_page_says_no_lots_on_the_line_after_its_label():
    text = " Objet :\n Étude paysagère du site classé\n Allotissement :\n Non\n Lieu d'exécution :\n Ardèche\n"
    tender = read_files([("page.txt", text.encode())], "page.txt")
    assert [(t.id, t.fact) for t in tender.terms if t.id == "lots"] == [("lots", "not_divided")]


def test_the_forms_reference_field_gives_its_whole_value_words_included():
    cases = {"Numéro de référence : GHT-MATELAS": "GHT-MATELAS",
             "Reference number: CT SPS EHPAD BAIN": "CT SPS EHPAD BAIN",
             "Numéro de référence : AOO 2020/03": "AOO 2020/03",
             "Numéro de référence attribué au marché par le pouvoir adjudicateur / l'entité adjudicatrice : "
             "Mobilier scolaire 2021 - V3. Renseignements complémentaires : néant.": "Mobilier scolaire 2021 - V3",
             # a code followed by the title: the code alone
             "Numéro de référence : 21-0456 - Réfection des trottoirs de la rue Haute": "21-0456"}
    for line, reference in cases.items():
        text = f"II.1.1) Intitulé : Réfection de voirie\n{line}\n"
        assert read_files([("avis.txt", text.encode())], "avis.txt").reference == reference, line
    # after the looser labels, a token without a digit is no reference
    assert read_files([("avis.txt", "Référence : voir le règlement\n".encode())], "avis.txt").reference is None


def test_a_notice_with_many_lots_gives_its_deadline_and_dispatch_date_after_them():
    lots = "".join(f"II.2.1) Intitulé : Denrées, famille {n}\nLot nº : {n}\nII.2.4) Description : produits frais\n"
                   for n in range(1, 200))
    text = ("publié le 16/08/2021\nObjet : denrées alimentaires\n" + lots
            + "IV.2.2) Date limite de réception des offres ou des demandes de participation\n 23 septembre 2021 - 12:00\n"
            + "VI.5) DATE D'ENVOI DU PRÉSENT AVIS\n 14 août 2021\n")
    tender = read_files([("avis.txt", text.encode())], "avis.txt")
    assert tender.deadline == "2021-09-23" and tender.publication_date == "2021-08-14"


def test_teds_header_gives_the_dispatch_date_before_an_english_form_that_writes_the_month_first():
    text = ("PD Publication date 12/08/2021\nDS Document sent 07/08/2021\nTitle: Cleaning services\n"
            "VI.5) Date of dispatch of this notice: 08/07/2021\n")
    assert read_files([("avis.txt", text.encode())], "avis.txt").publication_date == "2021-08-07"


def test_a_lost_letter_is_the_words_own_when_the_word_is_known():
    lost = "Les crit\ufffdres, la cl\ufffdture, le co\ufffdt et 4 m\ufffdtres ; CRIT\ufffdRES ; Apr\ufffds ; d\ufffdlai"
    assert repair_lost_letters(lost)[0] == "Les critères, la clôture, le coût et 4 mètres ; CRITÈRES ; Après ; délai"
