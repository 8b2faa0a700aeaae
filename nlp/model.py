"""What the NLP stage produces: clauses found in a tender's text, and its award criteria."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from taxonomy import CATEGORIES
from tenders.model import AwardCriterion

Strength = Literal["mandatory", "criterion", "optional", "mention"]


@dataclass
class Clause:
    category: str  # one of taxonomy.CATEGORIES
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


@dataclass
class Analysis:
    """nlp.analyse(tender): the clauses, in reading order, and the award criteria (from the
    notice's fields, weights completed from the text, each with its aspects)."""

    clauses: list[Clause] = field(default_factory=list)
    criteria: list[AwardCriterion] = field(default_factory=list)

    @property
    def categories(self) -> dict[str, bool]:
        return categories_from(self.clauses)


def categories_from(clauses: list[Clause]) -> dict[str, bool]:
    """All nine taxonomy ids; True iff at least one affirmative (non-negated) clause has it."""
    present = {c.category for c in clauses if not c.negated}
    return {category: category in present for category in CATEGORIES}
