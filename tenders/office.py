"""Word processor files: DOCX (python-docx) and ODT (content.xml read with lxml)."""
from __future__ import annotations

import io
import zipfile

import docx
import lxml.etree
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from tenders.budget import current
from tenders.errors import DAMAGED_ZIP, CorruptFile, EncryptedFile
from tenders.model import Document, Page
from tenders.text import new_document, normalise_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _corrupt(name: str, kind: str) -> CorruptFile:
    return CorruptFile(
        f"Le document {kind} « {name} » n'a pas pu être lu : il semble endommagé ou incomplet. "
        "Ouvrez-le puis réenregistrez-le, ou déposez-en une version PDF."
    )


def _encrypted(name: str) -> EncryptedFile:
    return EncryptedFile(
        f"Le document « {name} » est protégé par un mot de passe : retirez la protection puis réessayez."
    )


def _row_line(cells: list[str]) -> str:
    return " | ".join(cells) if any(cells) else ""


# --- DOCX -------------------------------------------------------------------------------


def _docx_paragraph(element, parent) -> str:
    paragraph = Paragraph(element, parent)
    text = paragraph.text.strip()
    if not text:
        return ""
    style = (paragraph.style.name or "") if paragraph.style is not None else ""
    numbered = element.pPr is not None and element.pPr.numPr is not None
    # Numbered paragraphs that are not headings are list items: mark them as such.
    if numbered and not style.lower().startswith(("heading", "titre", "title")):
        return f"- {text}"
    return text


def _docx_table(table: Table) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        nested: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
            for inner in cell.tables:
                nested.extend(_docx_table(inner))
        line = _row_line(cells)
        if line:
            lines.append(line)
        lines.extend(nested)
    return lines


def _docx_block(element, parent) -> list[str]:
    """Lines of one body element, in reading order (paragraphs, tables, content controls)."""
    if element.tag == W + "p":
        text = _docx_paragraph(element, parent)
        return [text] if text else []
    if element.tag == W + "tbl":
        return _docx_table(Table(element, parent))
    if element.tag == W + "sdt":  # content controls wrap cover pages and tables of contents
        content = element.find(W + "sdtContent")
        lines: list[str] = []
        for child in content if content is not None else []:
            lines.extend(_docx_block(child, parent))
        return lines
    return []


def read_docx(name: str, data: bytes) -> Document:
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # Office wraps password-protected files in OLE
        raise _encrypted(name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            current().check_archive(name, archive)  # a DOCX is a ZIP: its parts count against the budget
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        lines: list[str] = []
        for child in body.iterchildren():
            lines.extend(_docx_block(child, document._body))
    except (*DAMAGED_ZIP, PackageNotFoundError, KeyError, lxml.etree.LxmlError) as err:
        raise _corrupt(name, "Word") from err
    text = normalise_text("\n".join(lines))
    return new_document(name, data, "docx", [Page(number=1, text=text)])


# --- ODT --------------------------------------------------------------------------------

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
T = "{%s}" % NS["text"]
TB = "{%s}" % NS["table"]
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_ODT_SKIPPED_INLINE = {T + "note", T + "tracked-changes", T + "bookmark-ref"}
_MAX_REPEAT = 50  # empty trailing cells may be "repeated 1024 times" in the XML


def _count(value: str) -> int:
    """A repeat count from the XML; a malformed one counts once."""
    try:
        return max(int(value), 0)
    except ValueError:
        return 1


def _odt_inline(element) -> str:
    """Text of a paragraph or heading, with spaces, tabs and line breaks written out."""
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == T + "s":
            parts.append(" " * current().repeat(_count(child.get(T + "c", "1"))))
        elif tag == T + "tab":
            parts.append("\t")
        elif tag == T + "line-break":
            parts.append("\n")
        elif tag in _ODT_SKIPPED_INLINE or not isinstance(tag, str):
            pass  # footnotes would break the sentence they sit in
        else:
            parts.append(_odt_inline(child))
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
            repeat = min(_count(cell.get(TB + "number-columns-repeated", "1")), _MAX_REPEAT)
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
            text = _odt_inline(child).strip()
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


def _odt_encrypted(archive: zipfile.ZipFile) -> bool:
    try:
        manifest = archive.read("META-INF/manifest.xml")
    except KeyError:
        return False
    return b"encryption-data" in manifest


def read_odt(name: str, data: bytes) -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if _odt_encrypted(archive):
                raise _encrypted(name)
            current().check_archive(name, archive)
            content = archive.read("content.xml")
        parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        root = lxml.etree.fromstring(content, parser)
    except (*DAMAGED_ZIP, KeyError, lxml.etree.LxmlError) as err:
        raise _corrupt(name, "OpenDocument") from err
    body = root.find("office:body/office:text", NS)
    lines = _odt_blocks(body) if body is not None else []
    text = normalise_text("\n".join(lines))
    return new_document(name, data, "odt", [Page(number=1, text=text)])
