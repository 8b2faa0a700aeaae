"""HTML pages (notices saved from a buyer profile, exported documents)."""
from __future__ import annotations

import re

import lxml.etree
import lxml.html

from tenders.errors import CorruptFile
from tenders.model import Document, Page
from tenders.text import decode_text, new_document, normalise_text

# Content that is never text for a reader.
_DROPPED = {"script", "style", "noscript", "template", "nav", "svg", "iframe", "object", "head", "button", "select"}
_BLOCKS = {
    "p", "div", "section", "article", "main", "aside", "header", "footer", "form", "fieldset",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
    "address", "figure", "figcaption", "caption", "hr", "table", "thead", "tbody", "tfoot",
    "legend", "details", "summary", "center", "body", "html",
}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def decode_html(data: bytes) -> str:
    """Use the charset the page declares, else UTF-8, else Windows-1252."""
    declared = _CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:  # unknown charset name: fall back to guessing
            pass
    return decode_text(data)


def _inline_text(element: lxml.html.HtmlElement) -> str:
    """All text of an element on one line (used for table cells)."""
    parts: list[str] = []

    def collect(node: lxml.html.HtmlElement) -> None:
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str) and child.tag not in _DROPPED:
                collect(child)
                if child.tag in ("br", "p", "div", "li", "td", "th"):
                    parts.append(" ")
            parts.append(child.tail or "")

    collect(element)
    return _SPACES.sub(" ", "".join(parts)).strip()


class _Writer:
    """Collects text; blocks start on a new line."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def text(self, value: str | None, pre: bool = False) -> None:
        if value:
            self.parts.append(value if pre else _SPACES.sub(" ", value))

    def newline(self) -> None:
        self.parts.append("\n")

    def result(self) -> str:
        lines = (line.strip() for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


def _row_cells(row: lxml.html.HtmlElement) -> list[str]:
    return [_inline_text(cell) for cell in row if isinstance(cell.tag, str) and cell.tag in ("td", "th")]


def _walk(element: lxml.html.HtmlElement, out: _Writer, pre: bool = False) -> None:
    tag = element.tag if isinstance(element.tag, str) else None
    if tag is None or tag in _DROPPED:  # comments, processing instructions, scripts...
        return
    if tag == "tr":
        cells = _row_cells(element)
        if any(cells):
            out.newline()
            out.text(" | ".join(cells))
            out.newline()
        return
    if tag == "br":
        out.newline()
        return
    block = tag in _BLOCKS or tag == "li"
    if block:
        out.newline()
    if tag == "li":
        out.text("- ")
    out.text(element.text, pre or tag == "pre")
    for child in element:
        _walk(child, out, pre or tag == "pre")
        out.text(child.tail, pre or tag == "pre")
    if block:
        out.newline()


def html_to_text(text: str) -> str:
    text = _XML_DECLARATION.sub("", text)  # lxml refuses a str that declares an encoding
    if not text.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as err:
        raise ValueError(str(err)) from err
    out = _Writer()
    title = root.findtext(".//title")
    if title and title.strip():
        out.text(title)
        out.newline()
    _walk(root, out)
    return out.result()


def read_html(name: str, data: bytes) -> Document:
    try:
        text = html_to_text(decode_html(data))
    except ValueError as err:
        raise CorruptFile(f"La page HTML « {name} » n'a pas pu être lue : elle semble endommagée.") from err
    return new_document(name, data, "html", [Page(number=1, text=normalise_text(text))])
