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


@dataclass
class Assessment:
    """scoring.assess(tender, analysis): everything the report says about the tender's quality."""

    findings: list[Finding]
    accessibility_score: float | None
    score: Score
    compliance: list[Check]
    recommendations: list[Recommendation]
