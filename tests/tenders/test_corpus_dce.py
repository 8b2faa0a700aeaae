"""The six consultation files (DCE) of the development corpus, read as a buyer brings them: every
file read (spreadsheets included), no warning about the inner parts of an office file, and the
right kind for each piece, and the title and buyer a reader finds in it (evaluation/labels/access.yml).
Skipped when the corpus is absent."""
from __future__ import annotations

import pytest

from evaluation.access import load_access, same_field
from tenders.reader import collect_files, read_files
from tests.fixtures.paths import CORPUS, ROOT

DCE = CORPUS / "dce"
if not DCE.is_dir():
    pytest.skip("development corpus (DCE) not available", allow_module_level=True)

KINDS = {
    "camp_des_milles_gardiennage": {"BPU-gardiennage.pdf": "BPU", "CCP-gardiennage-surveillance.pdf": "CCP"},
    "dae_amoa_2025": {"CCTP_2.pdf": "CCTP", "RC_2.pdf": "RC"},
    "ifpra_normandie_moteur_agri": {"CCAP.pdf": "CCAP", "CCTP.pdf": "CCTP", "RC.pdf": "RC"},
    "le_bourget_infogerance": {"1b_BPU_DQE.xlsx": "BPU", "CCAP.pdf": "CCAP", "CCTP.pdf": "CCTP", "RC.pdf": "RC"},
    "resah_formation_2024r001": {"2024-R001-000-000_RC.pdf": "RC"},
    "vsgp_infogerance_25tic06": {"AE.docx": "AE", "BPU.xlsx": "BPU", "CCAP.pdf": "CCAP", "CCTP.pdf": "CCTP",
                                 "DPGF.xlsx": "DPGF", "DQE.xlsx": "DQE", "RC.pdf": "RC"},
}
INNER_PARTS = ("xl/", "word/", "docProps", "[Content_Types]", ".xml", "_rels")


@pytest.fixture(scope="module", params=sorted(KINDS))
def tender(request):
    folder = DCE / request.param
    if not folder.is_dir():
        pytest.skip(f"{request.param} not in the corpus")
    files, skipped = collect_files(folder)
    return request.param, files, read_files(files, str(folder), skipped)


def test_every_file_is_read_with_its_kind(tender) -> None:
    name, files, read = tender
    assert {d.name: d.kind for d in read.documents} == KINDS[name]
    assert len(read.documents) == len(files)
    assert all(d.text.strip() for d in read.documents)


def test_no_warning_about_the_inner_parts_of_an_office_file(tender) -> None:
    _, _, read = tender
    warnings = list(read.notice_fields.get("warnings", [])) + [w for d in read.documents for w in d.warnings]
    assert not [w for w in warnings if any(part in w for part in INNER_PARTS)]
    assert "warnings" not in read.notice_fields  # nothing was left aside


def test_spreadsheets_are_read_sheet_by_sheet(tender) -> None:
    _, _, read = tender
    for document in (d for d in read.documents if d.format == "xlsx"):
        assert document.paginated and document.page_count == len(document.pages) >= 2
        assert all(page.text.startswith("Feuille « ") for page in document.pages if page.text)
        assert sum(line.count(" | ") for line in document.text.splitlines()) > 20  # rows of cells


def test_title_and_buyer_are_those_a_reader_finds(tender) -> None:
    name, _, read = tender
    gold = next(g for g in load_access(ROOT / "evaluation/labels/access.yml") if g.source == f"dce/{name}")
    for field in ("title", "buyer"):
        assert same_field(field, gold.identity[field], getattr(read, field)), (field, getattr(read, field))
