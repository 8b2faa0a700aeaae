"""The documents page, one document and one view at a time: a PDF page, or a part of a long
flowing text (DOCX, ODT, HTML, text: stored as one page), cut between paragraphs and never
inside a passage. Pure functions over the stored pages and the report."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from markupsafe import Markup

from web.highlight import Span, mark_up, spans_for_page

PART_CHARS = 8000  # a flowing text longer than this is shown in parts


@dataclass
class View:
    """One screen of a document: page `number` of the stored pages, characters [start, end)."""
    document: str
    number: int
    start: int
    end: int
    spans: list[Span] = field(default_factory=list)


@dataclass
class Shown:
    document: str
    label: str  # "page 3" or "partie 2 sur 5"
    html: Markup
    anchors: list[str]


def documents(pages: list[dict]) -> list[str]:
    """The tender's document names, in stored order."""
    return list(dict.fromkeys(page["document"] for page in pages))


def _cuts(text: str, spans: list[Span], size: int) -> list[tuple[int, int]]:
    """Parts of at most about `size` characters, cut at a paragraph (else a line) break that no
    span crosses."""
    if len(text) <= size:
        return [(0, len(text))]
    parts, start = [], 0
    while len(text) - start > size:
        cut = None
        for sep in ("\n\n", "\n"):
            at = text.find(sep, start + size // 2)
            while at >= 0 and any(s.start < at < s.end for s in spans):
                at = text.find(sep, at + 1)
            if 0 <= at < start + 2 * size:
                cut = at + len(sep)
                break
        if cut is None or cut >= len(text):
            break
        parts.append((start, cut))
        start = cut
    parts.append((start, len(text)))
    return parts


def views(pages: list[dict], report: dict, document: str, category: str = "") -> list[View]:
    """The screens of one document, with the passages of each."""
    clauses = report.get("clauses", [])
    findings = report.get("accessibility", {}).get("findings", [])
    out = []
    for page in pages:
        if page["document"] != document:
            continue
        spans = spans_for_page(document, page["number"], page["text"], clauses, findings, category)
        for start, end in _cuts(page["text"], spans, PART_CHARS):
            out.append(View(document, page["number"], start, end,
                            [s for s in spans if s.start < end and s.end > start]))
    return out


def paginated(report: dict, document: str) -> bool:
    doc = next((d for d in report.get("tender", {}).get("documents", []) if d["name"] == document), None)
    return bool(doc and doc.get("pages"))


def show(view: View, text: str, position: int, total: int, paged: bool, last_page: int = 0) -> Shown:
    if paged:
        label = f"page {view.number} sur {last_page}" if last_page > 1 else f"page {view.number}"
    else:
        label = f"partie {position} sur {total}" if total > 1 else "texte intégral"
    return Shown(view.document, label, mark_up(text[view.start:view.end], view.spans, view.start),
                 [s.anchor for s in view.spans])


def address(document_index: int, position: int, category: str = "") -> str:
    """The query string of a view: ?doc=2&page=3 (one-based)."""
    args = {"doc": document_index, "page": position}
    if category:
        args["category"] = category
    return "?" + urlencode(args)


def locate(pages: list[dict], report: dict) -> dict[str, str]:
    """anchor -> the query string of the view it is on: the report links only to passages found."""
    where: dict[str, str] = {}
    for index, name in enumerate(documents(pages), 1):
        for position, view in enumerate(views(pages, report, name), 1):
            for span in view.spans:
                where.setdefault(span.anchor, address(index, position))
    return where


def pager(position: int, total: int, around: int = 2) -> list[tuple[str, int | None]]:
    """(label, position) entries of a windowed page navigation; position None for a gap."""
    if total <= 1:
        return []
    shown = sorted({1, total, *range(max(1, position - around), min(total, position + around) + 1)})
    out: list[tuple[str, int | None]] = []
    previous = 0
    for n in shown:
        if previous and n > previous + 1:
            out.append(("…", None))
        out.append((str(n), n))
        previous = n
    return out
