"""Recommend levers (levers.yml) for what the tender lacks, and advice for each barrier."""
from __future__ import annotations

from functools import cache

from nlp.model import Clause
from scoring.data import load
from scoring.model import Finding, Recommendation
from tenders.model import Tender


@cache
def _reservable() -> tuple[tuple[str, ...], frozenset[str]]:
    data = load("reservable_cpv.yml")
    return tuple(data["prefixes"]), frozenset(str(code) for code in data["codes"])


def reservable_to_ess(cpv: list[str]) -> bool:
    """True when a CPV code of the tender is a service L2113-15 lets the buyer reserve."""
    prefixes, codes = _reservable()
    return any(code[:8] in codes or code.startswith(prefixes) for code in cpv)


def _present(clauses: list[Clause], category: str) -> bool:
    return any(c.category == category and not c.negated for c in clauses)


def _applies(lever: dict, tender: Tender, clauses: list[Clause], findings: dict[str, Finding]) -> bool:
    if "when_missing_finding" in lever:
        finding = findings.get(lever["when_missing_finding"])
        return finding is not None and finding.kind == "barrier"
    if any(_present(clauses, cat) for cat in lever["when_missing"]):
        return False
    if lever.get("only_reservable_cpv") and not reservable_to_ess(tender.cpv):
        return False
    prefixes = lever.get("applies_to_cpv")
    return not prefixes or any(code.startswith(tuple(prefixes)) for code in tender.cpv)


def recommend(tender: Tender, clauses: list[Clause], findings: list[Finding]) -> list[Recommendation]:
    by_id = {f.id: f for f in findings}
    out = [
        Recommendation(lever["lever"], " ".join(lever["text"].split()), " ".join(lever["model_clause"].split()),
                       lever["guide_ref"])
        for lever in load("levers.yml")
        if _applies(lever, tender, clauses, by_id)
    ]
    covered = {r.lever for r in out}
    for finding in findings:
        if finding.kind == "barrier" and finding.id not in covered:
            out.append(Recommendation(finding.id, finding.advice, "", f"acces-{finding.id}"))
    return out
