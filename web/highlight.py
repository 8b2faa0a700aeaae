"""The documents of a tender, page by page, with flagged passages marked up.

Pure functions: stored pages and report items in, HTML-safe segments out. Clause offsets are
page-relative (spaCy keeps the page text verbatim); accessibility evidence has no offsets, so it is
looked up in the page text, tolerant of line breaks and a trailing ellipsis.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass
class Span:
    start: int
    end: int
    anchor: str  # "clause-3", "finding-1": the id a link jumps to
    css: str  # "cat-insertion_clause" or "finding-barrier"


@dataclass
class ShownPage:
    document: str
    number: int
    html: Markup
    anchors: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return page_anchor(self.document, self.number)


def page_anchor(document: str, number: int | None) -> str:
    return "p-" + re.sub(r"[^A-Za-z0-9]+", "-", document).strip("-") + f"-{number or 1}"


def find_passage(text: str, passage: str) -> tuple[int, int] | None:
    """Where `passage` sits in `text`, whatever the whitespace; None when it is not there."""
    passage = passage.strip().rstrip("…").rstrip(".").strip()
    if not passage:
        return None
    at = text.find(passage)
    if at >= 0:
        return at, at + len(passage)
    words = passage.split()[:40]
    pattern = r"\s+".join(re.escape(w) for w in words)
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None


def spans_for_page(document: str, number: int, text: str, clauses: list[dict], findings: list[dict],
                   category: str = "") -> list[Span]:
    spans = []
    for index, clause in enumerate(clauses):
        if clause["document"] != document or (clause.get("page") or 1) != number:
            continue
        if category and clause["category"] != category:
            continue
        start, end = clause.get("start"), clause.get("end")
        if start is None or text[start:end] != clause["text"]:
            found = find_passage(text, clause["text"])
            if not found:
                continue
            start, end = found
        spans.append(Span(start, end, f"clause-{index}", f"cat-{clause['category']}"))
    if not category:
        for index, finding in enumerate(findings):
            if finding.get("document") != document or (finding.get("page") or 1) != number:
                continue
            found = find_passage(text, finding.get("evidence") or "")
            if found:
                spans.append(Span(*found, f"finding-{index}", f"finding-{finding['kind']}"))
    return spans


def mark_up(text: str, spans: list[Span]) -> Markup:
    """The page text escaped, each stretch covered by spans wrapped in one <mark>.

    Overlapping spans are cut at every boundary, so each stretch lists all the spans covering it;
    an empty anchor element sits where each span starts."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    for left, right in zip(cuts, cuts[1:]):
        for span in spans:
            if span.start == left:
                out.append(f'<span class="anchor" id="{span.anchor}"></span>')
        covering = [s for s in spans if s.start <= left and right <= s.end]
        piece = str(escape(text[left:right]))
        if covering:
            classes = " ".join(dict.fromkeys(s.css for s in covering))
            names = " ".join(s.anchor for s in covering)
            out.append(f'<mark class="{classes}" data-spans="{names}">{piece}</mark>')
        else:
            out.append(piece)
    return Markup("".join(out))


def show_pages(pages: list[dict], report: dict, category: str = "") -> list[ShownPage]:
    clauses = report.get("clauses", [])
    findings = report.get("accessibility", {}).get("findings", [])
    shown = []
    for page in pages:
        spans = spans_for_page(page["document"], page["number"], page["text"], clauses, findings, category)
        shown.append(ShownPage(page["document"], page["number"], mark_up(page["text"], spans),
                               [s.anchor for s in spans]))
    return shown


def passage_links(pages: list[ShownPage]) -> dict[str, str]:
    """anchor -> the page it is on; the report links only to passages that were found."""
    return {anchor: page.id for page in pages for anchor in page.anchors}
