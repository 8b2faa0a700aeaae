"""Word processor files: DOCX (its XML parts walked with lxml, the package opened by
python-docx) and ODT (content.xml, and styles.xml for headers and footers, read with lxml).

A DOCX body is read in reading order: paragraphs (their runs, fields' results, inline content
controls, tracked insertions), tables as "cell | cell" rows (a merged cell written once, nested
tables after the row that holds them), block content controls, and the text boxes anchored in a
paragraph after it. Headers and footers are stored once in a DOCX, whatever the page count: they
are read once, after the body, as a last page that starts with FURNITURE_TITLE and whose
Page.skip covers it whole, so that the analysis tells them from the body (`is_furniture`) and
never takes them as evidence. Macro-enabled files and templates (.docm, .dotx) read the same.
"""
from __future__ import annotations

import io
import zipfile

import lxml.etree
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.package import Package

from tenders.budget import current
from tenders.errors import DAMAGED_ZIP, CorruptFile, EncryptedFile, ReadError
from tenders.model import Document, Page
from tenders.text import new_document, normalise_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
FURNITURE_TITLE = "[En-têtes et pieds de page du document]"


def corrupt(name: str, what: str) -> CorruptFile:
    """`what` names the file: "Le document Word", "Le classeur Excel"..."""
    return CorruptFile(
        f"{what} « {name} » n'a pas pu être lu : il semble endommagé ou incomplet. "
        "Ouvrez-le puis réenregistrez-le, ou déposez-en une version PDF."
    )


def encrypted(name: str, what: str = "Le document") -> EncryptedFile:
    return EncryptedFile(f"{what} « {name} » est protégé par un mot de passe : retirez la protection puis réessayez.")


def _row_line(cells: list[str]) -> str:
    return " | ".join(cells) if any(cells) else ""


# --- DOCX -------------------------------------------------------------------------------

# Elements whose text is not the document's: deleted runs, field codes, the fallback copy of a
# drawing (mc:Fallback repeats mc:Choice), a content control's properties, footnote marks.
_DOCX_SKIPPED = {W + "del", W + "instrText", W + "delInstrText", MC + "Fallback", W + "sdtPr", W + "rPr", W + "pPr",
                 W + "moveFrom"}
_DOCX_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins", W + "moveTo"}
_HEADING_STYLES = ("heading", "titre", "title")


def _is_furniture_text(text: str) -> bool:
    return text.startswith(FURNITURE_TITLE)


def is_furniture(document: Document, page: Page) -> bool:
    """Whether `page` holds a DOCX's or an ODT's headers and footers (its last page):
    page furniture, never evidence for a clause."""
    return (document.format in ("docx", "odt") and bool(document.pages) and page is document.pages[-1]
            and len(document.pages) > 1 and _is_furniture_text(page.text))


class _Docx:
    """One DOCX being read: its paragraph style names, and the lines of its text boxes."""

    def __init__(self, styles: dict[str, str]) -> None:
        self.styles = styles

    def inline(self, element, boxes: list) -> str:
        """Text of a paragraph's runs; text boxes met on the way are appended to `boxes`."""
        parts: list[str] = []
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _DOCX_SKIPPED:
                continue
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "tab":
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "txbxContent":
                boxes.append(child)
            else:
                parts.append(self.inline(child, boxes))  # runs, hyperlinks, fields, drawings...
        return "".join(parts)

    def paragraph(self, element, marks: bool = True) -> list[str]:
        boxes: list = []
        text = self.inline(element, boxes).strip()
        lines: list[str] = []
        if text:
            ppr = element.find(W + "pPr")
            style_id = ppr.find(W + "pStyle") if ppr is not None else None
            style = self.styles.get(style_id.get(W + "val", ""), "") if style_id is not None else ""
            numbered = ppr is not None and ppr.find(W + "numPr") is not None
            # Numbered paragraphs that are not headings are list items: mark them as such.
            heading = style.lower().startswith(_HEADING_STYLES)
            lines.append(f"- {text}" if marks and numbered and not heading else text)
        for box in boxes:  # a text box's own paragraphs and tables, after its anchor
            lines.extend(self.blocks(box, marks))
        return lines

    def blocks(self, container, marks: bool = True) -> list[str]:
        """Lines of a body, a cell, a header or a text box, in reading order; `marks`: list items
        start with "- " (not inside a table cell, written on one line)."""
        lines: list[str] = []
        for child in container:
            tag = child.tag
            if tag == W + "p":
                lines.extend(self.paragraph(child, marks))
            elif tag == W + "tbl":
                lines.extend(self.table(child))
            elif tag in _DOCX_WRAPPERS:  # content controls wrap cover pages and tables of contents
                lines.extend(self.blocks(child, marks))
        return lines

    def _children(self, element, tag: str):
        """`tag` children, through content controls and custom XML wrappers."""
        for child in element:
            if child.tag == tag:
                yield child
            elif child.tag in _DOCX_WRAPPERS:
                yield from self._children(child, tag)

    def table(self, table) -> list[str]:
        lines: list[str] = []
        for row in self._children(table, W + "tr"):
            cells: list[str] = []
            nested: list[str] = []
            for cell in self._children(row, W + "tc"):
                merge = cell.find(f"{W}tcPr/{W}vMerge")
                if merge is not None and merge.get(W + "val", "continue") == "continue":
                    cells.append("")  # the lower part of a vertically merged cell: written once, above
                    continue
                texts: list[str] = []
                for child in cell:
                    if child.tag == W + "tbl":
                        nested.extend(self.table(child))
                    elif isinstance(child.tag, str) and child.tag != W + "tcPr":
                        texts.extend(line.strip() for line in self.blocks([child], marks=False) if line.strip())
                cells.append(" ".join(texts))
            line = _row_line(cells)
            if line:
                lines.append(line)
            lines.extend(nested)
        return lines


def _style_names(main) -> dict[str, str]:
    try:
        styles = main.part_related_by(RT.STYLES)
    except KeyError:
        return {}
    root = _xml(styles)
    names: dict[str, str] = {}
    for style in root.iter(W + "style"):
        name = style.find(W + "name")
        names[style.get(W + "styleId", "")] = name.get(W + "val", "") if name is not None else ""
    return names


_PARSER = lxml.etree.XMLParser(resolve_entities=False, no_network=True)


def _xml(part):
    """A part's root element: python-docx parsed the parts it knows; others are parsed here."""
    element = getattr(part, "element", None)
    return element if element is not None else lxml.etree.fromstring(part.blob, _PARSER)


def _furniture_parts(main, body) -> list:
    """Header and footer parts in the order the sections name them (headers first), each once."""
    seen: set[str] = set()
    parts: list = []
    for reference in (W + "headerReference", W + "footerReference"):
        for element in body.iter(reference):
            rid = element.get(R_ID)
            if rid and rid not in seen and rid in main.rels:
                seen.add(rid)
                parts.append(main.rels[rid].target_part)
    return parts


def read_docx(name: str, data: bytes) -> Document:
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # Office wraps password-protected files in OLE
        raise encrypted(name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            current().check_archive(name, archive)  # a DOCX is a ZIP: its parts count against the budget
        main = Package.open(io.BytesIO(data)).main_document_part
        if "wordprocessingml" not in main.content_type and "ms-word" not in main.content_type:
            raise KeyError(main.content_type)
        root = _xml(main)
        body = root.find(W + "body")
        if body is None:
            raise KeyError("body")
        reader = _Docx(_style_names(main))
        lines = reader.blocks(body)
        furniture: list[str] = []
        seen: set[str] = set()
        for part in _furniture_parts(main, body):
            for line in reader.blocks(_xml(part)):
                if line not in seen:  # the same footer in every section is read once
                    seen.add(line)
                    furniture.append(line)
    except ReadError:
        raise
    except (*DAMAGED_ZIP, PackageNotFoundError, KeyError, AttributeError, RecursionError,
            lxml.etree.LxmlError) as err:
        raise corrupt(name, "Le document Word") from err
    pages = [Page(number=1, text=normalise_text("\n".join(lines)))]
    if furniture:
        text = normalise_text("\n".join([FURNITURE_TITLE, *furniture]))
        pages.append(Page(number=2, text=text, skip=[(0, len(text))]))  # no evidence (tenders.structure)
    return new_document(name, data, "docx", pages)


# --- ODT --------------------------------------------------------------------------------

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
}
T = "{%s}" % NS["text"]
TB = "{%s}" % NS["table"]
_ODT_SKIPPED_INLINE = {T + "note", T + "tracked-changes", T + "bookmark-ref"}
_MAX_REPEAT = 50  # empty trailing cells may be "repeated 1024 times" in the XML


def repeat_count(value: str) -> int:
    """A repeat count from the XML; a malformed one counts once."""
    try:
        return max(int(value), 0)
    except ValueError:
        return 1


def odf_inline_text(element) -> str:
    """Text of a paragraph or heading, with spaces, tabs and line breaks written out."""
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == T + "s":
            parts.append(" " * current().repeat(repeat_count(child.get(T + "c", "1"))))
        elif tag == T + "tab":
            parts.append("\t")
        elif tag == T + "line-break":
            parts.append("\n")
        elif tag in _ODT_SKIPPED_INLINE or not isinstance(tag, str):
            pass  # footnotes would break the sentence they sit in
        else:
            parts.append(odf_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odt_cell(cell) -> str:
    return " ".join(line.strip() for line in _odt_blocks(cell) if line.strip())


def _odt_rows(table):
    for element in table.iter(TB + "table-row"):
        # Rows of a nested table belong to the cell that holds it.
        if element.getparent() is not None and _enclosing_table(element) is table:
            yield element


def _enclosing_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != TB + "table":
        parent = parent.getparent()
    return parent


def _odt_table(table) -> list[str]:
    lines: list[str] = []
    for row in _odt_rows(table):
        cells: list[str] = []
        for cell in row:
            if cell.tag != TB + "table-cell":
                continue  # covered cells are the hidden part of a merged cell
            text = _odt_cell(cell)
            repeat = min(repeat_count(cell.get(TB + "number-columns-repeated", "1")), _MAX_REPEAT)
            cells.extend([text] * (repeat if text else 1))
        while cells and not cells[-1]:
            cells.pop()
        line = _row_line(cells)
        if line:
            lines.append(line)
    return lines


def _odt_blocks(container) -> list[str]:
    lines: list[str] = []
    for child in container:
        tag = child.tag
        if tag in (T + "p", T + "h"):
            text = odf_inline_text(child).strip()
            if text:
                lines.append(text)
        elif tag == T + "list":
            for item in child:
                item_lines = _odt_blocks(item)
                if item_lines and item.tag == T + "list-item" and not item_lines[0].startswith("- "):
                    item_lines[0] = "- " + item_lines[0]
                lines.extend(item_lines)
        elif tag == TB + "table":
            lines.extend(_odt_table(child))
        elif isinstance(tag, str) and tag.startswith(T):
            lines.extend(_odt_blocks(child))  # sections, tables of contents...
    return lines


def odf_encrypted(archive: zipfile.ZipFile) -> bool:
    """Whether an OpenDocument file (ODT, ODS) is password-protected: its manifest says so."""
    try:
        info = archive.getinfo("META-INF/manifest.xml")
    except KeyError:
        return False
    return info.file_size < 1_000_000 and b"encryption-data" in archive.read(info)


_ODT_FURNITURE = ("header", "header-left", "header-first", "footer", "footer-left", "footer-first")


def _odt_furniture(styles) -> list[str]:
    """The headers and footers of an ODT's master pages (styles.xml), each line once, headers
    first, as read_docx gives a DOCX's."""
    lines: list[str] = []
    seen: set[str] = set()
    masters = styles.findall("office:master-styles/style:master-page", NS) if styles is not None else []
    for kind in _ODT_FURNITURE:
        for master in masters:
            for part in master.findall(f"style:{kind}", NS):
                for line in _odt_blocks(part):
                    if line not in seen:
                        seen.add(line)
                        lines.append(line)
    return lines


def read_odt(name: str, data: bytes) -> Document:
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if odf_encrypted(archive):
                raise encrypted(name)
            current().check_archive(name, archive)
            content = archive.read("content.xml")
            styles_xml = archive.read("styles.xml") if "styles.xml" in archive.namelist() else None
        root = lxml.etree.fromstring(content, parser)
        styles = lxml.etree.fromstring(styles_xml, parser) if styles_xml else None
    except (*DAMAGED_ZIP, KeyError, lxml.etree.LxmlError) as err:
        raise corrupt(name, "Le document OpenDocument") from err
    body = root.find("office:body/office:text", NS)
    lines = _odt_blocks(body) if body is not None else []
    pages = [Page(number=1, text=normalise_text("\n".join(lines)))]
    furniture = _odt_furniture(styles)
    if furniture:
        text = normalise_text("\n".join([FURNITURE_TITLE, *furniture]))
        pages.append(Page(number=2, text=text, skip=[(0, len(text))]))  # no evidence, as a DOCX's
    return new_document(name, data, "odt", pages)
