"""The readers on the real documents of the development corpus (skipped when it is absent)."""
from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tenders.documents import read_document
from tests.fixtures.paths import CORPUS

DCE = CORPUS / "dce" / "ifpra_normandie_moteur_agri"

if not CORPUS.is_dir():
    pytest.skip("development corpus not available", allow_module_level=True)


def _real_page_count(path: Path) -> int:
    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


@pytest.fixture(scope="module")
def dce_documents():
    if not DCE.is_dir():
        pytest.skip("DCE sample not available")
    return {name: read_document(f"{name}.pdf", (DCE / f"{name}.pdf").read_bytes()) for name in ("RC", "CCAP", "CCTP")}


@pytest.mark.parametrize("name", ["RC", "CCAP", "CCTP"])
def test_dce_pdf_reads_with_kind_and_pages(dce_documents, name: str) -> None:
    document = dce_documents[name]
    assert document.kind == name
    assert document.format == "pdf" and document.paginated
    assert document.page_count == _real_page_count(DCE / f"{name}.pdf")
    assert [p.number for p in document.pages] == list(range(1, document.page_count + 1))
    assert all(page.text.strip() for page in document.pages)
    assert document.warnings == []


@pytest.mark.parametrize("name", ["RC", "CCAP", "CCTP"])
def test_dce_pdf_running_footer_is_gone(dce_documents, name: str) -> None:
    # Every page of these files ends with "Page n sur N" and a line naming the buyer and the file.
    document = dce_documents[name]
    lines_per_page = [{line for line in page.text.splitlines() if line.strip()} for page in document.pages]
    assert not any(re.fullmatch(r"Page \d+ sur \d+", line) for lines in lines_per_page for line in lines)
    assert not set.intersection(*lines_per_page)  # no line left on every page


def test_dce_pdf_wrapped_lines_are_joined(dce_documents) -> None:
    # Body lines of these files are cut at the margin: once rejoined, few lines start lower case.
    for document in dce_documents.values():
        lines = [line for line in document.text.splitlines() if line.strip()]
        lower = [line for line in lines if line[0].islower()]
        assert len(lower) <= len(lines) // 20, lower


BOAMP_TEXTS = sorted((CORPUS / "boamp_text").glob("*.txt"))


@pytest.mark.skipif(not BOAMP_TEXTS, reason="BOAMP texts not available")
def test_every_boamp_text_reads() -> None:
    for path in BOAMP_TEXTS:
        document = read_document(path.name, path.read_bytes())
        assert document.text.strip(), path.name
        assert document.format == "txt" and not document.paginated
