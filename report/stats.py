"""How a set of reports spreads: score histogram, grades, axes, compliance and levers.

Reports in (the JSON lines of `flask --app app batch`), a French text table out. Used to check
that the grid tells tenders apart, and by trainers to show a portfolio at a glance.
"""
from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable

BINS = tuple(range(0, 100, 10))


def _bin(value: float) -> int:
    return min(int(value // 10) * 10, 90)


def _bar(count: int, total: int, width: int = 40) -> str:
    return "#" * round(width * count / total) if total else ""


def _spread(values: list[float]) -> str:
    if not values:
        return "—"
    return (f"min {min(values):.0f}  médiane {statistics.median(values):.0f}  "
            f"moyenne {statistics.fmean(values):.1f}  max {max(values):.0f}")


def summarise(reports: Iterable[dict]) -> dict:
    """Counts and figures over the reports that were analysed (those with an error are counted apart)."""
    ok, failed = [], 0
    for report in reports:
        if report.get("error"):
            failed += 1
        else:
            ok.append(report)
    totals = [r["score"]["total"] for r in ok if r["score"]["total"] is not None]
    access = [r["accessibility"]["score"] for r in ok if r["accessibility"]["score"] is not None]
    axes: dict[str, list[float]] = {}
    for r in ok:
        for axis, value in r["score"]["axes"].items():
            axes.setdefault(axis, []).append(value)
    return {
        "count": len(ok),
        "failed": failed,
        "totals": totals,
        "histogram": Counter(_bin(t) for t in totals),
        "grades": Counter(r["score"]["grade"] for r in ok),
        "axes": axes,
        "accessibility": access,
        "accessibility_histogram": Counter(_bin(a) for a in access),
        "compliance": Counter((c["rule"], c["status"]) for r in ok for c in r["compliance"]),
        "levers": Counter(rec["lever"] for r in ok for rec in r["recommendations"]),
        "categories": Counter(cat for r in ok for cat, present in r["categories"].items() if present),
    }


def format_stats(summary: dict) -> str:
    n = summary["count"]
    lines = [f"{n} rapports analysés" + (f", {summary['failed']} en erreur" if summary["failed"] else "")]
    lines.append(f"\nScore achat solidaire : {_spread(summary['totals'])}")
    for low in BINS:
        count = summary["histogram"].get(low, 0)
        lines.append(f"  {low:>3}-{low + 9 if low < 90 else 100:<3} {count:>5}  {_bar(count, n)}")
    lines.append("Notes : " + "  ".join(f"{g} {summary['grades'].get(g, 0)}" for g in "ABCDE"))
    lines.append("\nAxes :")
    for axis, values in summary["axes"].items():
        lines.append(f"  {axis:<14} {_spread(values)}")
    lines.append(f"\nAccessibilité : {_spread(summary['accessibility'])}")
    for low in BINS:
        count = summary["accessibility_histogram"].get(low, 0)
        if count:
            lines.append(f"  {low:>3}-{low + 9 if low < 90 else 100:<3} {count:>5}  {_bar(count, n)}")
    lines.append("\nObligations (ok / manquant / non applicable / indéterminé) :")
    rules = dict.fromkeys(rule for rule, _ in summary["compliance"])
    for rule in rules:
        counts = [summary["compliance"].get((rule, s), 0) for s in ("ok", "missing", "not_applicable", "unknown")]
        lines.append(f"  {rule:<26} " + " / ".join(f"{c:>3}" for c in counts))
    lines.append("\nCatégories présentes :")
    for category, count in summary["categories"].most_common():
        lines.append(f"  {category:<26} {count:>4}")
    lines.append("\nLeviers recommandés :")
    for lever, count in summary["levers"].most_common():
        lines.append(f"  {lever:<26} {count:>4}")
    return "\n".join(lines)
