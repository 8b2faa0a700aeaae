"""Locating contracts (départements, régions) and reading scopes."""
from __future__ import annotations

import pytest

from decp.places import departement_of_postcode, departements, locate, region_of, regions
from decp.scope import Scope, ScopeError, parse_scope


def test_every_departement_has_a_known_region_and_every_region_a_departement():
    assert len([d for d in departements().values() if d["region"]]) == 101
    assert {d["region"] for d in departements().values() if d["region"]} == set(regions())


@pytest.mark.parametrize("postcode, departement, region", [
    ("75011", "75", "11"), ("35000", "35", "53"), ("20000", "2A", "94"), ("20200", "2B", "94"),
    ("97411", "974", "04"), ("97133", "977", None), ("01000", "01", "84"), ("FR63100", "63", "84"),
    ("croix", None, None), ("00000", None, None)])
def test_postcodes(postcode, departement, region):
    assert departement_of_postcode(postcode) == departement
    assert region_of(departement) == region


@pytest.mark.parametrize("type_code, code, expected", [
    ("Code département", "1", ("01", "84")), ("Code département", "2B", ("2B", "94")),
    ("CODE DEPARTEMENT", "974", ("974", "04")), ("Code commune", "2A004", ("2A", "94")),
    ("Code commune", "35238", ("35", "53")), ("Code arrondissement", "351", ("35", "53")),
    ("Code canton", "3501", ("35", "53")), ("Code région", "53", (None, "53")), ("Code région", "HDF", (None, None)),
    ("Code pays", "FR", (None, None)), ("Code Postal", "59170", ("59", "32")), (None, "29200", ("29", "53")),
    ("Code département", "DEP", (None, None))])
def test_places_of_execution(type_code, code, expected):
    assert locate(type_code, code) == expected


def test_scopes_read_back_their_text():
    for text in ("siret:21750001600019", "siren:217500016", "siret:21750001600019;siren:213502040",
                 "departement:75,2A", "region:53"):
        assert parse_scope(text).text == text
    assert parse_scope("region:1").regions == ("01",)
    assert parse_scope("département:2a").departements == ("2A",)
    assert parse_scope("siret: 217 500 016 00019").sirets == ("21750001600019",)
    assert parse_scope("region:53").label == "Région Bretagne"
    assert parse_scope("siren:217500016").is_buyers and not parse_scope("region:53").is_buyers
    assert Scope(sirets=("21750001600019",)).label == "Acheteur 21750001600019"


@pytest.mark.parametrize("text, word", [
    ("", "vide"), ("siret:123", "SIRET"), ("siren:12345678901234", "SIREN"), ("departement:99", "département"),
    ("region:99", "région"), ("commune:75056", "illisible"), ("region:53;siret:21750001600019", "mélange"),
    ("region:53;departement:35", "mélange")])
def test_malformed_scopes_say_why(text, word):
    with pytest.raises(ScopeError, match=word):
        parse_scope(text)
