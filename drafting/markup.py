"""A copy of the DCE's own CCAP or RC (DOCX) with the proposed articles inserted where they
belong and marked as proposals: Word tracked insertions (w:ins), which the buyer accepts or
rejects one by one in Word or LibreOffice.

Only word/document.xml changes, and only by the inserted paragraphs: every other part of the
package is copied byte for byte, every original paragraph stays as it was. The articles go after
the execution-conditions article (CCAP) or the award-criteria article (RC); when the document
has no such article, at its end."""
from __future__ import annotations

import copy
import io
import re
import zipfile
from datetime import UTC, datetime

from lxml import etree

from drafting.render import paragraphs
from tenders.dce import entry_name
from text import fold

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
AUTHOR = "Achat public solidaire (proposition)"
MAIN_PART = "word/document.xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# Where the proposals go, by document kind: the heading of the article they follow.
ANCHORS = {
    "CCAP": re.compile(r"conditions? (?:particulieres? )?d.?execution|clauses? (?:sociales?|environnementales?)"
                       r"|insertion professionnelle"),
    "RC": re.compile(r"criteres? (?:d.?attribution|de jugement|de choix|de selection des offres)|jugement des offres"
                     r"|attribution du marche|analyse des offres"),
}
_ARTICLE = re.compile(r"^\s*(?:article|art\.)\s*\d+")
_HEADING_STYLE = re.compile(r"(?:heading|titre)\s*(\d)", re.IGNORECASE)


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(_w("t")))


def _style(p) -> str | None:
    style = p.find(f"{_w('pPr')}/{_w('pStyle')}")
    return style.get(_w("val")) if style is not None else None


def _level(p, style_names: dict[str, str]) -> int | None:
    """Heading level of a paragraph (1 = top), or None for body text."""
    ppr = p.find(_w("pPr"))
    if ppr is not None and (outline := ppr.find(_w("outlineLvl"))) is not None:
        return int(outline.get(_w("val"), "0")) + 1
    style = _style(p)
    if style is not None:
        m = _HEADING_STYLE.search(style) or _HEADING_STYLE.search(style_names.get(style, ""))
        if m:
            return int(m.group(1))
    text = _text(p)
    return 1 if len(text) <= 150 and _ARTICLE.match(fold(text)) else None  # "Article 5 - Paiement"


def _style_names(package: zipfile.ZipFile) -> dict[str, str]:
    """Style id -> style name (a French Word calls "Heading 1" "Titre 1", with id "Titre1")."""
    try:
        root = etree.fromstring(package.read("word/styles.xml"), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return {}
    names = {}
    for style in root.iter(_w("style")):
        name = style.find(_w("name"))
        if name is not None:
            names[style.get(_w("styleId"), "")] = name.get(_w("val"), "")
    return names


def anchor_position(body, kind: str, style_names: dict[str, str]) -> tuple[int, bool]:
    """Index in body where the proposals go, and whether the anchor article was found."""
    children = list(body)
    pattern = ANCHORS.get(kind, ANCHORS["CCAP"])
    end = len(children) - (1 if children and children[-1].tag == _w("sectPr") else 0)
    for i, child in enumerate(children[:end]):
        if child.tag != _w("p"):
            continue
        level = _level(child, style_names)
        if level is None or not pattern.search(fold(_text(child))):
            continue
        for j in range(i + 1, end):
            nxt = children[j]
            if nxt.tag == _w("p") and (other := _level(nxt, style_names)) is not None and other <= level:
                return j, True
        return end, True
    return end, False


class _Revisions:
    def __init__(self, root) -> None:
        ids = [int(v) for el in root.iter() for k, v in el.attrib.items() if k == _w("id") and v.isdigit()]
        self.next = max(ids, default=0) + 1
        self.date = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")

    def mark(self, tag: str):
        element = etree.Element(_w(tag))
        element.set(_w("id"), str(self.next))
        element.set(_w("author"), AUTHOR)
        element.set(_w("date"), self.date)
        self.next += 1
        return element


def _paragraph(text: str, style: str | None, revisions: _Revisions, bold: bool = False):
    p = etree.Element(_w("p"))
    ppr = etree.SubElement(p, _w("pPr"))
    if style:
        etree.SubElement(ppr, _w("pStyle")).set(_w("val"), style)
    etree.SubElement(ppr, _w("rPr")).append(revisions.mark("ins"))  # the paragraph mark is inserted too
    ins = revisions.mark("ins")
    run = etree.SubElement(ins, _w("r"))
    if bold:
        etree.SubElement(etree.SubElement(run, _w("rPr")), _w("b"))
    t = etree.SubElement(run, _w("t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    p.append(ins)
    return p


def _body_style(children, start: int, style_names: dict[str, str]) -> str | None:
    for child in children[start:start + 12]:
        if child.tag == _w("p") and _level(child, style_names) is None and _text(child).strip():
            return _style(child)
    return None


def proposed_blocks(levers: list[dict], kind: str) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) of each proposed article for a document kind (RC or CCAP)."""
    field = "rc_text" if kind == "RC" else "ccap_text"
    return [(f"Article proposé — {lever['title']}", paragraphs(lever[field])) for lever in levers if lever.get(field)]


def mark_up(data: bytes, kind: str, levers: list[dict]) -> bytes:
    """The DOCX with the proposals inserted as tracked changes; kind is "CCAP" or "RC"."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read(MAIN_PART), _PARSER)
        style_names = _style_names(package)
        body = root.find(_w("body"))
        position, found = anchor_position(body, kind, style_names)
        children = list(body)
        anchor_heading = next((c for c in reversed(children[:position]) if c.tag == _w("p")
                               and _level(c, style_names) is not None), None)
        heading_style = _style(anchor_heading) if anchor_heading is not None else None
        text_style = _body_style(children, 0 if anchor_heading is None else children.index(anchor_heading) + 1,
                                 style_names)
        revisions = _Revisions(root)
        intro = ("Propositions de l'outil Achat public solidaire : articles à insérer"
                 + ("" if found else " (placez-les à l'endroit voulu)") + ".")
        new = [_paragraph(intro, text_style, revisions, bold=True)]
        for heading, paras in proposed_blocks(levers, kind):
            new.append(_paragraph(heading, heading_style, revisions, bold=heading_style is None))
            for para in paras:
                new.append(_paragraph("– " + para[2:] if para.startswith("- ") else para, text_style, revisions))
        for offset, element in enumerate(new):
            body.insert(position + offset, element)
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as copy_to:
            for info in package.infolist():
                content = xml if info.filename == MAIN_PART else package.read(info.filename)
                copy_to.writestr(copy.copy(info), content)
    return out.getvalue()


def marked_name(name: str) -> str:
    """CCAP.docx -> CCAP-propositions.docx (the file name only)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base[:-5] if base.lower().endswith(".docx") else base
    return f"{stem}-propositions.docx"


def markable(report: dict) -> list[tuple[str, str]]:
    """(document name, kind) of the DCE's DOCX CCAP and RC, CCAP first."""
    docs = [(d["name"], d.get("kind")) for d in report["tender"].get("documents") or []
            if d.get("format") == "docx" and d.get("kind") in ("CCAP", "RC")]
    return sorted(docs, key=lambda d: d[1] != "CCAP")


MAX_ENTRY_BYTES = 50 * 1024 * 1024


def original_docx(files: list[tuple[str, bytes | None]], name: str, opener=None) -> bytes | None:
    """The bytes of document `name`: a file of the tender, or an entry of one of its ZIP files.
    `opener(file_name)` gives a file's bytes when `files` holds names only (None in place of bytes)."""
    def data_of(file_name: str, data: bytes | None) -> bytes | None:
        return data if data is not None else (opener(file_name) if opener else None)

    for file_name, data in files:
        if file_name == name:
            return data_of(file_name, data)
    for file_name, data in files:
        if not file_name.lower().endswith(".zip"):
            continue
        content = data_of(file_name, data)
        try:
            with zipfile.ZipFile(io.BytesIO(content or b"")) as archive:
                for info in archive.infolist():
                    if entry_name(info) == name and info.file_size <= MAX_ENTRY_BYTES:
                        return archive.read(info)
        except zipfile.BadZipFile:
            continue
    return None
