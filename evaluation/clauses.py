"""Clause categories and award-criteria weights against document-level gold labels
(evaluation/labels/*.csv). Pure functions: gold rows and reports in, counts and a table out; the
CLI (`flask --app app evaluate`) makes the reports.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from nlp.criteria.hierarchy import criteria_of_list
from taxonomy import CATEGORIES

LABELS_DIR = Path(__file__).parent / "labels"


@dataclass
class Gold:
    source: str  # path relative to the corpus root
    categories: dict[str, bool]
    weights: dict[str, list[float]] | None  # lot key -> weights as written; None: none stated
    note: str = ""
    split: str = ""  # "tune" or "test" (frozen before tuning); "" in label files without one
    subcriteria: bool = False  # the weights list holds sub-criteria written on their own lines

    @property
    def group(self) -> str:
        """Notices (TED, BOAMP, eForms) and consultation files are measured apart."""
        return "documents" if self.source.startswith("dce/") else "notices"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if r is None:
            return None
        if p is None:
            return 0.0  # positives to find, none found

        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Result:
    counts: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in CATEGORIES})
    weights_total: int = 0
    weights_exact: int = 0
    weights_criteria: int = 0  # the report's criteria right, sub-criteria lines of the gold set aside
    errors: list[tuple[str, str]] = field(default_factory=list)  # (source, category or "weights")
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, read error)

    def add(self, gold: Gold, report: dict) -> None:
        if report.get("error"):
            self.failed.append((gold.source, report["error"]))
        predicted = report.get("categories", {})
        for category in CATEGORIES:
            g, p = gold.categories[category], bool(predicted.get(category))
            counts = self.counts[category]
            if g and p:
                counts.tp += 1
            elif p:
                counts.fp += 1
                self.errors.append((gold.source, f"FP {category}"))
            elif g:
                counts.fn += 1
                self.errors.append((gold.source, f"FN {category}"))
            else:
                counts.tn += 1
        if gold.weights:
            self.weights_total += 1
            found = report_weights(report)
            exact = weights_match(gold.weights, found)
            self.weights_exact += exact
            # the report lists criteria, not sub-criteria (analysis.schema.json); the gold writes
            # sub-criteria lines into the list, so their parents alone are compared too
            if exact or (gold.subcriteria and weights_match(criteria_only(gold.weights), found)):
                self.weights_criteria += 1
            else:
                self.errors.append((gold.source, f"weights gold={_compact(gold.weights)} found={_compact(found)}"))

    def macro_f1(self, min_support: int = 1) -> float | None:
        """Mean F1 of the categories with at least `min_support` positives."""
        scores = [c.f1 for c in self.counts.values() if c.support >= min_support and c.f1 is not None]
        return sum(scores) / len(scores) if scores else None

    @property
    def weights_share(self) -> float | None:
        return self.weights_exact / self.weights_total if self.weights_total else None


def _compact(weights: dict[str, list[float]]) -> str:
    return json.dumps({k: [_num(w) for w in v] for k, v in weights.items()}, separators=(",", ":"))


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def load_labels(path: str | Path) -> list[Gold]:
    rows = []
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            weights = json.loads(row["weights"]) if row.get("weights", "").strip() else None
            rows.append(Gold(
                source=row["source"],
                categories={c: row[c].strip() == "1" for c in CATEGORIES},
                weights={str(k): [float(w) for w in v] for k, v in weights.items()} if weights else None,
                note=row.get("note", ""),
                split=(row.get("split") or "").strip(),
                subcriteria=(row.get("subcriteria") or "").strip() == "1",
            ))
    return rows


def criteria_only(weights: dict[str, list[float]]) -> dict[str, list[float]]:
    """Each lot's list without the sub-criteria lines the label kept (when it reads that way)."""
    return {lot: criteria_of_list(values) or values for lot, values in weights.items()}


def _lot_key(lot: str | None) -> str:
    if lot is None:
        return "all"
    key = str(lot).strip().lower()
    for prefix in ("lot n°", "lot no", "lot n", "lot"):
        if key.startswith(prefix):
            key = key[len(prefix):].strip(" .:°")
            break
    return key.lstrip("0") or "0"


def report_weights(report: dict) -> dict[str, list[float]]:
    """The weights of the report's award criteria, grouped by lot ("all" when lot-independent)."""
    grouped: dict[str, list[float]] = {}
    for criterion in report.get("tender", {}).get("award_criteria", []):
        if criterion.get("weight") is None:
            continue
        grouped.setdefault(_lot_key(criterion.get("lot")), []).append(float(criterion["weight"]))
    return grouped


def weights_match(gold: dict[str, list[float]], found: dict[str, list[float]]) -> bool:
    """Exact when every lot gets the same multiset of weights.

    A notice may write one list for all lots or repeat it per lot; both spellings of the same
    fact are accepted. Order is not compared: a table read column-wise is still right.
    """
    def norm(weights: dict[str, list[float]]) -> dict[str, tuple[float, ...]]:
        return {_lot_key(None if k == "all" else k): tuple(sorted(round(w, 4) for w in v))
                for k, v in weights.items()}

    g, f = norm(gold), norm(found)
    if g == f:
        return True
    g_lists, f_lists = set(g.values()), set(f.values())
    # one list stated for all lots on one side, the same list repeated per lot on the other
    return len(g_lists) == 1 and g_lists == f_lists and ("all" in g or "all" in f)


def evaluate(golds: Iterable[Gold], reports: Iterable[dict],
             progress: Callable[[Gold], None] | None = None) -> Result:
    """Compare each gold row with the report made from its source (same order)."""
    result = Result()
    for gold, report in zip(golds, reports):
        result.add(gold, report)
        if progress:
            progress(gold)
    return result


def _fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def format_table(result: Result, title: str = "") -> str:
    lines = [title] if title else []
    lines.append(f"{'catégorie':<26}{'support':>8}{'VP':>5}{'FP':>5}{'FN':>5}{'précision':>11}{'rappel':>8}{'F1':>7}")
    for category, c in result.counts.items():
        lines.append(f"{category:<26}{c.support:>8}{c.tp:>5}{c.fp:>5}{c.fn:>5}"
                     f"{_fmt(c.precision):>11}{_fmt(c.recall):>8}{_fmt(c.f1):>7}")
    share = result.weights_share
    lines.append(f"pondérations exactes : {result.weights_exact}/{result.weights_total}"
                 + (f" ({share:.1%})" if share is not None else ""))
    if result.weights_total:
        lines.append(f"pondérations des critères (sous-critères de l'étiquette mis à part) : "
                     f"{result.weights_criteria}/{result.weights_total} "
                     f"({result.weights_criteria / result.weights_total:.1%})")
    macro = result.macro_f1()
    if macro is not None:
        lines.append(f"F1 macro (catégories présentes) : {macro:.2f}")
    if result.failed:
        lines.append(f"sources illisibles : {len(result.failed)}")
    return "\n".join(lines)
