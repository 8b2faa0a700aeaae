"""One model for every tender, whatever it was read from.

A tender is what a buyer publishes: a notice, a consultation file (DCE) of several documents,
or both. Readers fill what they can; structured notices fill lots and award criteria directly,
documents contribute their pages of text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass
class Page:
    number: int  # 1-based, as printed in a PDF viewer; text formats have a single page 1
    text: str
    # Character spans that are no evidence: tables of contents, a Q&R's questions
    # (tenders.structure); set once the page is read.
    skip: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Document:
    name: str  # file name inside the tender (relative path for a ZIP entry)
    kind: str = "OTHER"  # one of taxonomy.DOCUMENT_KINDS
    format: str = "txt"  # pdf, docx, odt, html, txt, md, ted-xml, eforms-xml, boamp-xml
    pages: list[Page] = field(default_factory=list)
    sha256: str | None = None  # of the original bytes
    size: int | None = None  # bytes of the original
    # Problems a reader met without failing: scanned pages with no text, truncated tables...
    warnings: list[str] = field(default_factory=list)
    # Paginated formats (PDF) have a real page count; flowing formats report None.
    paginated: bool = False
    ocr: bool = False  # some of the text came from optical character recognition

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    @property
    def page_count(self) -> int | None:
        return len(self.pages) if self.paginated else None


@dataclass
class Lot:
    number: str
    title: str | None = None
    reserved: list[str] = field(default_factory=list)  # ids of taxonomy.RESERVED
    description: str | None = None
    value_ht: float | None = None  # estimated value of the lot, EUR excl. VAT


@dataclass
class AwardCriterion:
    name: str
    weight: float | None = None  # as written: percent or points
    lot: str | None = None
    type: Literal["price", "cost", "quality"] = "quality"
    aspects: list[str] = field(default_factory=list)  # "environmental", "social"


@dataclass
class Term:
    """One fact a tender's files state about a contract term (tenders.terms)."""

    id: str  # the accessibility finding it bears on (taxonomy.md)
    fact: str  # what the file says, as named in tenders/terms.yml ("rate", "none", "forbidden"...)
    value: float | None  # the number stated with it (a rate, days, a multiple, an amount)
    evidence: str
    document: str | None = None
    page: int | None = None


@dataclass
class Tender:
    title: str | None = None
    buyer: str | None = None
    reference: str | None = None
    procedure: str | None = None
    cpv: list[str] = field(default_factory=list)
    deadline: str | None = None  # ISO 8601
    publication_date: str | None = None  # ISO 8601 date
    value_ht: float | None = None  # estimated value of the whole contract, EUR excl. VAT
    duration_months: float | None = None
    lots: list[Lot] = field(default_factory=list)
    award_criteria: list[AwardCriterion] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    # Tender-level reservation read from structured notice fields (ids of taxonomy.RESERVED).
    reserved: list[str] = field(default_factory=list)
    lot_division: bool | None = None  # None when the source does not say
    # Raw structured fields a notice carried (e.g. "reserved_sheltered_workshop": True); readers
    # keep them so that checks can compare against the source without re-parsing.
    notice_fields: dict = field(default_factory=dict)
    # What the files state about advance, retention, payment, penalties, turnover... (tenders.terms)
    terms: list[Term] = field(default_factory=list)
    source: str | None = None  # path or upload name it was read from

    @property
    def text(self) -> str:
        return "\n\n".join(d.text for d in self.documents)

    def merge(self, other: "Tender") -> None:
        """Fold another reading of the same tender (e.g. a notice inside a DCE) into this one.

        Fields already known are kept; lists of documents are concatenated.
        """
        for name in ("title", "buyer", "reference", "procedure", "deadline", "publication_date", "value_ht",
                     "duration_months", "lot_division"):
            if getattr(self, name) is None and getattr(other, name) is not None:
                setattr(self, name, getattr(other, name))
        for code in other.cpv:
            if code not in self.cpv:
                self.cpv.append(code)
        if not self.lots:
            self.lots = other.lots
        if not self.award_criteria:
            self.award_criteria = other.award_criteria
        for cat in other.reserved:
            if cat not in self.reserved:
                self.reserved.append(cat)
        for key, value in other.notice_fields.items():
            self.notice_fields.setdefault(key, value)
        self.documents.extend(other.documents)
