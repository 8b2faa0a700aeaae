"""Spreadsheets (XLSX, ODS): one page per sheet, rows as "cell | cell" lines, values as a French
reader sees them, repeats and forged dimensions bounded by the reading budget."""
from __future__ import annotations

import datetime as dt
import io
import time
import zipfile

import pytest

from tenders.budget import Budget, reading
from tenders.documents import read_document, sniff_format
from tenders.errors import CorruptFile, EncryptedFile, TooLarge
from tenders.spreadsheet import read_ods, read_xlsx
from tests.fixtures.documents import ods_bytes, ods_row, xlsx_bytes, zip_bytes


def _bpu(workbook) -> None:
    sheet = workbook.active
    sheet.title = "BPU lot 1"
    sheet["A1"] = "Bordereau des prix unitaires"
    sheet.append([])  # an empty row: skipped
    sheet.append(["Poste", "Désignation", None, "Prix unitaire HT", "Remise"])  # column C empty everywhere
    sheet.append(["1", "Tonte des pelouses", None, 150000, 0.05])
    sheet.append(["2", "Taille des haies\n(deux passages)", None, 1250.5, 0.1])
    sheet["D4"].number_format = '#,##0.00 "€"'
    sheet["E4"].number_format = "0%"
    sheet["E5"].number_format = "0.0%"
    sheet["A7"] = "Total HT"
    sheet["D7"] = "=D4+D5"  # a formula: its cached value is what a reader sees (none here: never computed)
    sheet["A8"] = "Date limite"
    sheet["B8"] = dt.datetime(2025, 3, 14)
    sheet["A9"] = "Réservé"
    sheet["B9"] = True
    second = workbook.create_sheet("Conditions")
    second["B2"] = "Clauses sociales"
    second["C2"] = "Sans"
    workbook.create_sheet("Vide")


def test_xlsx_sheets_are_pages_and_rows_are_cell_lines() -> None:
    document = read_document("BPU.xlsx", xlsx_bytes(_bpu))
    assert document.format == "xlsx" and document.kind == "BPU"
    assert document.paginated and document.page_count == 3
    assert [page.number for page in document.pages] == [1, 2, 3]
    first = document.pages[0].text.splitlines()
    assert first == [
        "Feuille « BPU lot 1 »",
        "Bordereau des prix unitaires",
        "Poste | Désignation | Prix unitaire HT | Remise",
        "1 | Tonte des pelouses | 150000,00 € | 5 %",
        "2 | Taille des haies (deux passages) | 1250,5 | 10,0 %",
        "Total HT",
        "Date limite | 14/03/2025",
        "Réservé | VRAI",
    ]
    assert document.pages[1].text.splitlines() == ["Feuille « Conditions »", "Clauses sociales | Sans"]
    assert document.pages[2].text == ""
    assert document.warnings == []


def test_xlsx_cells_in_far_columns_do_not_pad_rows() -> None:
    def build(workbook) -> None:
        sheet = workbook.active
        sheet["A1"] = "Début"
        sheet["XFD1048576"] = "Fin"  # the last cell of the largest sheet Excel makes

    started = time.perf_counter()
    document = read_xlsx("large.xlsx", xlsx_bytes(build))
    assert time.perf_counter() - started < 2
    assert document.pages[0].text.splitlines() == ["Feuille « Sheet »", "Début", "Fin"]


MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _forged_xlsx(sheet_xml: str) -> bytes:
    """An XLSX whose first sheet's XML is replaced (dimensions and cell references lie easily)."""
    data = xlsx_bytes(lambda wb: wb.active.append(["x"]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.encode()
    return zip_bytes(parts)


def test_xlsx_formulas_read_as_their_cached_values() -> None:
    sheet = (f'<worksheet {MAIN}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Total</t></is></c>'
             '<c r="B1"><f>2*3</f><v>6</v></c><c r="C1" t="str"><f>A1&amp;"!"</f><v>Total!</v></c></row>'
             "</sheetData></worksheet>")
    lines = read_xlsx("calc.xlsx", _forged_xlsx(sheet)).pages[0].text.splitlines()
    assert lines[1] == "Total | 6 | Total!"  # the values Excel computed, never the formulas


def test_xlsx_forged_dimensions_and_references_are_bounded() -> None:
    rows = "".join(f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>v{n}</t></is></c></row>'
                   for n in (1, 999_999_999))
    sheet = (f'<worksheet {MAIN}><dimension ref="A1:XFD1048576"/><sheetData>{rows}'
             f'<row r="5"><c r="XFE5" t="inlineStr"><is><t>hors feuille</t></is></c></row>'
             f"</sheetData></worksheet>")
    started = time.perf_counter()
    document = read_xlsx("forge.xlsx", _forged_xlsx(sheet))
    assert time.perf_counter() - started < 2
    assert document.pages[0].text.splitlines() == ["Feuille « Sheet »", "v1", "v999999999"]


def test_xlsx_text_beyond_the_budget_is_refused() -> None:
    rows = "".join(f'<row r="{n}">' + "".join(f'<c r="{col}{n}" t="inlineStr"><is><t>{"x" * 500}</t></is></c>'
                                               for col in "ABC") + "</row>" for n in range(1, 200))
    data = _forged_xlsx(f"<worksheet {MAIN}><sheetData>{rows}</sheetData></worksheet>")
    with reading(Budget(max_chars=50_000)), pytest.raises(TooLarge) as caught:
        read_xlsx("gros.xlsx", data)
    assert "caractères" in str(caught.value)


def test_xlsx_damaged_or_protected() -> None:
    with pytest.raises(CorruptFile) as caught:
        read_document("prix.xlsx", zip_bytes({"xl/workbook.xml": "<x/>"}))
    assert "« prix.xlsx »" in str(caught.value) and "endommagé" in str(caught.value)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(EncryptedFile):
        read_document("protege.xlsx", ole)


def test_xlsx_one_damaged_sheet_keeps_the_others() -> None:
    def build(workbook) -> None:
        workbook.active.append(["Lisible"])
        workbook.create_sheet("Deux").append(["Aussi"])

    data = xlsx_bytes(build)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    # A shared string that does not exist, then the file is cut short.
    parts["xl/worksheets/sheet2.xml"] = (f'<worksheet {MAIN}><dimension ref="A1:A2"/><sheetData><row r="1">'
                                         '<c r="A1" t="inlineStr"><is><t>Lu</t></is></c></row><row r="2">'
                                         '<c r="A2" t="s"><v>99</v></c></row>').encode()
    document = read_xlsx("abime.xlsx", zip_bytes(parts))
    assert "Lisible" in document.pages[0].text
    assert len(document.pages) == 2 and "« Deux »" in document.warnings[0]
    assert document.pages[1].text.splitlines() == ["Feuille « Deux »", "Lu"]  # what came before the damage


# --- ODS --------------------------------------------------------------------------------------


def _text(text: str) -> str:
    return f"<table:table-cell><text:p>{text}</text:p></table:table-cell>"


def _typed(value_type: str, attributes: str, shown: str) -> str:
    return f'<table:table-cell office:value-type="{value_type}" {attributes}><text:p>{shown}</text:p></table:table-cell>'


def _row(*cells: str) -> str:
    return "<table:table-row>" + "".join(cells) + "</table:table-row>"


ODS_TABLES = (
    '<table:table table:name="DQE"><table:table-column table:number-columns-repeated="1024"/>'
    + ods_row("Détail quantitatif estimatif")
    + ods_row("", "", repeat=3)
    + ods_row("Poste", "Quantité", "", "Prix HT")
    + _row(_text("Tonte"), _typed("float", 'office:value="12"', "12"), "<table:table-cell/>",
           _typed("currency", 'office:value="150000" office:currency="EUR"', "150 000,00 €"),
           '<table:table-cell table:number-columns-repeated="16000"/>')
    + _row(_text("Avance"), _typed("percentage", 'office:value="0.05"', "5,00 %"))
    + _row(_text("Remise des offres"), _typed("date", 'office:date-value="2025-03-14T12:00:00"', "14/03/25"))
    + _row('<table:table-cell table:number-columns-spanned="2"><text:p>Fusionnée</text:p></table:table-cell>',
           "<table:covered-table-cell/>", _text("après"))
    + '<table:table-row table:number-rows-repeated="1048000">'
    '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    "</table:table>"
    '<table:table table:name="Notes">' + ods_row('Deux<text:s text:c="3"/>espaces') + "</table:table>"
)


def test_ods_sheets_rows_and_typed_values() -> None:
    data = ods_bytes(ODS_TABLES)
    assert sniff_format("dqe", data) == "ods"
    document = read_document("lot1.ods", data)
    assert document.format == "ods" and document.paginated and document.page_count == 2
    assert document.kind == "DQE"  # from its title
    assert document.pages[0].text.splitlines() == [
        "Feuille « DQE »",
        "Détail quantitatif estimatif",
        "Poste | Quantité | | Prix HT",
        "Tonte | 12 | | 150000,00 €",
        "Avance | 5 %",
        "Remise des offres | 14/03/2025 12:00",
        "Fusionnée | | après",
    ]
    assert document.pages[1].text.splitlines() == ["Feuille « Notes »", "Deux espaces"]


def test_ods_repeated_cells_and_rows_are_bounded() -> None:
    bomb = (
        '<table:table table:name="Bombe">'
        '<table:table-row table:number-rows-repeated="1000000000">'
        '<table:table-cell table:number-columns-repeated="1000000000"><text:p>x</text:p></table:table-cell>'
        "</table:table-row></table:table>"
    )
    started = time.perf_counter()
    with reading(Budget(max_repeat=50)):
        document = read_ods("bombe.ods", ods_bytes(bomb))
    assert time.perf_counter() - started < 5
    lines = document.pages[0].text.splitlines()
    assert len(lines) == 1 + 50 and lines[1] == " | ".join(["x"] * 50)
    with reading(Budget(max_chars=100_000)), pytest.raises(TooLarge):
        read_ods("bombe.ods", ods_bytes(bomb))  # 1000 x 1000 cells: over the tender's text budget


def test_ods_damaged_or_protected() -> None:
    with pytest.raises(CorruptFile):
        read_document("abime.ods", zip_bytes({"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                                              "content.xml": "<office:document-content"}))
    manifest = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                "<manifest:encryption-data/></manifest:manifest>")
    with pytest.raises(EncryptedFile):
        read_document("protege.ods", zip_bytes({"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                                                "META-INF/manifest.xml": manifest, "content.xml": b"\x8f"}))


def test_csv_exports_are_one_sheet_of_cell_lines_whatever_the_separator() -> None:
    semicolons = "Désignation;Unité;Prix unitaire HT\nTonte;m2;1,20\n\"Taille; haies\";ml;3,50\n".encode("cp1252")
    document = read_document("DCE/BPU lot 1.csv", semicolons)
    assert (document.kind, document.format, document.paginated) == ("BPU", "csv", True)
    assert document.pages[0].text.split("\n") == ["Feuille « BPU lot 1 »", "Désignation | Unité | Prix unitaire HT",
                                                  "Tonte | m2 | 1,20", "Taille; haies | ml | 3,50"]
    commas = read_document("dqe.csv", b"Poste,Quantite\nTonte,120\n")
    assert commas.pages[0].text.split("\n")[1:] == ["Poste | Quantite", "Tonte | 120"]
    assert sniff_format("bpu.csv", b"a;b\n") == "csv"


def test_csv_separator_is_the_one_that_splits_lines_evenly() -> None:
    from text.separator import csv_separator
    # decimal commas split the price lines unevenly; the semicolons split every line in three
    assert csv_separator(["Poste;Unité;Prix", "Tonte;m2;1250,50", "Taille;u;12,5"]) == ";"
    assert csv_separator(["Poste,Quantite", "Tonte,120"]) == ","
    assert csv_separator(["a\tb\tc", "1\t2\t3"]) == "\t"
    assert csv_separator(["BORDEREAU DES PRIX", "N°|Désignation|Prix", "1|Tonte|12"]) == "|"
    assert csv_separator(["une seule colonne"]) == ";"  # nothing to split: the French default
    # a DECP header line alone, as the streaming loader sees it
    assert csv_separator(["id,acheteur.id,montant,dateNotification"]) == ","
    # commas inside quoted cells split nothing: the semicolons do
    assert csv_separator(['"Tonte, taille, ramassage";1250', '"Désherbage, binage, paillage";80']) == ";"


def test_csv_beyond_the_budget_or_damaged_is_refused() -> None:
    with reading(Budget(max_chars=1000)), pytest.raises(TooLarge):
        read_document("bpu.csv", ("ligne;" * 10 + "\n").encode() * 200)
    with pytest.raises(CorruptFile):
        read_document("bpu.csv", b"a;b\n" + b'"' + b"x" * 1_000_001 + b'"\n')
