"""DCE archives: reading in memory under caps, and extraction that never leaves its folder."""
from __future__ import annotations

import stat
import struct
import zipfile
from pathlib import Path

import pytest

import tenders.dce as dce
from tenders.dce import read_zip, safe_extract
from tenders.errors import CorruptFile, EncryptedFile, ReadError, TooLarge
from tenders.model import Document, Page
from tests.fixtures_docs import docx_bytes, pdf_bytes, zip_bytes

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
        read_zip("gros.zip", data, max_files=5)
    assert "trop de fichiers" in str(caught.value)


def test_declared_size_over_cap_is_too_large() -> None:
    data = zip_bytes({"a.txt": "a" * 600_000, "b.txt": "b" * 600_000})
    with pytest.raises(TooLarge) as caught:
        read_zip("gros.zip", data, max_total_bytes=1_000_000)
    assert "trop volumineuse" in str(caught.value)


def test_nested_zip_bomb_is_too_large() -> None:
    # The outer archive declares a small entry; the real size only shows once the inner one opens.
    inner = zip_bytes({"bombe.txt": "0" * 3_000_000})
    outer = zip_bytes({"innocent.zip": inner}, compress=False)
    assert len(outer) < 100_000
    with pytest.raises(TooLarge):
        read_zip("dce.zip", outer, max_total_bytes=1_000_000)


def test_bytes_are_counted_while_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the declared-size check, decompression itself must stop at the cap.
    monkeypatch.setattr(dce, "_check_declared", lambda archive, budget: None)
    data = zip_bytes({"a.txt": "a" * 3_000_000})
    with pytest.raises(TooLarge):
        read_zip("gros.zip", data, max_total_bytes=1_000_000)


def test_lying_declared_size_does_not_inflate() -> None:
    # Central directory says 10 bytes for 3 MB of data: no more than that is read, the entry is refused.
    data = _patch_central(zip_bytes({"a.txt": "a" * 3_000_000}), 24, "<I", 10)
    documents, warnings = read_zip("dce.zip", data, max_total_bytes=1_000_000)
    assert documents == [] and "endommagé" in warnings[0]


def test_encrypted_entry_is_encrypted_file() -> None:
    data = _patch_central(zip_bytes({"RC.txt": "x"}), 8, "<H", 0x1)
    with pytest.raises(EncryptedFile) as caught:
        read_zip("dce.zip", data)
    assert "mot de passe" in str(caught.value)


def test_bad_zip_is_corrupt() -> None:
    with pytest.raises(CorruptFile):
        read_zip("dce.zip", b"PK\x03\x04 truncated")


# --- safe_extract -----------------------------------------------------------------------------


def _write_zip(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for info, content in entries:
            archive.writestr(info, content)
    return path


@pytest.mark.parametrize(
    "evil",
    ["../evil.txt", "/abs.txt", "ok/../../evil.txt", "C:/evil.txt", "..\\evil.txt", "a/./../../evil.txt"],
)
def test_safe_extract_rejects_malicious_names(tmp_path: Path, evil: str) -> None:
    target = tmp_path / "sandbox" / "out"
    target.mkdir(parents=True)
    archive = _write_zip(tmp_path / "evil.zip", [("RC.txt", b"ok"), (zipfile.ZipInfo(evil), b"pwned")])
    with pytest.raises(ReadError) as caught:
        safe_extract(archive, target)
    assert "chemin dangereux" in str(caught.value)
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "evil.zip"]
    assert written == []  # nothing at all is written, not even the good entry


def test_safe_extract_rejects_symlinks(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("lien")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive = _write_zip(tmp_path / "lien.zip", [(link, b"/etc/passwd")])
    target = tmp_path / "out"
    with pytest.raises(ReadError):
        safe_extract(archive, target)
    assert not (target / "lien").exists()


def test_safe_extract_writes_nested_folders(tmp_path: Path) -> None:
    archive = _write_zip(
        tmp_path / "dce.zip",
        [("DCE/", b""), ("DCE/Admin/RC.txt", b"rc"), ("DCE/CCTP.txt", b"cctp")],
    )
    target = tmp_path / "out"
    written = safe_extract(archive, target)
    assert sorted(p.relative_to(target.resolve()).as_posix() for p in written) == ["DCE/Admin/RC.txt", "DCE/CCTP.txt"]
    assert (target / "DCE" / "Admin" / "RC.txt").read_bytes() == b"rc"


def test_safe_extract_caps_and_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = _write_zip(tmp_path / "gros.zip", [("a.txt", b"a" * 10), ("b.txt", b"b" * 2_000_000)])
    monkeypatch.setattr(dce, "_check_declared", lambda archive, budget: None)
    target = tmp_path / "out"
    with pytest.raises(TooLarge):
        safe_extract(archive, target, max_total_bytes=1_000_000)
    assert not [p for p in target.rglob("*") if p.is_file()]
    with pytest.raises(TooLarge):
        safe_extract(_write_zip(tmp_path / "n.zip", [(f"{i}.txt", b"x") for i in range(4)]), target, max_files=3)


def test_read_zip_accepts_bytes_from_a_file(tmp_path: Path, dce_zip: bytes) -> None:
    path = tmp_path / "dce.zip"
    path.write_bytes(dce_zip)
    documents, _ = read_zip(path.name, path.read_bytes())
    assert len(documents) == 3
