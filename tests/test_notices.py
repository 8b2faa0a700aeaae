"""Notice readers on tiny invented notices (TED legacy, eForms, BOAMP)."""
from __future__ import annotations

import pytest

from tenders.errors import CorruptFile, UnsupportedFormat
from tenders.notices import read_notice, sniff_notice

TED = """<?xml version="1.0" encoding="UTF-8"?>
<TED_EXPORT xmlns="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication"
            DOC_ID="000001-2099">
 <CODED_DATA_SECTION><NOTICE_DATA><NO_DOC_OJS>2099/S 001-000001</NO_DOC_OJS></NOTICE_DATA>
 </CODED_DATA_SECTION>
 <FORM_SECTION>
  <F02_2014 CATEGORY="ORIGINAL" FORM="F02" LG="EN">
   <CONTRACTING_BODY><ADDRESS_CONTRACTING_BODY><OFFICIALNAME>Town of Nowhere</OFFICIALNAME>
   </ADDRESS_CONTRACTING_BODY></CONTRACTING_BODY>
   <OBJECT_CONTRACT><TITLE><P>Cleaning</P></TITLE></OBJECT_CONTRACT>
  </F02_2014>
  <F02_2014 CATEGORY="TRANSLATION" FORM="F02" LG="FR">
   <LEGAL_BASIS VALUE="32014L0024"/>
   <CONTRACTING_BODY><ADDRESS_CONTRACTING_BODY><OFFICIALNAME>Commune de Nullepart</OFFICIALNAME>
   </ADDRESS_CONTRACTING_BODY><CA_TYPE VALUE="REGIONAL_AUTHORITY"/></CONTRACTING_BODY>
   <OBJECT_CONTRACT>
    <TITLE><P>Nettoyage des locaux communaux</P></TITLE>
    <REFERENCE_NUMBER>NET-2099-01</REFERENCE_NUMBER>
    <CPV_MAIN><CPV_CODE CODE="90910000"/></CPV_MAIN>
    <TYPE_CONTRACT CTYPE="SERVICES"/>
    <LOT_DIVISION><LOT_ALL/></LOT_DIVISION>
    <OBJECT_DESCR ITEM="1"><TITLE><P>Écoles</P></TITLE><LOT_NO>1</LOT_NO>
     <CPV_ADDITIONAL><CPV_CODE CODE="90911200"/></CPV_ADDITIONAL>
     <CPV_ADDITIONAL><CPV_CODE CODE="90910000"/></CPV_ADDITIONAL>
     <AC><AC_QUALITY><AC_CRITERION>Valeur technique</AC_CRITERION><AC_WEIGHTING>40 %</AC_WEIGHTING>
     </AC_QUALITY><AC_QUALITY><AC_CRITERION>Produits écolabellisés</AC_CRITERION>
     <AC_WEIGHTING>10</AC_WEIGHTING></AC_QUALITY><AC_PRICE><AC_WEIGHTING>50</AC_WEIGHTING>
     </AC_PRICE></AC>
    </OBJECT_DESCR>
    <OBJECT_DESCR ITEM="2"><TITLE><P>Gymnases</P></TITLE><LOT_NO>2</LOT_NO>
     <DIRECTIVE_2014_24_EU><AC_COST><AC_CRITERION>Coût global</AC_CRITERION>
     <AC_WEIGHTING>70</AC_WEIGHTING></AC_COST><AC_QUALITY><AC_CRITERION>Délai</AC_CRITERION>
     <AC_WEIGHTING>30</AC_WEIGHTING></AC_QUALITY></DIRECTIVE_2014_24_EU>
    </OBJECT_DESCR>
   </OBJECT_CONTRACT>
   <LEFTI><RESTRICTED_SHELTERED_WORKSHOP/>
    <PERFORMANCE_CONDITIONS><P>Heures d'insertion réservées à des demandeurs d'emploi.</P>
    </PERFORMANCE_CONDITIONS></LEFTI>
   <PROCEDURE><PT_OPEN/><DATE_RECEIPT_TENDERS>2099-03-15</DATE_RECEIPT_TENDERS>
    <TIME_RECEIPT_TENDERS>12:00</TIME_RECEIPT_TENDERS></PROCEDURE>
  </F02_2014>
 </FORM_SECTION>
</TED_EXPORT>
""".encode()

EFORMS = """<?xml version="1.0" encoding="UTF-8"?>
<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
 xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
 xmlns:efac="http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1"
 xmlns:efbc="http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1"
 xmlns:efext="http://data.europa.eu/p27/eforms-ubl-extensions/1">
 <ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension>
  <efac:Organizations><efac:Organization><efac:Company>
   <cac:PartyIdentification><cbc:ID schemeName="organization">ORG-0001</cbc:ID></cac:PartyIdentification>
   <cac:PartyName><cbc:Name languageID="ENG">Green Valley Council</cbc:Name>
   <cbc:Name languageID="FRA">Communauté de la Vallée verte</cbc:Name></cac:PartyName>
  </efac:Company></efac:Organization></efac:Organizations>
 </efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>
 <cbc:ID schemeName="notice-id">00000000-0000-0000-0000-000000000001</cbc:ID>
 <cbc:NoticeTypeCode listName="competition">cn-standard</cbc:NoticeTypeCode>
 <cac:ContractingParty><cac:Party><cac:PartyIdentification>
  <cbc:ID schemeName="organization">ORG-0001</cbc:ID></cac:PartyIdentification></cac:Party>
 </cac:ContractingParty>
 <cac:TenderingProcess><cbc:ProcedureCode listName="procurement-procedure-type">open</cbc:ProcedureCode>
 </cac:TenderingProcess>
 <cac:ProcurementProject><cbc:ID>VV-77</cbc:ID>
  <cbc:Name languageID="ENG">Catering</cbc:Name><cbc:Name languageID="FRA">Restauration scolaire</cbc:Name>
  <cac:MainCommodityClassification><cbc:ItemClassificationCode listName="cpv">55524000</cbc:ItemClassificationCode>
  </cac:MainCommodityClassification>
 </cac:ProcurementProject>
 <cac:ProcurementProjectLot><cbc:ID schemeName="Lot">LOT-0001</cbc:ID>
  <cac:TenderingTerms>
   <cac:TendererQualificationRequest><cac:SpecificTendererRequirement>
    <cbc:TendererRequirementTypeCode listName="reserved-procurement">res-ws</cbc:TendererRequirementTypeCode>
   </cac:SpecificTendererRequirement></cac:TendererQualificationRequest>
   <cac:ContractExecutionRequirement>
    <cbc:ExecutionRequirementCode listName="conditions">performance</cbc:ExecutionRequirementCode>
    <cbc:Description languageID="FRA">Repas issus à 50 % de produits durables.</cbc:Description>
   </cac:ContractExecutionRequirement>
   <cac:AwardingTerms><cac:AwardingCriterion><cac:SubordinateAwardingCriterion>
    <ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension>
     <efac:AwardCriterionParameter><efbc:ParameterCode listName="number-weight">per-exa</efbc:ParameterCode>
     <efbc:ParameterNumeric>35</efbc:ParameterNumeric></efac:AwardCriterionParameter>
    </efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>
    <cbc:AwardingCriterionTypeCode listName="award-criterion-type">quality</cbc:AwardingCriterionTypeCode>
    <cbc:Name languageID="FRA">Performance en matière d'insertion</cbc:Name>
   </cac:SubordinateAwardingCriterion><cac:SubordinateAwardingCriterion>
    <ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension>
     <efac:AwardCriterionParameter><efbc:ParameterCode listName="number-weight">per-exa</efbc:ParameterCode>
     <efbc:ParameterNumeric>65</efbc:ParameterNumeric></efac:AwardCriterionParameter>
    </efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>
    <cbc:AwardingCriterionTypeCode listName="award-criterion-type">price</cbc:AwardingCriterionTypeCode>
    <cbc:Name languageID="FRA">Prix</cbc:Name>
   </cac:SubordinateAwardingCriterion></cac:AwardingCriterion></cac:AwardingTerms>
  </cac:TenderingTerms>
  <cac:TenderingProcess><cac:TenderSubmissionDeadlinePeriod><cbc:EndDate>2099-05-02+02:00</cbc:EndDate>
   <cbc:EndTime>12:00:00+02:00</cbc:EndTime></cac:TenderSubmissionDeadlinePeriod></cac:TenderingProcess>
  <cac:ProcurementProject><cbc:Name languageID="FRA">Écoles maternelles</cbc:Name>
   <cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="strategic-procurement">soc-obj</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>
   <cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="social-objective">opp</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>
   <cac:MainCommodityClassification><cbc:ItemClassificationCode listName="cpv">55524000</cbc:ItemClassificationCode></cac:MainCommodityClassification>
   <cac:AdditionalCommodityClassification><cbc:ItemClassificationCode listName="cpv">15000000</cbc:ItemClassificationCode></cac:AdditionalCommodityClassification>
  </cac:ProcurementProject>
 </cac:ProcurementProjectLot>
 <cac:ProcurementProjectLot><cbc:ID schemeName="Lot">LOT-0002</cbc:ID>
  <cac:TenderingTerms><cac:TendererQualificationRequest><cac:SpecificTendererRequirement>
    <cbc:TendererRequirementTypeCode listName="reserved-procurement">res-pub-ser</cbc:TendererRequirementTypeCode>
  </cac:SpecificTendererRequirement></cac:TendererQualificationRequest></cac:TenderingTerms>
  <cac:ProcurementProject><cbc:Name languageID="FRA">Portage de repas</cbc:Name></cac:ProcurementProject>
 </cac:ProcurementProjectLot>
</ContractNotice>
""".encode()

BOAMP = """<?xml version="1.0" encoding="UTF-8"?>
<ANNONCE xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 xsi:noNamespaceSchemaLocation="http://example.org/boamp/Boamp_v230.xsd">
 <GESTION><REFERENCE><IDWEB>99-000001</IDWEB></REFERENCE>
  <INDEXATION><RESUME_OBJET>Entretien des espaces verts</RESUME_OBJET>
  <CRITERES_SOCIAUX_ENV><SOCIAUX/></CRITERES_SOCIAUX_ENV></INDEXATION></GESTION>
 <DONNEES>
  <IDENTITE><DENOMINATION>Syndicat des Jardins</DENOMINATION></IDENTITE>
  <OBJET><TITRE_MARCHE>Entretien des espaces verts</TITRE_MARCHE>
   <CPV><PRINCIPAL>77310000</PRINCIPAL><SECONDAIRE>77311000</SECONDAIRE></CPV>
   <DIV_EN_LOTS><OUI/></DIV_EN_LOTS>
   <LOTS><LOT><NUM>1</NUM><INTITULE>Parcs</INTITULE>
     <CRITERES_ATTRIBUTION><CRITERES_QUALITE><CRITERE POIDS="45">Valeur technique</CRITERE>
     </CRITERES_QUALITE><CRITERES_PRIX><POIDS>55</POIDS></CRITERES_PRIX></CRITERES_ATTRIBUTION>
    </LOT><LOT><NUM>2</NUM><INTITULE>Cimetières</INTITULE></LOT></LOTS>
  </OBJET>
  <CONDITION_PARTICIPATION><MARCHE_RESERVE_OUI/></CONDITION_PARTICIPATION>
  <PROCEDURE><TYPE_PROCEDURE><PROCEDURE_ADAPTE/></TYPE_PROCEDURE>
   <CRITERES_ATTRIBUTION><CRITERES_PONDERES><CRITERE POIDS="60">Prix des prestations</CRITERE>
   <CRITERE POIDS="40">Insertion professionnelle</CRITERE></CRITERES_PONDERES></CRITERES_ATTRIBUTION>
  </PROCEDURE>
  <CONDITION_DELAI><RECEPT_OFFRES>2099-04-01T16:00:00+02:00</RECEPT_OFFRES></CONDITION_DELAI>
 </DONNEES>
</ANNONCE>
""".encode()


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
    from scoring.report import enrich_criteria

    enrich_criteria(tender)
    assert _criteria(tender) == [("quality", "Qualité du service", 60.0, None),
                                 ("quality", "Engagements financiers", 40.0, None)]
