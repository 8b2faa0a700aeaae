"""Spreadsheets: XLSX (openpyxl), ODS (content.xml streamed with lxml) and CSV (the csv module).

Each sheet is one Page (number = its position in the workbook, from 1), so that a passage
points to its sheet: a first line names the sheet, then each row that holds something is one
line, its cells joined by " | " as DOCX tables are. Columns empty in the whole sheet are left
out, the empty cells between two filled ones are kept (the columns stay aligned), and a row of
a single cell keeps that cell's own line breaks (a title block, not a table row). Cells show
what a French reader sees, written so that an amount parser reads them: cached results of
formulas, "150000,5" (comma decimals, no thousands separator), "5 %", "1250,00 €", dates as
"01/03/2025", booleans as VRAI/FAUX.

Why these libraries:
- XLSX: openpyxl in read-only mode with cached values (`data_only`): pure Python, streams
  each sheet's XML, resolves shared strings, styles and date formats. Its public row iterator
  pads every row to the declared or last column and every gap between row numbers, which a
  forged file turns into billions of empty cells ("A1:XFD1048576", one cell at column XFD), so
  the rows come from its sheet parser directly (`WorkSheetParser.parse`, openpyxl pinned in
  requirements.txt): only the cells present in the file, kept sparse.
- ODS: lxml's iterparse on content.xml, row by row, each row dropped once read, as
  tenders.office reads ODT. odfpy builds the whole document tree in memory and leaves repeats
  to the caller; python-calamine expands a sheet into a dense grid of its full extent, which
  `table:number-columns-repeated="16384"` x `number-rows-repeated="1048576"` makes a memory
  bomb. Here a repeated empty cell or row only moves the position; a repeated filled one is
  written at most `Budget.repeat` times.

- CSV: the standard library's reader, the separator guessed by text.separator among ";", tab,
  "," and "|" (French exports use ";" because "," is the decimal mark); the whole file is one
  sheet.

Bounds: declared sizes and ratios of the archive are charged to the tender's budget before
anything is inflated (tenders.budget); the text a workbook produces is counted as it grows, and
reading stops with the budget's refusal as soon as the tender's character budget is spent.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
import re
import warnings
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePosixPath

import lxml.etree
import openpyxl
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser

from tenders.budget import current
from tenders.errors import DAMAGED_ZIP, ReadError
from tenders.model import Document, Page
from tenders.office import NS, TB, T, corrupt, encrypted, odf_encrypted, odf_inline_text, repeat_count
from tenders.text import decode_text, new_document, normalise_text
from text.separator import csv_separator

MAX_COLUMNS = 16_384  # the widest sheet Excel and LibreOffice make; cells beyond are not written
SHEET_TITLE = "Feuille « {title} »"
OFFICE = f"{{{NS['office']}}}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


# --- values as a French reader sees them ------------------------------------------------------


def french_number(value: float, decimals: int | None = None) -> str:
    """150000 -> "150000", 1250.5 -> "1250,5", (1250.5, 2) -> "1250,50"; no thousands separator."""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, int) and not decimals:
        text = str(value)
    elif decimals is not None and math.isfinite(value) and abs(value) < 1e15:  # rounded half up, as Excel does
        text = str(Decimal(repr(value)).quantize(Decimal(1).scaleb(-min(decimals, 10)), ROUND_HALF_UP))
    elif value.is_integer() and abs(value) < 1e15:
        text = str(int(value))
    else:
        text = f"{value:.15g}"
    return text.replace(".", ",")


def french_date(value: dt.datetime | dt.date | dt.time) -> str:
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%d/%m/%Y")
        if value.date() in (dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1900, 1, 1)):
            return value.strftime("%H:%M")  # a time of day stored as a date serial
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value.strftime("%H:%M")


_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _number_format(value: float, number_format: str) -> str:
    """A number under an Excel number format (its first section): its decimals, percent, euro."""
    section = number_format.split(";", 1)[0]
    bare = _QUOTED.sub("", section)  # literal text, colours and locales aside
    decimals = None  # as many as the value needs
    if "." in bare:
        decimals = len(re.match(r"[0#?]*", bare.split(".", 1)[1]).group())
    elif re.search(r"[0#?]", bare):
        decimals = 0
    if "%" in bare:
        return french_number(value * 100, decimals) + " %"
    text = french_number(value, decimals)
    return f"{text} €" if "€" in section or "EUR" in section.upper() else text


_INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\u2060\ufeff")  # zero-width characters split words


def _cell_text(text: str) -> str:
    text = text.translate(_INVISIBLE).replace("\r", "\n")
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


# --- sheets as pages --------------------------------------------------------------------------


class _Workbook:
    """The sheets of one workbook: cells kept sparse, text counted against the tender's budget."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.budget = current()
        self.chars = 0
        self.pages: list[Page] = []
        self.title = ""
        self.rows: list[tuple[int, dict[int, str]]] = []
        self.columns: set[int] = set()

    def _spend(self, n: int) -> None:
        self.chars += n
        if self.chars > self.budget.max_chars - self.budget.used_chars:
            self.budget.charge_chars(self.name, self.chars)  # raises TooLarge: over the tender's budget

    def start(self, title: str) -> None:
        self.title, self.rows, self.columns = title, [], set()

    def row(self, number: int, cells: dict[int, str]) -> None:
        if cells:
            self.rows.append((number, cells))
            self.columns.update(cells)
            self._spend(sum(len(text) + 3 for text in cells.values()))

    def end(self) -> None:
        rank = {column: i for i, column in enumerate(sorted(self.columns))}
        lines: list[str] = []
        for _, cells in sorted(self.rows, key=lambda row: row[0]):
            columns = sorted(cells)
            if len(columns) == 1:
                lines.append(cells[columns[0]])
                continue
            values = [""] * (rank[columns[-1]] + 1)
            for column in columns:
                values[rank[column]] = cells[column].replace("\n", " ")
            lines.append(" | ".join(values))
            self._spend(3 * len(values))  # the separators of the empty cells kept between filled ones
        if lines:
            lines.insert(0, SHEET_TITLE.format(title=self.title))
        self.pages.append(Page(number=len(self.pages) + 1, text=normalise_text("\n".join(lines))))


# --- XLSX -------------------------------------------------------------------------------------


def _xlsx_format(workbook, style_id: int) -> str:
    try:
        number_format_id = workbook._cell_styles[style_id].numFmtId
    except (IndexError, TypeError):
        return "General"
    if number_format_id < BUILTIN_FORMATS_MAX_SIZE:
        return BUILTIN_FORMATS.get(number_format_id, "General")
    try:
        return workbook._number_formats[number_format_id - BUILTIN_FORMATS_MAX_SIZE]
    except IndexError:
        return "General"


def _xlsx_value(workbook, cell: dict) -> str:
    value = cell["value"]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return french_date(value)
    if isinstance(value, dt.timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    if isinstance(value, (int, float)):
        number_format = _xlsx_format(workbook, cell["style_id"]) if cell["style_id"] else "General"
        return french_number(value) if number_format == "General" else _number_format(value, number_format)
    return _cell_text(str(value))


def _xlsx_sheet(workbook, sheet, book: _Workbook) -> None:
    parser = WorkSheetParser(sheet._get_source(), sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                             date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
    try:
        for number, cells in parser.parse():
            row: dict[int, str] = {}
            for cell in cells:
                if cell["column"] > MAX_COLUMNS:
                    continue
                text = _xlsx_value(workbook, cell)
                if text:
                    row[cell["column"]] = text
            book.row(number, row)
    finally:
        parser.source.close()


def read_xlsx(name: str, data: bytes) -> Document:
    if data.startswith(_OLE_MAGIC):  # Office wraps password-protected files in OLE
        raise encrypted(name, "Le classeur")
    book = _Workbook(name)
    problems: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            current().check_archive(name, archive)  # an XLSX is a ZIP: its parts count against the budget
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about every extension it does not read
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
            try:
                for title in workbook.sheetnames:
                    book.start(title)
                    sheet = workbook[title]
                    if isinstance(sheet, ReadOnlyWorksheet):  # a chart sheet holds no cells
                        try:
                            _xlsx_sheet(workbook, sheet, book)
                        except ReadError:
                            raise
                        except Exception:  # noqa: BLE001 - one damaged sheet must not lose the others
                            problems.append(f"La feuille « {title} » n'a pas pu être lue entièrement (contenu endommagé).")
                    book.end()
            finally:
                workbook.close()
    except ReadError:
        raise
    except Exception as err:  # openpyxl raises many unrelated types for damaged files
        raise corrupt(name, "Le classeur Excel") from err
    return new_document(name, data, "xlsx", book.pages, warnings=problems, paginated=True)


# --- ODS --------------------------------------------------------------------------------------

_ODS_TABLE, _ODS_ROW = TB + "table", TB + "table-row"
_ODS_CELLS = (TB + "table-cell", TB + "covered-table-cell")
_CURRENCIES = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}


def _ods_value(cell) -> str | None:
    """The cell's value written as French text, for the typed cells; None for text cells."""
    kind = cell.get(OFFICE + "value-type")
    try:
        if kind in ("float", "percentage", "currency"):
            value = float(cell.get(OFFICE + "value", ""))
            if kind == "percentage":
                return french_number(round(value * 100, 10)) + " %"
            if kind == "currency":
                currency = cell.get(OFFICE + "currency", "")
                return f"{french_number(value, 2)} {_CURRENCIES.get(currency, currency)}".strip()
            return french_number(value)
        if kind == "date":
            return french_date(dt.datetime.fromisoformat(cell.get(OFFICE + "date-value", "")))
        if kind == "boolean":
            return "VRAI" if cell.get(OFFICE + "boolean-value") == "true" else "FAUX"
    except (ValueError, OverflowError):
        return None  # a malformed value: the text shown in the cell stands
    return None


def _ods_cell(cell) -> str:
    if cell.tag != TB + "table-cell":
        return ""  # the hidden part of a merged cell
    shown = "\n".join(odf_inline_text(child) for child in cell if child.tag == T + "p")
    value = _ods_value(cell)
    return value if value is not None else _cell_text(shown)


def _ods_row(row, book: _Workbook, number: int) -> int:
    """Write one row (repeated as the file says, within the budget); the next row's number."""
    budget = book.budget
    cells: dict[int, str] = {}
    column = 1
    for cell in row:
        if cell.tag not in _ODS_CELLS:
            continue
        repeat = repeat_count(cell.get(TB + "number-columns-repeated", "1"))
        text = _ods_cell(cell)
        if text:
            for offset in range(min(budget.repeat(repeat), max(MAX_COLUMNS + 1 - column, 0))):
                cells[column + offset] = text
        column += repeat
    rows = repeat_count(row.get(TB + "number-rows-repeated", "1"))
    if cells:
        for offset in range(budget.repeat(rows)):
            book.row(number + offset, cells)
    return number + rows


def _ods_sheets(stream, book: _Workbook) -> None:
    depth = 0  # tables inside a cell belong to that cell
    number = 1
    events = lxml.etree.iterparse(stream, events=("start", "end"), tag=(_ODS_TABLE, _ODS_ROW),
                                  resolve_entities=False, no_network=True, load_dtd=False)
    for event, element in events:
        if element.tag == _ODS_TABLE:
            if event == "start":
                depth += 1
                if depth == 1:
                    book.start(element.get(TB + "name", f"Feuille {len(book.pages) + 1}"))
                    number = 1
            else:
                depth -= 1
                if depth == 0:
                    book.end()
                    element.clear()
        elif event == "end" and depth == 1:
            number = _ods_row(element, book, number)
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]  # rows already read: memory stays flat


def read_ods(name: str, data: bytes) -> Document:
    book = _Workbook(name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if odf_encrypted(archive):
                raise encrypted(name, "Le classeur")
            current().check_archive(name, archive)
            with archive.open("content.xml") as stream:
                _ods_sheets(stream, book)
    except ReadError:
        raise
    except (*DAMAGED_ZIP, KeyError, lxml.etree.LxmlError) as err:
        raise corrupt(name, "Le classeur OpenDocument") from err
    return new_document(name, data, "ods", book.pages, paginated=True)


# --- CSV --------------------------------------------------------------------------------------

_CSV_FIELD = 1_000_000  # one cell of a BPU is a line of text, never a megabyte: beyond, the file is damaged
_CSV_SAMPLE_LINES = 50  # the separator is guessed from the first lines


def read_csv(name: str, data: bytes) -> Document:
    """A CSV export (a BPU, a DQE, a price schedule) as one sheet: a line per row, cells joined
    by " | " like a workbook's."""
    text = decode_text(data)
    book = _Workbook(name)
    book.start(PurePosixPath(name.replace("\\", "/")).stem)
    # the module's limit is process-wide (decp raises it too): only ever raised, the cap checked here
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD))
    separator = csv_separator(list(itertools.islice(io.StringIO(text), _CSV_SAMPLE_LINES)))
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=separator), start=1):
            if any(len(cell) > _CSV_FIELD for cell in row):
                raise csv.Error("field larger than _CSV_FIELD")
            book.row(number, {i: _cell_text(cell) for i, cell in enumerate(row) if cell.strip()})
    except csv.Error as err:
        raise corrupt(name, "Le fichier CSV") from err
    book.end()
    return new_document(name, data, "csv", book.pages, paginated=True)

