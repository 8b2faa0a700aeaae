"""Stage 3, judging: `scoring.assess(tender, analysis)` gives the accessibility findings and
score, the ethical-purchasing score (grid.yml), the 2026 compliance checks and the levers to
recommend. Pure functions over the tender and its clauses; the rules are data (*.yml)."""
from __future__ import annotations

from nlp.model import Analysis
from scoring import accessibility, compliance, grid, recommendations
from scoring.model import Assessment
from tenders.model import Tender

__all__ = ["Assessment", "assess"]


def assess(tender: Tender, analysis: Analysis) -> Assessment:
    findings = accessibility.assess(tender)
    acc_score = accessibility.accessibility_score(findings)
    return Assessment(
        findings=findings,
        accessibility_score=acc_score,
        score=grid.score(analysis.clauses, analysis.criteria, acc_score),
        compliance=compliance.check(tender, analysis.clauses, findings),
        recommendations=recommendations.recommend(tender, analysis.clauses, findings, analysis.criteria),
    )
