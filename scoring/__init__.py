"""Stage 3, judging: `scoring.assess(tender, analysis)` gives the accessibility findings and
score, the ethical-purchasing score (grid.yml), the 2026 compliance checks and the levers to
recommend. Pure functions over the tender and its clauses; the rules are data (*.yml)."""
from __future__ import annotations

from nlp.model import Analysis
from scoring import accessibility, compliance, grid, readability, recommendations
from scoring.model import Assessment, Check, Score
from tenders.model import Tender

__all__ = ["Assessment", "assess"]


def assess(tender: Tender, analysis: Analysis) -> Assessment:
    findings = accessibility.assess(tender)
    acc_score = accessibility.accessibility_score(findings)
    checks = compliance.check(tender, analysis.clauses, findings)
    score = grid.score(analysis.clauses, analysis.criteria, acc_score)
    why = readability.withheld(tender)
    if why:  # unread pages: "absent" would be a guess, not a finding
        score = Score(total=None, grade="?", axes={}, explanation=[why])
        checks = [Check(c.rule, "unknown", c.explanation.split(" : ")[0] + " : non évalué, le texte n'a pas pu être lu.")
                  if c.status == "missing" else c for c in checks]
    return Assessment(
        findings=findings,
        accessibility_score=acc_score,
        score=score,
        compliance=checks,
        recommendations=recommendations.recommend(tender, analysis.clauses, findings, analysis.criteria, checks),
        withheld=why,
    )
