"""What a proposal earns: the ethical-purchasing score, the accessibility score and the 2026
compliance rows recomputed by the scoring room as if the proposed clauses were in the file.

A proposal is a Change: synthetic clauses (what the detector would have found in the drafted
text), award criteria rebalanced for a new weighted criterion, accessibility findings turned
into strengths, and edits to the tender (lots reserved, division into lots)."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from drafting.context import criteria_of
from nlp.model import Clause
from scoring import accessibility, compliance, grid
from scoring.model import Check, Finding
from tenders.model import AwardCriterion, Tender

PROPOSAL_DOCUMENT = "Proposition (Améliorer mon DCE)"
_CLAUSE_FIELDS = {f.name for f in dataclasses.fields(Clause)}
_FINDING_FIELDS = {f.name for f in dataclasses.fields(Finding)}


@dataclass
class Change:
    clauses: list[Clause] = field(default_factory=list)
    criteria: Callable[[list[AwardCriterion]], list[AwardCriterion]] | None = None
    findings: list[Finding] = field(default_factory=list)  # replace the finding of the same id
    tender: Callable[[Tender], None] | None = None  # edits a copy of the tender


@dataclass
class State:
    clauses: list[Clause]
    criteria: list[AwardCriterion]
    findings: list[Finding]
    tender: Tender


@dataclass
class Outcome:
    score: float | None
    grade: str
    accessibility: float | None
    compliance: list[Check]


def proposed_clause(category: str, text: str, strength: str = "mandatory", refs: list[str] | None = None) -> Clause:
    return Clause(category=category, text=text, document=PROPOSAL_DOCUMENT, page=None, strength=strength,
                  legal_refs=list(refs or []), source="proposal")


def baseline(report: dict, tender: Tender) -> State:
    clauses = [Clause(**{k: v for k, v in c.items() if k in _CLAUSE_FIELDS}) for c in report.get("clauses") or []]
    findings = [Finding(**{k: v for k, v in f.items() if k in _FINDING_FIELDS})
                for f in (report.get("accessibility") or {}).get("findings") or []]
    return State(clauses=clauses, criteria=criteria_of(report), findings=findings, tender=tender)


def _copy_tender(tender: Tender) -> Tender:
    lots = [dataclasses.replace(lot, reserved=list(lot.reserved)) for lot in tender.lots]
    return dataclasses.replace(tender, lots=lots, reserved=list(tender.reserved),
                               notice_fields=dict(tender.notice_fields), terms=list(tender.terms))


def apply(state: State, changes: list[Change]) -> State:
    clauses, criteria, tender = list(state.clauses), list(state.criteria), _copy_tender(state.tender)
    findings = {f.id: f for f in state.findings}
    for change in changes:
        clauses += change.clauses
        if change.criteria is not None:
            criteria = change.criteria(criteria)
        for finding in change.findings:
            findings[finding.id] = finding
        if change.tender is not None:
            change.tender(tender)
    return State(clauses=clauses, criteria=criteria, findings=list(findings.values()), tender=tender)


def outcome(state: State, today: date | None = None) -> Outcome:
    findings = state.findings
    acc = accessibility.accessibility_score(findings)
    score = grid.score(state.clauses, state.criteria, acc)
    return Outcome(score=score.total, grade=score.grade, accessibility=acc,
                   compliance=compliance.check(state.tender, state.clauses, findings, today=today))


def compliance_changes(before: Outcome, after: Outcome) -> list[dict]:
    """The rows whose status the proposal changes."""
    was = {c.rule: c for c in before.compliance}
    return [{"rule": c.rule, "before": was[c.rule].status, "after": c.status, "explanation": c.explanation}
            for c in after.compliance if c.rule in was and was[c.rule].status != c.status]


def rebalance(criteria: list[AwardCriterion], name: str, weight: float, aspect: str) -> list[AwardCriterion]:
    """Add a criterion of `weight` percent per group of criteria (per lot), the points taken from
    the heaviest criterion of the group; without weighted criteria, the new one stands alone."""
    groups: dict[str | None, list[AwardCriterion]] = {}
    for c in criteria:
        groups.setdefault(c.lot, []).append(c)
    if not groups:
        groups[None] = []
    out: list[AwardCriterion] = []
    for lot, group in groups.items():
        weighted = [c for c in group if c.weight is not None]
        total = sum(c.weight for c in weighted)
        new = [dataclasses.replace(c, aspects=list(c.aspects)) for c in group]
        if weighted and total > 0:
            heaviest = max(range(len(new)), key=lambda i: new[i].weight if new[i].weight is not None else -1)
            points = weight * total / 100
            new[heaviest].weight = max(0.0, new[heaviest].weight - points)
            new.append(AwardCriterion(name=name, weight=points, lot=lot, type="quality", aspects=[aspect]))
        else:
            new.append(AwardCriterion(name=name, weight=weight, lot=lot, type="quality", aspects=[aspect]))
        out += new
    return out
