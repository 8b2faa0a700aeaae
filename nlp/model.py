"""What the detector produces: clauses found in a tender's text."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CATEGORIES: tuple[str, ...] = (
    "insertion_clause",
    "social_condition",
    "social_criterion",
    "reserved_disability",
    "reserved_insertion",
    "reserved_ess",
    "environmental_condition",
    "environmental_criterion",
    "fair_trade",
)

Strength = Literal["mandatory", "criterion", "optional", "mention"]


@dataclass
class Clause:
    category: str  # one of CATEGORIES (taxonomy.md)
    text: str  # the passage, as it reads in the document
    document: str  # Document.name
    page: int | None  # 1-based page of the document, None when not paginated
    start: int = 0  # character offsets in that page's text
    end: int = 0
    negated: bool = False  # "Clauses sociales : Sans", "aucune clause ..."
    strength: Strength = "mention"
    legal_refs: list[str] = field(default_factory=list)  # normalised: L2113-13, CMP-14, ORD2015-36
    confidence: float = 1.0
    source: str = "pattern"  # "pattern", "notice" (structured field) or "classifier"
