"""Recommend levers (levers.yml) for what the tender lacks, and advice for each barrier."""
from __future__ import annotations

from functools import cache

from nlp.model import Clause
from scoring.data import load, load_grid
from scoring.grid import lever_share
from scoring.model import Finding, Recommendation
from tenders.model import AwardCriterion, Tender


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


WEAK_BELOW = 0.7  # share of a grid lever's points under which a present lever is called weak


def _weak(lever: dict, criteria: list[AwardCriterion], clauses: list[Clause]) -> str | None:
    """Why a lever that is present is weak (grid share and reason), or None when it is not."""
    name = lever.get("grid_lever")
    if not name or "strengthen" not in lever:
        return None
    grid = load_grid()
    spec = next(g for g in grid["levers"] if g["id"] == name)
    share, clause, why = lever_share(spec, clauses, criteria, grid["levels"])
    if clause is None or share >= WEAK_BELOW:
        return None
    return f"{' '.join(lever['strengthen'].split())} (actuellement : {why}, {clause.document}" + (
        f", p. {clause.page})" if clause.page else ")")


def recommend(tender: Tender, clauses: list[Clause], findings: list[Finding],
              criteria: list[AwardCriterion]) -> list[Recommendation]:
    """A recommendation for each missing lever, each weak one, and each barrier."""
    by_id = {f.id: f for f in findings}
    out = []
    for lever in load("levers.yml"):
        model = " ".join(lever["model_clause"].split())
        if _applies(lever, tender, clauses, by_id):
            out.append(Recommendation(lever["lever"], " ".join(lever["text"].split()), model, lever["guide_ref"]))
        elif (weak := _weak(lever, criteria, clauses)) is not None:
            out.append(Recommendation(lever["lever"], weak, model, lever["guide_ref"]))
    covered = {r.lever for r in out}
    for finding in findings:
        if finding.kind == "barrier" and finding.id not in covered:
            out.append(Recommendation(finding.id, finding.advice, "", f"acces-{finding.id}"))
    return out
