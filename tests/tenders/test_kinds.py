"""Which piece of the DCE a document is, from its name or its title."""
from __future__ import annotations

import pytest

from taxonomy import DOCUMENT_KINDS
from tenders.kinds import detect_kind
from text import key as normalise


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("RC.pdf", "RC"),
        ("RC_2.pdf", "RC"),
        ("2024-R001-000-000_RC.pdf", "RC"),
        ("01_Reglement_consultation.pdf", "RC"),
        ("Règlement de la Consultation - lot 1.docx", "RC"),
        ("R.C..pdf", "RC"),
        ("CCAP-lot2.docx", "CCAP"),
        ("02 CCAP.pdf", "CCAP"),
        ("C.C.A.P.pdf", "CCAP"),
        ("Cahier_des_clauses_administratives_particulières.odt", "CCAP"),
        ("DCE/03 - CCTP lot 2.pdf", "CCTP"),
        ("cctp2.pdf", "CCTP"),
        ("CCP-gardiennage-surveillance.pdf", "CCP"),
        ("Cahier des clauses particulières.pdf", "CCP"),
        ("C.C.P.docx", "CCP"),
        ("Acte d'engagement.pdf", "AE"),
        ("AE_lot1.docx", "AE"),
        ("ATTRI1.pdf", "AE"),
        ("attri1-marche-2024.pdf", "AE"),
        ("bordereau des prix.pdf", "BPU"),
        ("BPU.xlsx", "BPU"),
        ("1b_BPU_DQE.xlsx", "BPU"),  # the earliest piece the name gives
        ("DQE_lot3.pdf", "DQE"),
        ("DQE.xlsx", "DQE"),
        ("Détail quantitatif estimatif.ods", "DQE"),
        ("DPGF.pdf", "DPGF"),
        ("Décomposition du prix global et forfaitaire.pdf", "DPGF"),
        ("Cadre de réponse technique.docx", "CADRE_REPONSE"),
        ("Cadre_de_reponse_financier.xlsx", "CADRE_REPONSE"),
        ("CRT lot 1.docx", "CADRE_REPONSE"),
        ("Memoire_technique.docx", "CADRE_REPONSE"),
        ("Trame mémoire technique.odt", "CADRE_REPONSE"),
        ("Annexe 2 - cadre de réponse.docx", "CADRE_REPONSE"),  # more specific than "annexe"
        ("Questions-Réponses n°2.pdf", "QR"),
        ("Q&R.pdf", "QR"),
        ("Réponses aux questions des candidats.pdf", "QR"),
        ("DC1.pdf", "DC1"),
        ("dc1-lettre-candidature.docx", "DC1"),
        ("DC2.docx", "DC2"),
        ("Annexe technique.pdf", "ANNEXE"),
        ("Annexe 3 - liste des sites.xlsx", "ANNEXE"),
        ("annexes.zip.pdf", "ANNEXE"),
        ("Annexe 1 au CCTP.pdf", "CCTP"),  # the piece it belongs to is more specific
        ("avis d'appel public.pdf", "AVIS"),
        ("AAPC.pdf", "AVIS"),
        ("contrat.pdf", "CONTRAT"),
        ("Convention de partenariat.odt", "CONTRAT"),
        ("marche.pdf", "OTHER"),  # "rc" inside a word is not the RC
        ("planning.pdf", "OTHER"),  # nor "ann" inside a word an annex
        ("Plan des locaux.pdf", "OTHER"),
    ],
)
def test_kind_from_name(name: str, expected: str) -> None:
    assert detect_kind(name, "") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("REGLEMENT DE LA CONSULTATION\nMarché de services", "RC"),
        ("Règlement de consultation", "RC"),
        ("Règlement de la consulation (RC) n° 2024", "RC"),  # a misspelling seen on a real RC
        ("CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIÈRES\nvoir l'acte d'engagement", "CCAP"),
        ("Cahier des clauses techniques particulières (CCTP)", "CCTP"),
        ("CAHIER DES CLAUSES PARTICULIÈRES (CCP)\nvaut CCAP et CCTP", "CCP"),
        ("ACTE D'ENGAGEMENT\nLe titulaire, après avoir pris connaissance du CCAP", "AE"),
        ("Bordereau des prix unitaires", "BPU"),
        ("Fondation X\nBorderau de prix unitaire\nPostes", "BPU"),
        ("Détail quantitatif estimatif", "DQE"),
        ("Décomposition du prix global et forfaitaire", "DPGF"),
        ("CADRE DE RÉPONSE TECHNIQUE\nLe candidat complète chaque rubrique", "CADRE_REPONSE"),
        ("Cadre de réponse financier", "CADRE_REPONSE"),
        ("Mémoire technique du candidat\nRubrique 1", "CADRE_REPONSE"),
        ("Questions / Réponses\nQuestion 1 : le délai est-il ferme ?", "QR"),
        ("Réponses aux questions des candidats", "QR"),
        ("LETTRE DE CANDIDATURE ET D'HABILITATION DU MANDATAIRE", "DC1"),
        ("DC2 - Déclaration du candidat individuel ou du membre du groupement", "DC2"),
        ("ANNEXE 4 au règlement de la consultation : liste des sites", "ANNEXE"),
        ("Avis d'appel public à la concurrence\nDépartement", "AVIS"),
        ("Avis No 20-1 publié le 09/08/2020 Avis de marché Procédure ouverte", "AVIS"),
        ("Convention de mise à disposition", "CONTRAT"),
        ("Le présent contrat de services a pour objet", "OTHER"),  # "contrat" in a sentence says nothing
        ("Le candidat remet un mémoire technique et voir l'annexe 2", "OTHER"),  # cited, not titles
        ("", "OTHER"),
    ],
)
def test_kind_from_text(text: str, expected: str) -> None:
    assert detect_kind("document.pdf", text) == expected


def test_name_wins_over_text() -> None:
    assert detect_kind("CCTP.pdf", "Règlement de la consultation") == "CCTP"


def test_an_annex_by_name_only_takes_a_specific_title() -> None:
    assert detect_kind("Annexe 3.pdf", "Bordereau des prix unitaires\nPoste | Prix") == "BPU"
    assert detect_kind("Annexe 3.pdf", "Liste des sites et adresses") == "ANNEXE"


def test_title_beyond_the_first_page_is_ignored() -> None:
    assert detect_kind("x.pdf", "a " * 2000 + "Acte d'engagement") == "OTHER"


def test_every_kind_is_known_to_the_taxonomy() -> None:
    names = ["RC.pdf", "CCAP.pdf", "CCTP.pdf", "CCP.pdf", "AE.pdf", "BPU.pdf", "DPGF.pdf", "DQE.pdf",
             "cadre de reponse.docx", "QR.pdf", "DC1.pdf", "DC2.pdf", "annexe.pdf", "avis.pdf", "contrat.pdf",
             "x.pdf"]
    assert {detect_kind(n, "") for n in names} == set(DOCUMENT_KINDS)


def test_normalise() -> None:
    assert normalise("Acte d’Engagement – ŒUVRE") == "acte d engagement oeuvre"
