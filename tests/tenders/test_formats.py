"""Which format a file is: office files are documents wherever they come from (an upload, a
folder, a DCE archive), never archives of the DCE; legacy Office files (.doc, .rtf, .xls) are
converted by LibreOffice where it is installed, and refused clearly where it is not."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from tenders import legacy
from tenders.dce import read_zip
from tenders.documents import SUPPORTED_EXTENSIONS, is_archive, read_document, sniff_format, zip_format
from tenders.errors import EncryptedFile, UnsupportedFormat
from tenders.preflight import check_file, http_status
from tenders.reader import collect_files, is_zip, read_files
from tests.fixtures.documents import docx_bytes, ods_bytes, ods_row, odt_bytes, xlsx_bytes, zip_bytes

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _ole(stream: str) -> bytes:
    """A legacy Office file as far as sniffing goes: the OLE signature and a stream name in its directory."""
    return OLE + stream.encode("utf-16-le") + b"\x00" * 64


def _xlsx() -> bytes:
    def build(workbook) -> None:
        workbook.active.title = "BPU"
        workbook.active.append(["Poste", "Prix unitaire HT"])
        workbook.active.append(["Tonte", 12.5])

    return xlsx_bytes(build)


def _office_files() -> dict[str, bytes]:
    return {
        "BPU.xlsx": _xlsx(),
        "DQE.ods": ods_bytes('<table:table table:name="DQE">' + ods_row("Tonte", "12") + "</table:table>"),
        "AE.docx": docx_bytes(lambda d: d.add_paragraph("Acte d'engagement")),
        "CCTP.odt": odt_bytes("<text:p>Cahier des clauses techniques particulieres</text:p>"),
    }


@pytest.mark.parametrize(("name", "expected"), [("BPU.xlsx", "xlsx"), ("DQE.ods", "ods"), ("AE.docx", "docx"),
                                                ("CCTP.odt", "odt")])
def test_office_files_are_documents_not_archives(name: str, expected: str) -> None:
    data = _office_files()[name]
    assert zip_format(data) == expected
    assert sniff_format(name, data) == expected
    assert sniff_format("sans-extension", data) == expected  # told by their parts, not their name
    assert not is_archive(name, data) and not is_zip(name, data) and not is_zip("piece", data)
    assert check_file(name, data) == expected  # the upload check accepts them
    assert read_document(name, data).format == expected


def test_a_dce_zip_is_still_an_archive() -> None:
    dce = zip_bytes({"RC.txt": "Reglement de la consultation"})
    assert is_zip("dce.zip", dce) and is_zip("DCE", dce) and zip_format(dce) == "zip"
    assert check_file("dce.zip", dce) == "zip"


def test_office_files_inside_a_dce_zip_are_read_without_warnings() -> None:
    files = _office_files()
    documents, warnings = read_zip("dce.zip", zip_bytes({f"DCE/{name}": data for name, data in files.items()}))
    assert warnings == []
    found = {d.name: (d.format, d.kind) for d in documents}
    assert found == {"DCE/AE.docx": ("docx", "AE"), "DCE/BPU.xlsx": ("xlsx", "BPU"), "DCE/CCTP.odt": ("odt", "CCTP"),
                     "DCE/DQE.ods": ("ods", "DQE")}
    sheet = next(d for d in documents if d.format == "xlsx").pages[0].text
    assert sheet.splitlines() == ["Feuille « BPU »", "Poste | Prix unitaire HT", "Tonte | 12,5"]


def test_office_files_in_a_folder_are_read_without_warnings(tmp_path) -> None:
    for name, data in _office_files().items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "RC.txt").write_text("Reglement de la consultation", encoding="utf-8")
    files, skipped = collect_files(tmp_path)
    tender = read_files(files, str(tmp_path), skipped)
    assert "warnings" not in tender.notice_fields
    assert sorted(d.format for d in tender.documents) == ["docx", "ods", "odt", "txt", "xlsx"]
    assert all(not d.warnings for d in tender.documents)


@pytest.mark.parametrize(
    ("name", "data", "saved_as"),
    [
        ("CCAP.doc", _ole("WordDocument"), "DOCX ou PDF"),
        ("BPU.xls", _ole("Workbook"), "XLSX ou PDF"),
        ("vieux-bpu.xls", _ole("Book"), "XLSX ou PDF"),
        ("presentation.ppt", _ole("PowerPoint Document"), "PDF"),
        ("piece-sans-extension", _ole("WordDocument"), "DOCX ou PDF"),  # told by its streams
        ("classeur-renomme.doc", _ole("Workbook"), "XLSX ou PDF"),  # its streams say what it is
        ("inconnu.xls", OLE, "XLSX ou PDF"),  # no stream known: its name says
        ("reunion.pptx", zip_bytes({"ppt/presentation.xml": "<p/>"}), "PDF"),
        ("notes.rtf", b"{\\rtf1\\ansi texte}", "DOCX ou PDF"),
    ],
)
def test_legacy_office_files_are_refused_saying_how_to_save_them(monkeypatch, name: str, data: bytes,
                                                                saved_as: str) -> None:
    monkeypatch.setattr(legacy, "available", lambda fmt: False)  # a server without LibreOffice
    with pytest.raises(UnsupportedFormat) as caught:
        read_document(name, data)
    message = str(caught.value)
    assert f"« {name} »" in message and f"au format {saved_as}" in message and "enregistrez" in message
    with pytest.raises(UnsupportedFormat) as refused:
        check_file(name, data)  # the upload check refuses it with the same message
    assert http_status(refused.value) == 415 and str(refused.value) == message


def test_legacy_office_files_in_a_dce_zip_are_named_in_a_warning(monkeypatch) -> None:
    monkeypatch.setattr(legacy, "available", lambda fmt: False)
    archive = zip_bytes({"DCE/CCAP.doc": _ole("WordDocument"), "DCE/BPU.xls": _ole("Workbook"),
                         "DCE/RC.txt": "Reglement"})
    documents, warnings = read_zip("dce.zip", archive)
    assert [d.name for d in documents] == ["DCE/RC.txt"]
    assert any(w.startswith("« DCE/CCAP.doc » ignoré") and "DOCX ou PDF" in w for w in warnings)
    assert any(w.startswith("« DCE/BPU.xls » ignoré") and "XLSX ou PDF" in w for w in warnings)
    assert {".doc", ".xls", ".ppt", ".xlsx", ".ods"} <= SUPPORTED_EXTENSIONS


def test_html_saved_under_a_legacy_office_name_is_read_as_html() -> None:
    table = b"<html><body><table><tr><td>Poste</td><td>Prix</td></tr><tr><td>Tonte</td><td>12</td></tr></table>"
    document = read_document("export-bpu.xls", table)
    assert document.format == "html" and "Tonte | 12" in document.text


def test_password_protected_office_files_say_so() -> None:
    for name in ("AE.docx", "BPU.xlsx", "sans-extension"):
        with pytest.raises(EncryptedFile):
            read_document(name, _ole("EncryptedPackage"))


def _saved_by_libreoffice(tmp_path, name: str, data: bytes, target: str) -> bytes:
    """A file saved in a legacy format by LibreOffice, as an old office suite would write it."""
    source = tmp_path / name
    source.write_bytes(data)
    subprocess.run([legacy.soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", target, "--outdir", str(tmp_path / "out"), str(source)],
                   capture_output=True, timeout=120, check=True)
    return (tmp_path / "out" / f"{source.stem}.{target.split(':')[0]}").read_bytes()


def _needs(fmt: str) -> None:
    if not legacy.available(fmt):
        pytest.skip(f"LibreOffice absent ou sans son module pour .{fmt} (Debian : libreoffice-writer-nogui, "
                    "libreoffice-calc-nogui) : conversion non vérifiée")


def test_a_word_97_document_is_converted_and_read(tmp_path) -> None:
    _needs("doc")
    docx = docx_bytes(lambda d: (d.add_paragraph("Acte d'engagement"),
                                 d.add_paragraph("Le titulaire réserve 350 heures à l'insertion."),
                                 d.add_table(rows=1, cols=2)))
    doc = _saved_by_libreoffice(tmp_path, "AE.docx", docx, "doc:MS Word 97")
    assert doc.startswith(OLE[:8])
    assert sniff_format("AE.doc", doc) == "doc"
    document = read_document("AE.doc", doc)
    assert document.format == "doc" and document.kind == "AE"
    assert "350 heures à l'insertion" in document.text


def test_an_excel_97_workbook_is_converted_and_read_sheet_by_sheet(tmp_path) -> None:
    _needs("xls")
    xls = _saved_by_libreoffice(tmp_path, "BPU.xlsx", _xlsx(), "xls:MS Excel 97")
    document = read_document("BPU.xls", xls)
    assert document.format == "xls" and document.kind == "BPU" and document.paginated
    assert document.pages[0].text.splitlines() == ["Feuille « BPU »", "Poste | Prix unitaire HT", "Tonte | 12,5"]


def test_rtf_is_converted_and_read() -> None:
    _needs("rtf")
    document = read_document("notes.rtf", b"{\\rtf1\\ansi R\\'e8glement de la consultation\\par}")
    assert document.format == "rtf" and "Règlement de la consultation" in document.text


def test_a_damaged_legacy_file_says_so_in_french_and_the_rest_of_the_dce_is_read() -> None:
    _needs("doc")
    archive = zip_bytes({"DCE/CCAP.doc": _ole("WordDocument"), "DCE/RC.txt": "Reglement de la consultation"})
    documents, warnings = read_zip("dce.zip", archive)
    assert [d.name for d in documents] == ["DCE/RC.txt"]
    assert any("« DCE/CCAP.doc »" in w and "endommagé ou illisible" in w for w in warnings), warnings


def test_without_libreoffice_nothing_is_converted(monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert not legacy.available("doc") and not legacy.available("xls")
