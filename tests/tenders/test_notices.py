"""Notice readers on tiny invented notices (TED legacy, eForms, BOAMP)."""
from __future__ import annotations

import pytest

from tenders.errors import CorruptFile, UnsupportedFormat
from tenders.notices import read_notice, sniff_notice
from tests.fixtures.notices import BOAMP, EFORMS, TED


def _criteria(tender):
    return [(c.type, c.name, c.weight, c.lot) for c in tender.award_criteria]


# --- sniffing and errors ---------------------------------------------------------------------


def test_sniff():
    assert sniff_notice(TED) == "ted"
    assert sniff_notice(EFORMS) == "eforms"
    assert sniff_notice(BOAMP) == "boamp"
    assert sniff_notice(b"<?xml version='1.0'?><!-- x --><html><body/></html>") is None
    assert sniff_notice(b"%PDF-1.7") is None
    assert sniff_notice(b"") is None


@pytest.mark.parametrize("data", [b"<TED_EXPORT><FORM_SECTION>", b"", b"not xml at all"])
def test_malformed_xml_is_corrupt(data):
    with pytest.raises(CorruptFile) as err:
        read_notice(data, "avis.xml")
    assert "avis.xml" in str(err.value)


def test_other_xml_is_unsupported():
    with pytest.raises(UnsupportedFormat):
        read_notice(b"<root><a/></root>", "autre.xml")


def test_entities_are_not_expanded():
    data = (b'<?xml version="1.0"?><!DOCTYPE ANNONCE [<!ENTITY x "ENTITE">]>'
            b"<ANNONCE><DONNEES><OBJET><TITRE_MARCHE>a&x;b</TITRE_MARCHE></OBJET></DONNEES></ANNONCE>")
    tender = read_notice(data, "avis.xml")
    assert "ENTITE" not in tender.text


# --- TED legacy --------------------------------------------------------------------------------


def test_ted_reads_french_section():
    tender = read_notice(TED, "ted.xml")
    assert tender.title == "Nettoyage des locaux communaux"
    assert tender.buyer == "Commune de Nullepart"
    assert tender.reference == "NET-2099-01"
    assert tender.procedure == "Procédure ouverte"
    assert tender.cpv == ["90910000", "90911200"]
    assert tender.deadline == "2099-03-15T12:00:00"
    assert tender.lot_division is True
    assert [(lot.number, lot.title) for lot in tender.lots] == [("1", "Écoles"), ("2", "Gymnases")]
    assert tender.notice_fields["form"] == "F02"
    assert tender.notice_fields["language"] == "FR"


def test_ted_reserved_and_conditions():
    tender = read_notice(TED, "ted.xml")
    assert tender.reserved == ["reserved_disability", "reserved_insertion"]
    fields = tender.notice_fields
    assert fields["reserved_sheltered_workshop"] is True
    assert fields["reserved_sheltered_program"] is False
    assert fields["reserved_service_mission"] is False
    assert "insertion" in fields["performance_conditions"]


def test_ted_criteria_per_lot():
    assert _criteria(read_notice(TED, "ted.xml")) == [
        ("quality", "Valeur technique", 40.0, "1"),
        ("quality", "Produits écolabellisés", 10.0, "1"),
        ("price", "Prix", 50.0, "1"),
        ("cost", "Coût global", 70.0, "2"),
        ("quality", "Délai", 30.0, "2"),
    ]


def test_ted_text_in_french():
    text = read_notice(TED, "ted.xml").text
    doc = read_notice(TED, "ted.xml").documents[0]
    assert (doc.kind, doc.format, doc.paginated, len(doc.pages)) == ("AVIS", "ted-xml", False, 1)
    assert text.startswith("Avis de marché")
    assert "Cleaning" not in text  # the English section is not read
    assert "II.2.5) Critères d'attribution" in text
    assert "Critère de qualité - Nom : Valeur technique / Pondération : 40 %" in text
    assert "Prix - Pondération : 50" in text
    assert "Coût - Nom : Coût global / Pondération : 70" in text
    assert "Ce marché est divisé en lots : oui" in text
    assert "ateliers protégés" in text and "III.1.5)" in text
    assert "III.2.2) Conditions d'exécution du marché" in text
    assert "Autorité régionale ou locale" in text


def test_ted_no_lot_division_and_service_mission():
    data = TED.replace(b"<LOT_DIVISION><LOT_ALL/></LOT_DIVISION>", b"<NO_LOT_DIVISION/>")
    data = data.replace(b"<RESTRICTED_SHELTERED_WORKSHOP/>", b"<RESERVED_ORGANISATIONS_SERVICE_MISSION/>")
    tender = read_notice(data, "ted.xml")
    assert tender.lot_division is False
    assert tender.reserved == ["reserved_ess"]
    assert "mission de service public" in tender.text


# --- eForms ------------------------------------------------------------------------------------


def test_eforms_fields():
    tender = read_notice(EFORMS, "ef.xml")
    assert tender.title == "Restauration scolaire"
    assert tender.buyer == "Communauté de la Vallée verte"
    assert tender.reference == "VV-77"
    assert tender.procedure == "Procédure ouverte"
    assert tender.cpv == ["55524000", "15000000"]
    assert tender.deadline == "2099-05-02T12:00:00+02:00"
    assert tender.lot_division is True
    assert [(lot.number, lot.title, lot.reserved) for lot in tender.lots] == [
        ("LOT-0001", "Écoles maternelles", ["reserved_disability", "reserved_insertion"]),
        ("LOT-0002", "Portage de repas", ["reserved_ess"]),
    ]
    assert tender.reserved == ["reserved_disability", "reserved_insertion", "reserved_ess"]
    assert _criteria(tender) == [
        ("quality", "Performance en matière d'insertion", 35.0, "LOT-0001"),
        ("price", "Prix", 65.0, "LOT-0001"),
    ]
    fields = tender.notice_fields
    assert fields["strategic_procurement"] == ["soc-obj"]
    assert fields["social_procurement"] == ["opp"]
    assert fields["reserved_procurement"] == ["res-ws", "res-pub-ser"]


def test_eforms_text():
    tender = read_notice(EFORMS, "ef.xml")
    text = tender.text
    assert tender.documents[0].format == "eforms-xml"
    assert "Catering" not in text and "Green Valley" not in text
    assert "ateliers protégés" in text
    assert "mission de service public" in text
    assert "Repas issus à 50 % de produits durables." in text
    assert "Critère de qualité - Nom : Performance en matière d'insertion / Pondération : 35" in text
    assert "Objectif social" in text


def test_eforms_single_lot_is_not_divided():
    data = EFORMS.split(b"<cac:ProcurementProjectLot><cbc:ID schemeName=\"Lot\">LOT-0002")[0]
    data += b"</ContractNotice>"
    assert read_notice(data, "ef.xml").lot_division is False


# --- BOAMP -------------------------------------------------------------------------------------


def test_boamp_fields():
    tender = read_notice(BOAMP, "boamp.xml")
    assert tender.title == "Entretien des espaces verts"
    assert tender.buyer == "Syndicat des Jardins"
    assert tender.reference == "99-000001"
    assert tender.procedure == "Procédure adaptée"
    assert tender.cpv == ["77310000", "77311000"]
    assert tender.deadline == "2099-04-01T16:00:00+02:00"
    assert tender.lot_division is True
    assert [lot.number for lot in tender.lots] == ["1", "2"]
    assert tender.reserved == ["reserved_disability", "reserved_insertion"]
    assert _criteria(tender) == [
        ("quality", "Valeur technique", 45.0, "1"),
        ("price", "Prix", 55.0, "1"),
        ("price", "Prix des prestations", 60.0, None),
        ("quality", "Insertion professionnelle", 40.0, None),
    ]
    assert tender.notice_fields["criteres_sociaux_env"] == ["SOCIAUX"]


def test_boamp_text():
    tender = read_notice(BOAMP, "boamp.xml")
    text = tender.text
    assert tender.documents[0].format == "boamp-xml"
    assert "Division en lots : oui" in text
    assert "Critère de qualité - Nom : Insertion professionnelle / Pondération : 40" in text
    assert "ateliers protégés" in text
    assert "Date limite de réception des offres : 01/04/2099 16:00" in text


def test_ted_concession_criteria_without_wrapper():
    """F25 concessions list <AC><AC_CRITERION> bare, the weight (if any) written in the name; a
    field that only points elsewhere is no criterion."""
    f25 = (b'<?xml version="1.0" encoding="UTF-8"?>'
           b'<TED_EXPORT xmlns="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication">'
           b'<FORM_SECTION><F25_2014 CATEGORY="ORIGINAL" FORM="F25" LG="FR"><OBJECT_CONTRACT>'
           b'<TITLE><P>Gestion du port</P></TITLE><OBJECT_DESCR ITEM="1"><AC>'
           b'<AC_CRITERION>Qualit\xc3\xa9 du service \xe2\x80\x94 60 %</AC_CRITERION>'
           b'<AC_CRITERION>Engagements financiers \xe2\x80\x94 40 %</AC_CRITERION>'
           b'<AC_CRITERION>Voir le r\xc3\xa8glement de la consultation</AC_CRITERION>'
           b'</AC></OBJECT_DESCR></OBJECT_CONTRACT></F25_2014></FORM_SECTION></TED_EXPORT>')
    tender = read_notice(f25, "f25.xml")
    assert _criteria(tender) == [("quality", "Qualité du service — 60 %", None, None),
                                 ("quality", "Engagements financiers — 40 %", None, None)]
    from nlp.criteria import award_criteria

    tender.award_criteria = award_criteria(tender)
    assert _criteria(tender) == [("quality", "Qualité du service", 60.0, None),
                                 ("quality", "Engagements financiers", 40.0, None)]
