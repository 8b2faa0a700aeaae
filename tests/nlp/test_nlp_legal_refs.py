"""Legal reference recognition and normalisation (sentences written for these tests)."""
import pytest

from nlp.legal_refs import categories_for_ref, current_articles, find_legal_refs


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Marché passé en application de l'article L. 2113-13.", ["L2113-13"]),
        ("Voir L2113-13 pour la réservation.", ["L2113-13"]),
        ("Selon l'article L.2112-2 du code de la commande publique, des conditions sont prévues.", ["L2112-2"]),
        ("Les critères respectent l'article R. 2152-7.", ["R2152-7"]),
        ("Cf. article R-2152-2 du CCP.", ["R2152-2"]),
        ("Une clause est prévue à l'article 14 du CMP.", ["CMP-14"]),
        ("Au titre de l'article 14 du code des marchés publics, le titulaire s'engage.", ["CMP-14"]),
        ("Les articles 14 et 15 du code des marchés publics s'appliquent.", ["CMP-14", "CMP-15"]),
        ("En vertu de l'article 36 de l'ordonnance du 23 juillet 2015, le lot est réservé.", ["ORD2015-36"]),
        ("Vu l'ordonnance n°2015-899 du 23 juillet 2015, notamment son article 38.", ["ORD2015-38"]),
        ("Selon le décret 2016-360 article 62, les critères sont pondérés.", ["DEC2016-62"]),
        ("Conformément à l'article 53 du décret n° 2016-360 du 25 mars 2016.", ["DEC2016-53"]),
        ("Sont concernées les organisations visées à l'article 77 de la directive 2014/24/UE.", ["DIR2014-24-77"]),
        ("Il est en règle au regard des articles L. 5212-1 à L. 5212-11 du code du travail.", ["CT-L5212-1", "CT-L5212-11"]),
        ("Aucune référence ici, seulement 12 lots et 2113 euros.", []),
    ],
)
def test_normalisation(text: str, expected: list[str]) -> None:
    assert [r.id for r in find_legal_refs(text)] == expected


def test_offsets_and_paragraph() -> None:
    text = "Conformément à l'article 36-I de l'ordonnance n° 2015-899 du 23 juillet 2015, le lot 1 est réservé."
    (ref,) = find_legal_refs(text)
    assert ref.id == "ORD2015-36" and ref.paragraph == "I"
    assert text[ref.start : ref.end] == ref.raw
    assert categories_for_ref(ref.id, ref.paragraph) == ["reserved_disability"]


@pytest.mark.parametrize(
    "norm_id, today",
    [
        ("CMP-14", ["L2112-2"]),
        ("CMP-15", ["L2113-12"]),
        ("CMP-53", ["L2152-7", "R2152-7"]),
        ("ORD2015-36", ["L2113-12", "L2113-13"]),
        ("ORD2015-37", ["L2113-15"]),
        ("ORD2015-38", ["L2112-2"]),
        ("DEC2016-62", ["R2152-7"]),
        ("CMP-30", []),
        ("L2113-13", ["L2113-13"]),
        ("CT-L5212-1", []),
    ],
)
def test_current_articles(norm_id: str, today: list[str]) -> None:
    assert current_articles(norm_id) == today


@pytest.mark.parametrize(
    "norm_id, categories",
    [
        ("L2113-12", ["reserved_disability"]),
        ("L2113-13", ["reserved_insertion"]),
        ("L2113-15", ["reserved_ess"]),
        ("L2113-16", ["reserved_ess"]),
        ("L2112-2", []),
        ("L2152-7", []),
    ],
)
def test_categories_for_ref(norm_id: str, categories: list[str]) -> None:
    assert categories_for_ref(norm_id) == categories


def test_code_named_after_a_semicolon_does_not_claim_earlier_articles():
    from nlp.legal_refs import find_legal_refs

    ids = [r.id for r in find_legal_refs("art. L2113-12 et L. 2112-2 ; article L5132-4 du code du travail")]
    assert ids == ["L2113-12", "L2112-2", "CT-L5132-4"]
