"""What scoring produces: findings about accessibility, compliance checks, and the score."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass
class Finding:
    """A fact about how open the tender is to small and social-economy enterprises."""

    id: str  # accessibility finding id of taxonomy.md
    kind: Literal["barrier", "strength"]
    evidence: str | None  # the passage that shows it
    page: int | None = None
    document: str | None = None
    advice: str = ""
    value: float | None = None  # the number that decided: a rate, days, a multiple, a count of lots


@dataclass
class Check:
    """One legal obligation checked against the tender."""

    rule: str
    status: Literal["ok", "missing", "not_applicable", "unknown"]
    explanation: str = ""


@dataclass
class Score:
    total: float | None
    grade: str
    axes: dict[str, float] = field(default_factory=dict)
    explanation: list[str] = field(default_factory=list)


@dataclass
class Recommendation:
    lever: str
    text: str
    model_clause: str = ""
    guide_ref: str = ""
    why: str = ""  # why the lever fits this purchase (the passage, the family of purchase, the law)
    gain: float = 0.0  # points the total score would gain with the lever in the file
    relevance: str = ""  # "obligation", "forte" or "moyenne": recommendations come sorted by it, then gain


@dataclass
class Assessment:
    """scoring.assess(tender, analysis): everything the report says about the tender's quality."""

    findings: list[Finding]
    accessibility_score: float | None
    score: Score
    compliance: list[Check]
    recommendations: list[Recommendation]
    withheld: str | None = None  # why there is no score (unread scan), said first in the report
