"""OCR of scanned PDF pages (Tesseract with its French data): only pages without a text layer,
marked with their confidence, capped per tender, and skipped cleanly where Tesseract is absent."""
from __future__ import annotations

import io
import subprocess

import pypdfium2 as pdfium
import pytest

from tenders import ocr
from tenders.budget import Budget, reading
from tenders.pdf import read_pdf
from tenders.reader import read_files
from tests.fixtures.documents import pdf_bytes, pdf_with_blank_pages, scanned_pdf_bytes

# A four-page RC as a scanner gives it (invented text; core PDF fonts know Latin-1 accents).
RC_SCAN = [
    ["Ville de Valbrune", "", "RÈGLEMENT DE LA CONSULTATION", "",
     "Objet de la consultation : entretien des espaces verts de la commune",
     "Procédure adaptée - Date limite de remise des offres : 14 mars 2025 à 12h00"],
    ["Article 1 - Objet et étendue de la consultation",
     "Le marché est alloti en deux lots : lot 1 tonte, lot 2 élagage.",
     "Article 2 - Clause sociale d'insertion",
     "Le titulaire réserve 350 heures de travail à des personnes éloignées de l'emploi."],
    ["Article 3 - Critères d'attribution", "Prix des prestations : 50 %", "Valeur technique : 40 %",
     "Performance environnementale : 10 %"],
    ["Article 4 - Conditions d'envoi des offres", "Les offres sont transmises par voie électronique",
     "sur le profil d'acheteur de la commune."],
]

needs_tesseract = pytest.mark.skipif(ocr.unavailable_reason() is not None,
                                     reason=f"OCR indisponible : {ocr.unavailable_reason()}")


@pytest.fixture(scope="module")
def rc_scan() -> bytes:
    return scanned_pdf_bytes(RC_SCAN)


def _spy(monkeypatch) -> list[int]:
    """Count the pages handed to Tesseract."""
    calls: list[int] = []
    real = ocr._run_tesseract

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(ocr, "_run_tesseract", counting)
    return calls


@needs_tesseract
def test_a_scanned_rc_is_read_by_ocr_and_recognised_as_an_rc(rc_scan: bytes) -> None:
    # The name says nothing: the title read by OCR does. Read as an upload is, whole.
    tender = read_files([("scan-20250301.pdf", rc_scan)], "scan-20250301.pdf")
    document = tender.documents[0]
    assert document.kind == "RC"
    assert document.ocr is True
    assert [page.number for page in document.pages] == [1, 2, 3, 4]
    first = document.pages[0].text
    assert "RÈGLEMENT DE LA CONSULTATION" in first
    assert "Objet de la consultation : entretien des espaces verts de la commune" in first
    assert "350 heures" in document.pages[1].text
    assert "Valeur technique : 40 %" in document.pages[2].text
    notes = [w for w in document.warnings if "lue par reconnaissance de caractères" in w]
    assert len(notes) == 4 and notes[2].startswith("Page 3 lue par reconnaissance de caractères (confiance ")
    confidences = [int(w.split("confiance ")[1].split(" %")[0]) for w in notes]
    assert all(60 <= c <= 100 for c in confidences)
    assert not any("sans texte" in w or "aucun texte" in w for w in document.warnings)


def test_pages_with_a_text_layer_never_go_through_ocr(monkeypatch) -> None:
    calls = _spy(monkeypatch)
    pages = [[f"Article {n} - {what}, assez long pour compter."] for n, what in
             enumerate(("Objet du marché", "Durée et délais", "Prix et paiement"), start=1)]
    document = read_pdf("CCTP.pdf", pdf_bytes(pages))
    assert calls == [] and not document.ocr and document.warnings == []


@needs_tesseract
def test_only_the_scanned_page_of_a_mixed_pdf_is_recognised(monkeypatch, rc_scan: bytes) -> None:
    merged = pdfium.PdfDocument(pdf_bytes([["Page de garde tapée, avec son texte lisible."]]))
    merged.import_pages(pdfium.PdfDocument(rc_scan), [0])  # then the first page of the scan
    buffer = io.BytesIO()
    merged.save(buffer)
    calls = _spy(monkeypatch)
    document = read_pdf("mixte.pdf", buffer.getvalue())
    assert len(calls) == 1 and document.ocr
    assert document.pages[0].text == "Page de garde tapée, avec son texte lisible."
    assert "CONSULTATION" in document.pages[1].text
    assert [w.split(" lue")[0] for w in document.warnings] == ["Page 2"]


def test_without_tesseract_ocr_is_skipped_with_a_clear_warning(monkeypatch, rc_scan: bytes) -> None:
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    document = read_pdf("RC.pdf", rc_scan)
    assert not document.ocr and document.text.strip() == ""
    assert len(document.warnings) == 1
    warning = document.warnings[0]
    assert "aucun texte" in warning and "scanné" in warning
    assert "n'a pas pu être lu" in warning and "Tesseract" in warning and "n'est pas installée" in warning


def test_without_the_french_data_ocr_is_skipped(monkeypatch, rc_scan: bytes) -> None:
    monkeypatch.setattr(ocr, "tesseract", lambda: "/usr/bin/tesseract")
    monkeypatch.setattr(ocr, "_languages", lambda binary: frozenset({"eng", "osd"}))
    document = read_pdf("RC.pdf", rc_scan)
    assert not document.ocr and "tesseract-ocr-fra" in document.warnings[0]


@needs_tesseract
def test_ocr_is_capped_per_tender(rc_scan: bytes) -> None:
    with reading(Budget(max_ocr_pages=1)) as budget:
        first = read_pdf("RC.pdf", rc_scan)
        second = read_pdf("RC-copie.pdf", rc_scan)
    assert budget.used_ocr_pages == 1
    assert first.ocr and "CONSULTATION" in first.pages[0].text and first.pages[3].text == ""
    assert any(w.startswith("Pages 2 à 4 non lues par reconnaissance de caractères") and "au plus 1 page ou" in w
               for w in first.warnings)
    assert not second.ocr and any(w.startswith("Pages 1 à 4 non lues") for w in second.warnings)
    assert any("plafond" in w for w in second.warnings)


def test_a_failing_or_slow_tesseract_loses_nothing_else(monkeypatch, rc_scan: bytes) -> None:
    monkeypatch.setattr(ocr, "unavailable_reason", lambda: None)
    outcomes = iter([OSError("boom"), subprocess.TimeoutExpired("tesseract", 90), OSError("x"), OSError("y")])

    def failing(*args, **kwargs):
        raise next(outcomes)

    monkeypatch.setattr(ocr, "_run_tesseract", failing)
    document = read_pdf("RC.pdf", rc_scan)
    assert not document.ocr
    assert "Page 1 : la reconnaissance de caractères a échoué." in document.warnings
    assert any(w.startswith("Page 2 : la reconnaissance de caractères a dépassé") for w in document.warnings)


def test_blank_or_dark_pages_are_not_sent_to_tesseract(monkeypatch) -> None:
    monkeypatch.setattr(ocr, "unavailable_reason", lambda: None)
    calls = _spy(monkeypatch)
    for name, data in (("blanc.pdf", pdf_bytes([[""], [""]])),  # white pages (scanned back sides)
                       ("cadre.pdf", pdf_with_blank_pages({}, total=2))):  # filled frames: no text can be there
        document = read_pdf(name, data)
        assert not document.ocr and len(document.warnings) == 1
        assert "aucun texte lisible" in document.warnings[0]
    assert calls == []


@needs_tesseract
def test_a_page_ocr_finds_nothing_on_stays_empty_with_the_warning() -> None:
    document = read_pdf("scan.pdf", pdf_with_blank_pages({1: "Page de garde lisible."}, total=2))
    assert document.pages[1].text == "" and not document.ocr
    assert document.warnings == [
        ("Page 2 sans texte : document scanné ? Ces pages n'ont pas pu être lues : "
         "la reconnaissance de caractères n'y a trouvé aucun texte lisible.")
    ]


def test_tesseract_tsv_becomes_lines_in_points() -> None:
    rows = [
        "level page_num block_num par_num line_num word_num left top width height conf text",
        "1 1 0 0 0 0 0 0 2480 3508 -1 ",
        "5 1 1 1 1 1 300 600 200 40 90 Article",
        "5 1 1 1 1 2 520 600 40 40 80 2",
        "5 1 1 1 2 1 300 660 300 40 70 Suite",
    ]
    tsv = "\n".join(row.replace(" ", "\t") for row in rows)
    lines, confidence = ocr.parse_tsv(tsv, scale=2.0)
    assert lines == [(300.0, 320.0, 150.0, 280.0, "Article 2"), (330.0, 350.0, 150.0, 300.0, "Suite")]
    assert confidence == 80.0


def test_page_list() -> None:
    assert ocr.page_list([7, 1, 2, 3, 9, 10]) == "1 à 3, 7, 9 à 10"
    assert ocr.page_list([4]) == "4"


@needs_tesseract
@pytest.mark.parametrize("turn", [180, 90, 270])
def test_a_page_scanned_upside_down_or_sideways_is_read_upright(turn: int) -> None:
    document = read_pdf("rc-retourne.pdf", scanned_pdf_bytes(RC_SCAN[:2], turn=turn))
    first, second = (page.text for page in document.pages)
    # in reading order: the buyer before the title before the object
    assert first.index("Ville de Valbrune") < first.index("RÈGLEMENT DE LA CONSULTATION") < first.index("Objet de la")
    assert "350 heures de travail" in second
    assert all(int(w.split("confiance ")[1].split(" %")[0]) >= 60
               for w in document.warnings if "lue par reconnaissance" in w)


def test_an_upright_page_is_never_asked_its_orientation(monkeypatch, rc_scan: bytes) -> None:
    if ocr.unavailable_reason() is not None:
        pytest.skip(f"OCR indisponible : {ocr.unavailable_reason()}")
    asked: list[int] = []
    monkeypatch.setattr(ocr, "_orientation", lambda *args: asked.append(1) or 0)
    read_pdf("rc.pdf", rc_scan)
    assert asked == []
