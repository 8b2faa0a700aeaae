"""DCE archives: reading in memory under caps, and extraction that never leaves its folder."""
from __future__ import annotations

import struct

import pytest

from tenders.budget import Budget, reading
from tenders.dce import read_zip
from tenders.errors import CorruptFile, EncryptedFile, ReadError, TooLarge
from tenders.model import Document, Page
from tests.fixtures.documents import docx_bytes, pdf_bytes, zip_bytes

CENTRAL_HEADER = b"PK\x01\x02"


def _patch_central(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    """Overwrite a field of the (single) central directory record: sizes and flags lie easily."""
    start = data.index(CENTRAL_HEADER)
    buffer = bytearray(data)
    struct.pack_into(fmt, buffer, start + offset, value)
    return bytes(buffer)


@pytest.fixture(scope="module")
def dce_zip() -> bytes:
    def build(document) -> None:
        document.add_heading("Acte d'engagement", level=1)
        document.add_paragraph("Le titulaire s'engage.")

    return zip_bytes(
        {
            "DCE/01 - Reglement de consultation.txt": "Reglement de la consultation\nArticle 1.",
            "DCE/Pieces administratives/CCAP lot 1.pdf": pdf_bytes([["Clauses administratives."]]),
            "DCE/Pieces administratives/AE.docx": docx_bytes(build),
            "DCE/Plans/plan.dwg": b"AC1032\x00\x00binary",
            "DCE/Prix/BPU.xlsx": zip_bytes({"xl/workbook.xml": "<workbook/>"}),
            "DCE/avis.xml": b"<?xml version='1.0'?><avis/>",
            "DCE/casse.pdf": b"%PDF-1.7 broken",
            "__MACOSX/DCE/._AE.docx": b"\x00\x05\x16\x07",
            "DCE/.DS_Store": b"\x00\x00\x00\x01Bud1",
            "DCE/Thumbs.db": b"\xd0\xcf\x11\xe0",
            "DCE/Plans/": b"",
        }
    )


def test_read_zip_reads_documents_with_their_paths(dce_zip: bytes) -> None:
    documents, warnings = read_zip("dce.zip", dce_zip)
    by_name = {d.name: d for d in documents}
    assert set(by_name) == {
        "DCE/01 - Reglement de consultation.txt",
        "DCE/Pieces administratives/AE.docx",
        "DCE/Pieces administratives/CCAP lot 1.pdf",
    }
    assert by_name["DCE/Pieces administratives/CCAP lot 1.pdf"].kind == "CCAP"
    assert by_name["DCE/Pieces administratives/CCAP lot 1.pdf"].paginated
    assert by_name["DCE/Pieces administratives/AE.docx"].kind == "AE"
    assert by_name["DCE/01 - Reglement de consultation.txt"].kind == "RC"


def test_read_zip_warns_about_skipped_entries_but_not_noise(dce_zip: bytes) -> None:
    _, warnings = read_zip("dce.zip", dce_zip)
    joined = "\n".join(warnings)
    for name in ("DCE/Plans/plan.dwg", "DCE/Prix/BPU.xlsx", "DCE/avis.xml", "DCE/casse.pdf"):
        assert f"« {name} » ignoré" in joined
    assert "non pris en charge" in joined and "endommagé" in joined
    assert "MACOSX" not in joined and "DS_Store" not in joined and "Thumbs" not in joined
    assert len(warnings) == 4


def test_read_zip_passes_xml_to_read_other(dce_zip: bytes) -> None:
    seen: list[str] = []

    def read_notice(name: str, data: bytes) -> Document | None:
        seen.append(name)
        return Document(name=name, kind="AVIS", format="boamp-xml", pages=[Page(1, "avis")])

    documents, warnings = read_zip("dce.zip", dce_zip, read_other=read_notice)
    assert "DCE/avis.xml" in {d.name for d in documents}
    assert "DCE/Plans/plan.dwg" in seen  # every file the readers do not know is offered
    assert not any("avis.xml" in w for w in warnings)


def test_read_other_may_consume_entries_silently(dce_zip: bytes) -> None:
    notices: list[str] = []

    def collect(name: str, data: bytes) -> object:
        if name.endswith(".xml"):
            notices.append(name)
            return True  # merged elsewhere by the caller
        return None

    documents, warnings = read_zip("dce.zip", dce_zip, read_other=collect)
    assert notices == ["DCE/avis.xml"]
    assert not any("avis.xml" in w for w in warnings)
    assert any("plan.dwg" in w for w in warnings)
    assert "DCE/avis.xml" not in {d.name for d in documents}


def test_read_other_errors_become_warnings(dce_zip: bytes) -> None:
    def refuse(name: str, data: bytes) -> object:
        raise ReadError("Ce fichier XML n'est pas un avis.")

    _, warnings = read_zip("dce.zip", dce_zip, read_other=refuse)
    assert "« DCE/avis.xml » ignoré : ce fichier XML n'est pas un avis." in warnings


def test_nested_zip_one_level_deep() -> None:
    inner = zip_bytes({"lot2/CCTP.txt": "Cahier des clauses techniques particulieres"})
    innermost = zip_bytes({"x.txt": "x"})
    outer = zip_bytes({"DCE/lot2.zip": inner, "DCE/RC.txt": "Reglement", "DCE/deep.zip": zip_bytes({"in.zip": innermost})})
    documents, warnings = read_zip("dce.zip", outer)
    names = {d.name for d in documents}
    assert names == {"DCE/RC.txt", "DCE/lot2.zip/lot2/CCTP.txt"}
    assert any("DCE/deep.zip/in.zip" in w and "imbriquée" in w for w in warnings)


def test_windows_names_without_utf8_flag_are_decoded_as_cp850() -> None:
    data = zip_bytes({"RXglement.txt": "Reglement"}).replace(b"RXglement", b"R\x8aglement")
    documents, _ = read_zip("dce.zip", data)
    assert [d.name for d in documents] == ["Règlement.txt"]


def test_too_many_files_is_too_large() -> None:
    data = zip_bytes({f"f{i}.txt": "x" for i in range(6)})
    with pytest.raises(TooLarge) as caught:
        with reading(Budget(max_entries=5)):
            read_zip("gros.zip", data)
    assert "trop de fichiers" in str(caught.value)


def test_declared_size_over_cap_is_too_large() -> None:
    data = zip_bytes({"a.txt": "a" * 600_000, "b.txt": "b" * 600_000})
    with pytest.raises(TooLarge) as caught:
        with reading(Budget(max_bytes=1_000_000)):
            read_zip("gros.zip", data)
    assert "trop volumineux" in str(caught.value)


def test_nested_zip_bomb_is_too_large() -> None:
    # The outer archive declares a small entry; the real size only shows once the inner one opens.
    inner = zip_bytes({"bombe.txt": "0" * 3_000_000})
    outer = zip_bytes({"innocent.zip": inner}, compress=False)
    assert len(outer) < 100_000
    with pytest.raises(TooLarge):
        with reading(Budget(max_bytes=1_000_000)):
            read_zip("dce.zip", outer)


def test_lying_declared_size_does_not_inflate() -> None:
    # Central directory says 10 bytes for 3 MB of data: no more than that is read, the entry is refused.
    data = _patch_central(zip_bytes({"a.txt": "a" * 3_000_000}), 24, "<I", 10)
    with reading(Budget(max_bytes=1_000_000)):
        documents, warnings = read_zip("dce.zip", data)
    assert documents == [] and "endommagé" in warnings[0]


def test_encrypted_entry_is_encrypted_file() -> None:
    data = _patch_central(zip_bytes({"RC.txt": "x"}), 8, "<H", 0x1)
    with pytest.raises(EncryptedFile) as caught:
        read_zip("dce.zip", data)
    assert "mot de passe" in str(caught.value)


def test_bad_zip_is_corrupt() -> None:
    with pytest.raises(CorruptFile):
        read_zip("dce.zip", b"PK\x03\x04 truncated")
