"""PDF documents, read with pdfplumber (positions are needed for tables, headers and footers).

What a user reads in a PDF viewer is not what the text layer holds: lines are cut at the
margin, words are hyphenated, every page repeats the same header and footer, and table cells
come out as loose words. This module puts paragraphs back together, drops the running
headers and footers, and writes tables as "cell | cell" rows where they stand on the page.
"""
from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from tenders.errors import CorruptFile, EncryptedFile, TooLarge
from tenders.model import Document, Page
from tenders.ocr import FEW_CHARACTERS, recognise
from tenders.text import new_document

# PDFium error code for a missing or wrong password (FPDF_ERR_PASSWORD).
_PDFIUM_PASSWORD = 4
_TEXT_LINE = re.compile(r"[^\r\n]+")
_PDFIUM_HYPHEN = "\ufffe"  # PDFium's mark for a hyphen that ends a printed line
A4_HEIGHT = 841.89  # points; for a page whose own size cannot be read
MAX_PAGES = 2000  # a whole DCE rarely passes 500 pages; beyond this, one upload would hold the queue for long

MARGIN_LINES = 3  # headers and footers are found among the first and last lines of a page
MARGIN_ZONE = 0.25  # ... within this fraction of the page height from its top or bottom
PARAGRAPH_GAP = 1.35  # a line pitch this much over the usual one is a paragraph break
FULL_LINE = 0.12  # a line ending within this fraction of the text width from the margin is full

# A line ending with one of these does not continue on the next line.
_SENTENCE_END = tuple(".!?:;…")
# List items and numbered headings start a line of their own ("- ...", "2.1 Objet", "Article 4").
_LIST_ITEM = re.compile(
    r"^\s*(?:(?:[-–—•●▪■◦○□✓✔→➢➤►*·]|\d{1,2}(?:\.\d{1,2})*[.)°]|\d{1,2}(?:\.\d{1,2})+|[a-zA-Z][.)]"
    r"|[ivxIVX]{1,5}[.)])\s|(?:Article|ARTICLE|Chapitre|CHAPITRE|Titre|TITRE|Annexe|ANNEXE)\s+[\dIVX]+\b)"
)
_HYPHEN_END = re.compile(r"[^\W_]-$")  # a letter or digit, then a hyphen, at the end of a line
_SOFT_HYPHEN_END = "\u00ad"
_LEFT_WORD = re.compile(r"([^\W\d_]+)$")
_RIGHT_WORD = re.compile(r"^([^\W\d_]+)")
_VOCABULARY_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_CID = re.compile(r"\(cid:\d+\)")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})

# Words before a line-end hyphen that make a real compound ("sous-traitance", "non-respect"):
# keep the hyphen after them rather than gluing the two parts.
COMPOUND_PREFIXES = frozenset(
    """sous non auto co éco eco anti inter intra bien demi semi mi multi mini micro macro
    extra ultra post pré pre quasi contre entre après avant arrière ex néo neo pseudo socio
    médico medico technico franco haut grand petit porte garde vice ci au là peut à
    lui elle eux soi nous vous moi toi celui celle ceux celles plus moins""".split()
)
# Words after a line-end hyphen that belong to a compound ("celui-ci", "eux-mêmes").
COMPOUND_SUFFIXES = frozenset("ci là même mêmes dessus dessous delà après il ils elle elles on".split())


@dataclass
class _Line:
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    table: bool = False  # a table row, already written "cell | cell"


@dataclass
class _RawPage:
    number: int
    height: float
    lines: list[_Line]


# --- opening ------------------------------------------------------------------------------


def _encrypted(name: str) -> EncryptedFile:
    return EncryptedFile(
        f"Le fichier PDF « {name} » est protégé par un mot de passe : retirez la protection puis réessayez."
    )


def _corrupt(name: str) -> CorruptFile:
    return CorruptFile(
        f"Le fichier PDF « {name} » est endommagé ou incomplet et n'a pas pu être lu : "
        "téléchargez-le de nouveau ou demandez-en une autre copie à l'acheteur."
    )


def _check_opens(name: str, data: bytes) -> int:
    """Page count from PDFium, which tells a password apart from damage quickly and reliably."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if getattr(err, "err_code", None) == _PDFIUM_PASSWORD:
            raise _encrypted(name) from err
        raise _corrupt(name) from err
    try:
        return len(document)
    finally:
        document.close()


# --- one page -----------------------------------------------------------------------------


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_LIGATURES)).strip()


def _join_cell_lines(text: str | None) -> str:
    """A table cell's lines on one line, hyphenated words rejoined (no document vocabulary here)."""
    if not text:
        return ""
    result = ""
    for line in text.split("\n"):
        line = _clean(line)
        if not line:
            continue
        if result and _HYPHEN_END.search(result) and line[0].islower():
            left = _LEFT_WORD.search(result[:-1])
            keep = left is not None and left.group(1).lower() in COMPOUND_PREFIXES
            result = (result if keep else result[:-1]) + line
        else:
            result = f"{result} {line}" if result else line
    return result


def _real_table(rows: list[list[str | None]]) -> bool:
    """Boxes drawn around a title or an address are found as one-column tables: those stay text."""
    return any(sum(1 for cell in row if cell and cell.strip()) >= 2 for row in rows)


def _table_lines(table) -> list[_Line]:
    lines: list[_Line] = []
    rows = table.extract()
    for row, cells in zip(table.rows, rows):
        texts = [_join_cell_lines(cell) for cell in cells if cell is not None]  # None: merged cell
        while texts and not texts[-1]:
            texts.pop()
        if any(texts):
            x0, top, x1, bottom = row.bbox
            lines.append(_Line(top, bottom, x0, x1, " | ".join(texts), table=True))
    return lines


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _page_lines(page) -> list[_Line]:
    boxes: list[tuple[float, float, float, float]] = []
    lines: list[_Line] = []
    if page.rects or page.lines or page.curves:  # tables need ruling lines; skip the search otherwise
        for table in page.find_tables():
            rows = table.extract()
            if _real_table(rows):
                boxes.append(table.bbox)
                lines.extend(_table_lines(table))
    # Words inside a table are already in its rows: leave them out of the running text.
    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes)) if boxes else page
    for line in text_page.extract_text_lines(return_chars=False, strip=True):
        text = _clean(line["text"])
        if text:
            lines.append(_Line(line["top"], line["bottom"], line["x0"], line["x1"], text))
    lines.sort(key=lambda line: (round(line.top), line.x0))
    return lines


def _fallback_lines(data: bytes, index: int) -> list[_Line]:
    """Plain text from PDFium for a page pdfplumber could not lay out (no tables, no positions);
    nothing when PDFium cannot load it either."""
    document = pdfium.PdfDocument(data)
    try:
        page = document[index]
        text = page.get_textpage().get_text_range()
    except pdfium.PdfiumError:
        return []
    finally:
        document.close()
    lines = [_clean(line) for line in text.splitlines()]
    return [_Line(float(i), float(i) + 1, 0.0, 0.0, line) for i, line in enumerate(lines) if line]


def _pdfium_lines(page, height: float) -> list[_Line] | None:
    """Lines with their positions from PDFium's text layer, about fifty times faster than
    pdfplumber's layout. Positions come from the first and last character of each line (PDFium
    numbers characters as its text string does). None when that numbering cannot be trusted."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        if len(text) != textpage.count_chars():  # characters beyond the BMP shift the numbering
            return None
        lines: list[_Line] = []
        for start, end in _line_spans(text):
            piece = text[start:end]
            cleaned = _clean(piece.replace(_PDFIUM_HYPHEN, "-"))
            if not cleaned:
                continue
            first = start + len(piece) - len(piece.lstrip())
            last = end - 1 - (len(piece) - len(piece.rstrip()))
            left1, bottom1, right1, top1 = textpage.get_charbox(first, loose=True)
            left2, bottom2, right2, top2 = textpage.get_charbox(last, loose=True)
            lines.append(_Line(height - max(top1, top2), height - min(bottom1, bottom2),
                               min(left1, left2), max(right1, right2), cleaned))
    finally:
        textpage.close()
    lines.sort(key=lambda line: (round(line.top), line.x0))
    return lines


def _line_spans(text: str):
    """(start, end) of each printed line. PDFium joins a word hyphenated at the end of a line to
    its second half, marking the hyphen U+FFFE: cut there again, so that the document-wide rules
    (_page_text) decide between "environne-ment" and "sous-traitance" as for pdfplumber's lines."""
    for match in _TEXT_LINE.finditer(text):
        start = match.start()
        for cut in (m.end() for m in re.finditer(_PDFIUM_HYPHEN, match.group())):
            yield start, match.start() + cut
            start = match.start() + cut
        if start < match.end():
            yield start, match.end()


def _may_have_table(page) -> bool:
    """Whether pdfplumber's table finder could find something here: somewhere on the page, at
    least three separate vertical rulings side by side (two columns of cells). Frames around a
    title or a paragraph, however nested, have two sides only; such pages are read by PDFium."""
    edges: list[tuple[float, float, float]] = []  # (x, bottom, top) of each vertical ruling
    for obj in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_PATH], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom < 6:
            continue
        if right - left <= 2.5:
            edges.append(((left + right) / 2, bottom, top))
        elif right - left >= 10:  # a rectangle: its two sides
            edges += [(left, bottom, top), (right, bottom, top)]
        if len(edges) > 2000:
            return True  # a drawing, a form: let pdfplumber look
    for _, bottom, top in edges:
        middle = (bottom + top) / 2
        xs = sorted(x for x, low, high in edges if low <= middle <= high)
        columns = 1 + sum(1 for a, b in zip(xs, xs[1:]) if b - a > 6)  # double rules count once
        if len(xs) and columns >= 3:
            return True
    return False


def _pdfium_page(document, index: int) -> tuple[float, list[_Line] | None]:
    """(height, lines) of a page by PDFium; lines None when pdfplumber must look (a possible
    table, or a page PDFium cannot load or lay out: pdfplumber then tries, or says it failed)."""
    try:
        page = document[index]
    except pdfium.PdfiumError:
        return A4_HEIGHT, None
    try:
        height = float(page.get_height())
        return height, None if _may_have_table(page) else _pdfium_lines(page, height)
    except pdfium.PdfiumError:
        return A4_HEIGHT, None
    finally:
        page.close()


def _plumber_page_lines(plumber, data: bytes, index: int, warnings: list[str]) -> list[_Line]:
    page = None
    try:
        page = plumber.pages[index]  # pdfminer may count pages differently, or fail on the tree
        return _page_lines(page)
    except Exception:  # one broken page must not lose the others
        warnings.append(f"La page {index + 1} n'a été lue qu'en partie (mise en page illisible).")
        return _fallback_lines(data, index)
    finally:
        if page is not None:
            page.close()  # pdfplumber keeps every parsed object otherwise


def _read_pages(name: str, data: bytes, warnings: list[str]) -> list[_RawPage]:
    """Each page's lines: PDFium for running text, pdfplumber only for pages that may hold a
    table (its table finder is what PDFium lacks), opened at the first such page."""
    pages: list[_RawPage] = []
    document = pdfium.PdfDocument(data)
    plumber = None
    try:
        for index in range(len(document)):
            height, lines = _pdfium_page(document, index)
            if lines is None:
                if plumber is None:
                    try:
                        plumber = pdfplumber.open(io.BytesIO(data))
                    except Exception as err:  # pdfminer raises many unrelated types for damaged files
                        raise _corrupt(name) from err
                lines = _plumber_page_lines(plumber, data, index, warnings)
            pages.append(_RawPage(index + 1, height, lines))
    finally:
        document.close()
        if plumber is not None:
            try:
                plumber.close()
            except Exception:  # noqa: BLE001 - pdfminer may fail even to close a damaged file
                pass
    return pages


# --- across pages -------------------------------------------------------------------------


def _margin_key(text: str) -> str:
    """Page numbers change from page to page ("Page 3/12", "CCAP - 3"): compare without digits."""
    return _DIGITS.sub("#", _SPACES.sub(" ", text.lower())).strip()


def _margin_candidates(page: _RawPage) -> list[tuple[str, _Line]]:
    candidates = [("top", line) for line in page.lines[:MARGIN_LINES] if line.top < page.height * MARGIN_ZONE]
    candidates += [
        ("bottom", line) for line in page.lines[-MARGIN_LINES:] if line.bottom > page.height * (1 - MARGIN_ZONE)
    ]
    return candidates


def drop_running_lines(pages: list[_RawPage]) -> None:
    """Remove lines that recur at the top or bottom of more than half of the pages."""
    if len(pages) < 2:
        return
    counts: Counter[tuple[str, str]] = Counter()
    for page in pages:
        counts.update({(zone, _margin_key(line.text)) for zone, line in _margin_candidates(page)})
    threshold = max(2, len(pages) // 2 + 1)
    for page in pages:
        running = {
            id(line) for zone, line in _margin_candidates(page) if counts[(zone, _margin_key(line.text))] >= threshold
        }
        page.lines = [line for line in page.lines if id(line) not in running]


def _vocabulary(pages: list[_RawPage]) -> set[str]:
    """Words of the document as printed, to tell "environne-ment" from "sous-traitance"."""
    words: set[str] = set()
    for page in pages:
        for line in page.lines:
            words.update(word.lower() for word in _VOCABULARY_WORD.findall(line.text))
    return words


def _keep_hyphen(before: str, after: str, vocabulary: set[str]) -> bool:
    """Whether a hyphen at the end of a line belongs to the word ("sous-traitance") or only
    marks a cut word ("environne-mentale")."""
    if not after[:1].isalpha() or after[:1].isupper():  # "R.2123-8", "Courts-Circuits"
        return True
    token = before.split()[-1] if before.split() else before
    if "://" in token or "www." in token or "@" in token:  # addresses keep their hyphens
        return True
    left = _LEFT_WORD.search(before[:-1])
    right = _RIGHT_WORD.search(after)
    if not left or not right:
        return True
    left_word, right_word = left.group(1).lower(), right.group(1).lower()
    joined, hyphenated = left_word + right_word, f"{left_word}-{right_word}"
    if hyphenated in vocabulary:
        return True
    if joined in vocabulary:
        return False
    return left_word in COMPOUND_PREFIXES or right_word in COMPOUND_SUFFIXES


def _join(previous: str, line: str, previous_full: bool, vocabulary: set[str]) -> str | None:
    """`previous` and `line` as one line when `line` continues it, else None."""
    if previous.endswith(_SOFT_HYPHEN_END):
        return previous[:-1] + line
    if _HYPHEN_END.search(previous) and not previous.endswith("--") and line[:1].isalnum():
        return (previous if _keep_hyphen(previous, line, vocabulary) else previous[:-1]) + line
    if _LIST_ITEM.match(line) or previous.endswith(_SENTENCE_END):
        return None
    first = line[:1]
    starts_lower = first.islower() or (first in "(«\"'" and line[1:2].islower())
    if starts_lower or (previous_full and (first.isalnum() or first in "(«\"'")):
        return f"{previous} {line}"
    return None


def _typical_pitch(pages: list[_RawPage]) -> float:
    """Usual distance between the tops of two lines of a paragraph."""
    text_lines = [line for page in pages for line in page.lines if not line.table]
    if not text_lines:
        return 14.0
    height = statistics.median(line.bottom - line.top for line in text_lines)
    pitches = [
        b.top - a.top
        for page in pages
        for a, b in zip(page.lines, page.lines[1:])
        if not a.table and not b.table and 0 < b.top - a.top < 4 * max(a.bottom - a.top, 1)
    ]
    if len(pitches) < 5:  # too few lines to trust: assume single spacing
        return min(pitches + [1.5 * max(height, 1.0)])
    return statistics.median(pitches)


def _right_margin(pages: list[_RawPage]) -> tuple[float, float]:
    """Left and right edges of the body text (most lines start at the left one; long ones reach the right)."""
    text_lines = [line for page in pages for line in page.lines if not line.table and line.x1 > line.x0]
    if not text_lines:
        return 0.0, 0.0
    rights = sorted(line.x1 for line in text_lines)
    lefts = sorted(line.x0 for line in text_lines)
    return lefts[len(lefts) // 10], rights[(len(rights) * 95) // 100]


def _page_text(page: _RawPage, pitch: float, edges: tuple[float, float], vocabulary: set[str]) -> str:
    left_edge, right_edge = edges
    full_from = right_edge - FULL_LINE * max(right_edge - left_edge, 1.0)
    out: list[str] = []
    previous: _Line | None = None
    for line in page.lines:
        if previous is not None:
            gap = line.top - previous.top > PARAGRAPH_GAP * pitch and not (line.table and previous.table)
            if gap or line.table != previous.table:
                if out and out[-1]:
                    out.append("")  # blank line: paragraph break
            elif not line.table and out and out[-1]:
                joined = _join(out[-1], line.text, previous.x1 >= full_from, vocabulary)
                if joined is not None:
                    out[-1] = joined
                    previous = line
                    continue
        out.append(line.text)
        previous = line
    return "\n".join(out).strip()


def _scan_warning(name: str, empty: list[int], total: int, why: str) -> str:
    if len(empty) == total:
        return f"Le PDF « {name} » ne contient aucun texte : document scanné ? Il n'a pas pu être lu : {why}."
    numbers = ", ".join(str(n) for n in empty)
    label = "Page" if len(empty) == 1 else "Pages"
    return f"{label} {numbers} sans texte : document scanné ? Ces pages n'ont pas pu être lues : {why}."


def check_pdf(name: str, data: bytes) -> int:
    """Page count of a PDF that opens, is not password-protected and is not absurdly long."""
    pages = _check_opens(name, data)
    if pages > MAX_PAGES:
        raise TooLarge(f"Le fichier PDF « {name} » compte {pages} pages (au plus {MAX_PAGES}) : "
                       "déposez les pièces utiles séparément.")
    return pages


def read_pdf(name: str, data: bytes) -> Document:
    """A PDF as pages of clean text (page numbers as in a viewer, 1-based)."""
    check_pdf(name, data)
    warnings: list[str] = []
    raw_pages = _read_pages(name, data, warnings)
    # Pages without a text layer (scans) go through OCR (tenders.ocr); the others never do.
    chars = {raw.number: sum(len(line.text) for line in raw.lines) for raw in raw_pages}
    scans = recognise(data, {number: n for number, n in chars.items() if n < FEW_CHARACTERS})
    for raw in raw_pages:
        raw.lines = [_Line(*line) for line in scans.lines[raw.number]] if raw.number in scans.lines else raw.lines
        raw.height = scans.heights.get(raw.number, raw.height)  # a page read turned a quarter
    warnings.extend(scans.warnings)
    drop_running_lines(raw_pages)
    vocabulary = _vocabulary(raw_pages)
    pitch = _typical_pitch(raw_pages)
    edges = _right_margin(raw_pages)
    pages: list[Page] = []
    unreadable_font: list[int] = []
    for raw in raw_pages:
        text = _page_text(raw, pitch, edges, vocabulary)
        if _CID.search(text):  # glyphs without a Unicode mapping: the font cannot be read
            unreadable_font.append(raw.number)
            text = _CID.sub("", text)
        pages.append(Page(number=raw.number, text=text))
    empty = [page.number for page in pages if not page.text.strip()]
    if empty:
        warnings.append(_scan_warning(name, empty, len(pages), scans.why_empty(empty)))
    if unreadable_font:
        numbers = ", ".join(str(n) for n in unreadable_font)
        warnings.append(f"Certains caractères des pages {numbers} sont illisibles (police sans correspondance Unicode).")
    document = new_document(name, data, "pdf", pages, warnings=warnings, paginated=True)
    document.ocr = bool(scans.lines)
    return document
