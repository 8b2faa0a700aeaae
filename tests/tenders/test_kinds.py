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
        ("01_Reglement_consultation.pdf", "RC"),
        ("Règlement de la Consultation - lot 1.docx", "RC"),
        ("CCAP-lot2.docx", "CCAP"),
        ("02 CCAP.pdf", "CCAP"),
        ("Cahier_des_clauses_administratives_particulières.odt", "CCAP"),
        ("DCE/03 - CCTP lot 2.pdf", "CCTP"),
        ("cctp2.pdf", "CCTP"),
        ("Acte d'engagement.pdf", "AE"),
        ("AE_lot1.docx", "AE"),
        ("ATTRI1.pdf", "AE"),
        ("attri1-marche-2024.pdf", "AE"),
        ("bordereau des prix.pdf", "BPU"),
        ("BPU.xlsx", "BPU"),
        ("DQE_lot3.pdf", "BPU"),
        ("DPGF.pdf", "DPGF"),
        ("Décomposition du prix global et forfaitaire.pdf", "DPGF"),
        ("avis d'appel public.pdf", "AVIS"),
        ("AAPC.pdf", "AVIS"),
        ("contrat.pdf", "CONTRAT"),
        ("Convention de partenariat.odt", "CONTRAT"),
        ("annexe technique.pdf", "OTHER"),
        ("marche.pdf", "OTHER"),  # "rc" inside a word is not the RC
        ("Memoire_technique.docx", "OTHER"),
    ],
)
def test_kind_from_name(name: str, expected: str) -> None:
    assert detect_kind(name, "") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("REGLEMENT DE LA CONSULTATION\nMarché de services", "RC"),
        ("Règlement de consultation", "RC"),
        ("CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIÈRES\nvoir l'acte d'engagement", "CCAP"),
        ("Cahier des clauses techniques particulières (CCTP)", "CCTP"),
        ("ACTE D'ENGAGEMENT\nLe titulaire, après avoir pris connaissance du CCAP", "AE"),
        ("Bordereau des prix unitaires", "BPU"),
        ("Détail quantitatif estimatif", "BPU"),
        ("Décomposition du prix global et forfaitaire", "DPGF"),
        ("Avis d'appel public à la concurrence\nDépartement", "AVIS"),
        ("Avis No 20-1 publié le 09/08/2020 Avis de marché Procédure ouverte", "AVIS"),
        ("Convention de mise à disposition", "CONTRAT"),
        ("Le présent contrat de services a pour objet", "OTHER"),  # "contrat" in a sentence says nothing
        ("Mémoire technique du candidat", "OTHER"),
        ("", "OTHER"),
    ],
)
def test_kind_from_text(text: str, expected: str) -> None:
    assert detect_kind("document.pdf", text) == expected


def test_name_wins_over_text() -> None:
    assert detect_kind("CCTP.pdf", "Règlement de la consultation") == "CCTP"


def test_title_beyond_the_first_page_is_ignored() -> None:
    assert detect_kind("x.pdf", "a " * 2000 + "Acte d'engagement") == "OTHER"


def test_only_known_kinds() -> None:
    names = ["RC.pdf", "CCAP.pdf", "x.pdf", "AE.pdf", "DPGF.pdf", "avis.pdf", "contrat.pdf"]
    assert {detect_kind(n, "") for n in names} <= set(DOCUMENT_KINDS)


def test_normalise() -> None:
    assert normalise("Acte d’Engagement – ŒUVRE") == "acte d engagement oeuvre"
