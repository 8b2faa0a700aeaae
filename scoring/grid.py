"""Score a tender against the ethical-purchasing grid (scoring/grid.yml).

Tender, clauses and accessibility score in; Score out. Each lever earns a share of its points
from the strongest affirmative passage behind it, so adding a clause can never lower a score.
"""
from __future__ import annotations

import re
from collections import defaultdict

from nlp.model import Clause
from scoring.data import load_grid
from scoring.model import Score
from tenders.model import AwardCriterion

_HOURS = re.compile(r"\d[\d\s.]*\s*(?:heures|h\b)", re.IGNORECASE)


def criterion_percent(criteria: list[AwardCriterion], aspect: str) -> float | None:
    """Largest weight, in percent of its lot's total, of a criterion having this aspect."""
    totals: dict[str | None, float] = defaultdict(float)
    for c in criteria:
        if c.weight is not None:
            totals[c.lot] += c.weight
    best = None
    for c in criteria:
        if aspect in c.aspects and c.weight is not None and totals[c.lot] > 0:
            share = 100 * c.weight / totals[c.lot]
            best = share if best is None else max(best, share)
    return best


def _weight_share(percent: float | None, table: list[dict]) -> float:
    if percent is None:
        return 1.0  # weight unknown: don't penalise what the text does not say
    return next(row["share"] for row in table if percent >= row["min"])


def lever_share(lever: dict, clauses: list[Clause], criteria: list[AwardCriterion], levels: dict) -> tuple[float, Clause | None, str]:
    """Share (0-1) of a lever's points earned, the clause behind it, and why."""
    best: tuple[float, Clause | None, str] = (0.0, None, "absent")
    for clause in clauses:
        if clause.negated or clause.category not in lever["categories"]:
            continue
        share = levels["strength"].get(clause.strength, levels["strength"]["mention"])
        why = {"mandatory": "obligation", "criterion": "critère", "optional": "option", "mention": "simple mention"}.get(
            clause.strength, clause.strength)
        if lever.get("hours_bonus") and not _HOURS.search(clause.text):
            share *= levels["no_hours"]
            why += ", sans volume d'heures"
        if lever.get("criterion_aspect"):
            percent = criterion_percent(criteria, lever["criterion_aspect"])
            share *= _weight_share(percent, levels["criterion_weight"])
            if percent is not None:
                why += f", pondéré à {percent:.0f} %"
        if share > best[0]:
            best = (share, clause, why)
    return best


def _excerpt(clause: Clause, size: int = 90) -> str:
    text = " ".join(clause.text.split())
    text = text if len(text) <= size else text[: size - 1] + "…"
    where = clause.document + (f", p. {clause.page}" if clause.page else "")
    return f"« {text} » ({where})"


def grade_for(total: float | None, grades: list[dict]) -> str:
    if total is None:
        return "?"
    return next((row["grade"] for row in grades if total >= row["min"]), grades[-1]["grade"])


def score(clauses: list[Clause], criteria: list[AwardCriterion], accessibility_score: float | None) -> Score:
    grid = load_grid()
    levels = grid["levels"]
    earned: dict[str, float] = defaultdict(float)
    possible: dict[str, float] = defaultdict(float)
    explanation: list[str] = []
    for lever in grid["levers"]:
        axis, points = lever["axis"], float(lever["points"])
        if lever.get("from_accessibility"):
            if accessibility_score is None:
                explanation.append(f"{lever['label']} : non évalué, aucun indice dans le texte (axe exclu du total).")
                continue
            got = points * accessibility_score / 100
            explanation.append(f"{lever['label']} : {got:.1f}/{points:g} (accessibilité {accessibility_score:.0f}/100).")
        else:
            share, clause, why = lever_share(lever, clauses, criteria, levels)
            got = points * share
            if clause is None:
                explanation.append(f"{lever['label']} : 0/{points:g}, absent du dossier.")
            else:
                explanation.append(f"{lever['label']} : {got:.1f}/{points:g} ({why}) {_excerpt(clause)}.")
        earned[axis] += got
        possible[axis] += points
    axes_weight = {a: float(spec["weight"]) for a, spec in grid["axes"].items()}
    axes = {a: round(100 * earned[a] / possible[a], 1) for a in axes_weight if possible[a]}
    counted = sum(axes_weight[a] for a in axes)
    total = round(sum(axes_weight[a] * axes[a] / 100 for a in axes) * 100 / counted, 1) if counted else None
    return Score(total=total, grade=grade_for(total, grid["grades"]), axes=axes, explanation=explanation)
