"""The initial duration, renewals apart: the notice form counts them in, the text sets them apart
by the first period or by counting the renewals. Fixtures written for these tests."""
from __future__ import annotations

from tenders.reader import read_files

FORM = ("Objet : entretien des toitures\n II.2.7) Durée du marché, de l'accord-cadre ou du système d'acquisition "
        "dynamique\n{field}\n Ce marché peut faire l'objet d'une reconduction : oui\n Description des modalités ou du "
        "calendrier des reconductions : {sentence}\n")
MONTHS = " Durée en mois : 48"
DATES = " Début : 01/01/2022 - Fin : 31/12/2025"


def duration(sentence: str, field: str = MONTHS) -> float | None:
    text = FORM.format(field=field, sentence=sentence)
    return read_files([("avis.txt", text.encode())], "avis.txt").duration_months


def test_the_renewals_counted_with_their_length_are_taken_from_the_forms_months():
    for sentence in ("Possibilité de 3 reconductions tacites par période de 12 mois chacune.",
                     "Trois (3) reconductions expresses d'une durée d'un an.",
                     "Le nombre de périodes de reconduction est fixé à trois. La durée de chaque période de "
                     "reconduction est de un an.",
                     "Marché renouvelable 3 x 1 an par tacite reconduction."):
        assert duration(sentence) == 12, sentence


def test_the_first_period_of_a_form_given_as_dates_is_set_apart_too():
    assert duration("Le contrat initial est conclu pour un an à compter du 1er janvier 2022.", DATES) == 12
    assert duration("Deux reconductions de 12 mois sont possibles.", DATES) == 24


def test_a_first_period_written_with_a_digit():
    assert duration("Le marché prend effet à sa notification pour une durée d'1 an, renouvelable trois fois.") == 12


def test_the_forms_months_stand_when_the_text_sets_nothing_apart():
    assert duration("Les reconductions sont tacites.") == 48
    assert duration("Aucun renouvellement de 12 mois n'est prévu au-delà.") == 48
    # renewals that would leave nothing: the form gave the first period alone
    assert duration("Quatre reconductions de 12 mois.") == 48
    # nor when the first period would be shorter than one renewal: 36 months, then one of 24
    assert duration("Une reconduction de 24 mois est possible.", " Durée en mois : 36") == 36
