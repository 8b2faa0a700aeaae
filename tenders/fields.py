"""Fields a document writes after a label ("Objet du marché : ..."), as identity.yml lists the
labels: the lines of a document where identity sits, a labelled line's value, the value tidied
for display. Shared by tenders.identity and tenders.lots."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from tenders.amounts import amounts
from tenders.model import Document, Tender
from tenders.structure import Skips
from text import fold

DATA = Path(__file__).with_name("identity.yml")
HEAD_LINES = 400  # identity sits at the start of a document
TAIL_LINES = 300  # ... and the form's last sections at its end
_NUMBERING = re.compile(r"^[\s\-–—•*>|]*(?:(?:section\s+)?[ivx]+(?:\.\d+)*\)?|\d+(?:\.\d+)*\s*[.)\-–]?|article\s+\d+\s*[-–:.]?"
                        r"|[a-z]\))?\s*", re.IGNORECASE)
_EXCL_HINT = re.compile(r"\bh\.?t\.?\b|hors tax|hors tva")


@functools.cache
def data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


@functools.cache
def _labels(field: str) -> list[str]:
    return sorted((fold(label) for label in data()["labels"][field]), key=len, reverse=True)


def ordered_documents(tender: Tender) -> list[Document]:
    order = data()["documents"]
    return sorted(tender.documents, key=lambda d: order.index(d.kind) if d.kind in order else len(order))


def _lines(document: Document, limit: int | None = None) -> list[str]:
    out: list[str] = []
    for page in document.pages:
        pos, skips = 0, Skips(page.skip)
        for line in page.text.split("\n"):
            if not (skips and skips.covers(pos, pos + len(line))):
                out.append(line.strip())
            pos += len(line) + 1
            if limit and len(out) >= limit:
                return out
    return out


def lines_of(document: Document, limit: int = HEAD_LINES) -> list[str]:
    """The first lines of a document, tables of contents left out."""
    return _lines(document, limit)


def head_and_tail(document: Document) -> list[str]:
    """The first lines and the last ones: a notice with many lots writes its deadline (IV.2.2)
    and its dispatch date (VI.5) after them, thousands of lines down."""
    lines = _lines(document)
    return lines if len(lines) <= HEAD_LINES + TAIL_LINES else lines[:HEAD_LINES] + lines[-TAIL_LINES:]


def unnumbered(line: str) -> str:
    """A line without its leading numbering ("II.1.1)", "3.2 -", "Article 4 :")."""
    return _NUMBERING.sub("", line, count=1)


@functools.lru_cache(maxsize=8192)
def _body(line: str) -> tuple[str, str]:
    """A line without its numbering, and folded: labelled() asks every label of every line."""
    body = unnumbered(line)
    return body, fold(body)


def after_label(line: str, field: str, only: str | None = None) -> str | None:
    """The value a labelled line gives ("" for a label alone on its line), None without label."""
    body, folded = _body(line)
    for label in ([only] if only else _labels(field)):
        if folded.startswith(label):
            rest = body[len(label):]
            if rest[:1].isalnum():
                continue  # "Objectifs ..." is not "Objet"
            rest = rest.lstrip(" \t:.-–—|()").strip()
            if field == "title" and re.match(r"^(?:et |ou |de |du |des )", fold(rest)):
                continue  # "objet et étendue de la consultation": a heading, not a value
            return rest
    return None


_SECTION_NUMBER = re.compile(r"^\s*(?:[ivx]+(?:\.\d+)+\)|\d+(?:\.\d+)+\s|section\s+[ivx]+\b)", re.IGNORECASE)
CONTINUED = re.compile(r"(?:\best|suivant|suivante|:)\s*$")


def _after(lines: list[str], i: int, rest: str, max_next: int, max_len: int = 300) -> str | None:
    """The value of the labelled line i: the rest of the line, or the lines after a label alone
    (up to `max_len` characters a line: a longer one is a paragraph, not a value)."""
    if rest and not CONTINUED.search(fold(rest)):
        return rest
    following = [rest] if rest and not rest.endswith(":") else []
    for nxt in lines[i + 1 : i + 1 + max_next + 4]:
        if not nxt:
            if len(following) > bool(rest):
                break
            continue
        if (any(after_label(nxt, other) is not None for other in data()["labels"]) or len(nxt) > max_len
                or _SECTION_NUMBER.match(nxt)):
            break  # the next field, or the next numbered heading: the label had no value
        following.append(nxt)
        if len(following) >= max_next or nxt.endswith((".", ";")):
            break
    return " ".join(following) or None


def labelled(lines: list[str], field: str, max_next: int = 3, labels: list[str] | None = None,
             max_len: int = 300) -> str | None:
    """The value given after the field's labels, the most specific label first."""
    for label in labels or labels_by_priority(field):
        for i, line in enumerate(lines):
            rest = after_label(line, field, only=label)
            if rest is None:
                continue
            value = _after(lines, i, rest, max_next, max_len)
            if value:
                return value
    return None


@functools.cache
def labels_by_priority(field: str) -> list[str]:
    return [fold(label) for label in data()["labels"][field]]


def caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.8


_OBJECT_LEAD = re.compile(r"^(?:le pr[eé]sent|la pr[eé]sente|ce|cette)\s+(?:march[eé]|consultation|accord-cadre|[^:]{3,80}?)"
                          r"(?:\s+public)?\s+(?:a pour objet|porte sur|concerne)\s+(?:de d[eé]finir\s+)?"
                          r"(?:les conditions d['’]ex[eé]cution\s+)?(?:(?:la |le |les |l['’]|des |du |de la )(?=\w))?", re.IGNORECASE)
_CONCLUSION = re.compile(r"^(?:la )?conclusion,?\s.{0,200}?(?:ayant (?:pour )?objet|portant sur|pour)\s+(?:la |le |les |l')?",
                         re.IGNORECASE)


def tidy(text: str, limit: int = 150) -> str:
    """A value as the report shows it: one line, sentence case for all-capitals, no lead-in, cut at a clause."""
    text = _OBJECT_LEAD.sub("", " ".join(text.split()).strip(" :;,.-–—|"))
    text = _CONCLUSION.sub("", text)  # "la conclusion, par X, d'accords-cadres ayant objet la réalisation de Y" -> Y
    if caps(text):
        text = text.lower()
    if len(text) > limit:
        cut = text[:limit]
        best = max(cut.rfind(sep) for sep in (" où ", ", ", " ; ", " ("))
        text = cut[:best] if best > 40 else cut[: max(cut.rfind(" "), 40)] + "…"
    return text[:1].upper() + text[1:]


def value_in(text: str) -> float | None:
    found = amounts(text)
    if not found:
        return None
    excl = [a for a in found if a.excl_vat is not False]
    if not excl:
        return None  # TTC only: not the value excluding VAT
    return max(excl, key=lambda a: (a.excl_vat is True, a.value)).value if len(excl) > 1 else excl[0].value


def labelled_lines(documents: list[Document], field: str):
    """(labelled line, [its value, the two lines after]) for each line bearing a label of `field`."""
    for document in documents:
        lines = lines_of(document)
        for i, line in enumerate(lines):
            rest = after_label(line, field)
            if rest is not None:
                yield line, [rest] + lines[i + 1 : i + 3]
