"""Lots as notices list them: the form's "Lot nº" fields however numbered, lines whose degree sign
a re-encoding lost, a count in the title, and forms long enough to list a hundred lots.
Fixtures written for these tests."""
from __future__ import annotations

from tenders.reader import read_files


def lots_of(text: str) -> list[str]:
    return [lot.number for lot in read_files([("avis.txt", text.encode())], "avis.txt").lots]


def form(numbers) -> str:
    return "Ce marché est divisé en lots : oui\n" + "".join(
        f"II.2.1) Intitulé : Plage {n}\nLot nº : {n}\nII.2.4) Description : exploitation saisonnière\n" for n in numbers)


def test_form_lots_numbered_with_letters_or_sub_numbers():
    assert lots_of(form(["D1", "D3"])) == ["D1", "D3"]
    assert lots_of(form(["1.1", "1.2"])) == ["1.1", "1.2"]


def test_a_long_form_gives_every_lot():
    text = form(range(1, 65)).replace("exploitation saisonnière", "exploitation saisonnière\n" + "Détail\n" * 20)
    assert len(lots_of(text)) == 64


def test_lot_lines_whose_degree_sign_was_lost():
    text = ("Objet : déneigement des stations\nLot Né 1: Chasse-neige sur la zone haute\n"
            "Lot né 2: Fraise à neige sur la zone basse\nLot N à 3 - Salage des parkings\n")
    assert lots_of(text) == ["1", "2", "3"]


def test_the_count_of_lots_written_in_the_title():
    text = ("Ce marché est divisé en lots : oui\nII.2.1) Intitulé : IL S'AGIT D'UN MARCHE ALLOTI - NOMBRE DE LOTS 24\n"
            "Lot nº : 1\n")
    assert len(lots_of(text)) == 24
    # the most lots one bidder may win is no count of lots
    assert lots_of("Nombre maximal de lots pouvant être attribués à un soumissionnaire : 3\n") == []


def test_the_count_of_lots_in_other_verbs():
    for sentence in ("Le marché comporte 6 lots.", "Ce marché est composé de 2 lots.",
                     "La présente consultation fait l'objet de 12 lots.",
                     "Le marché fait l'objet d'un allotissement en 5 lots."):
        assert len(lots_of(f"Objet : travaux\n{sentence}\n")) == int(sentence.split(" lots")[0].split()[-1]), sentence
    # what one bidder may answer is no count of the lots
    assert lots_of("Objet : travaux\nUn candidat peut répondre à 2 lots au plus.\n") == []
