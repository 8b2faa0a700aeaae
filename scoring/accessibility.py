"""How open is the tender to small and social-economy enterprises? Tender in, findings out.

Rules live in accessibility.yml; structured fields (lots, dates) are used when a notice gave them.
"""
from __future__ import annotations

import operator
import re
from datetime import date, datetime
from functools import cache

from scoring.data import load
from scoring.model import Finding
from tenders.model import Tender
from text import fold_same_length

_OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+|\n\s*\n|\n(?=[-•—–*]\s)")


def sentence_around(text: str, start: int, end: int, limit: int = 320) -> tuple[int, int]:
    """Bounds of the sentence (or line block) holding text[start:end], at most `limit` chars."""
    left = max(0, start - limit)
    lo = left
    for m in _SENTENCE_END.finditer(text, left, start):
        lo = m.end()
    hi_m = _SENTENCE_END.search(text, end, min(len(text), end + limit))
    hi = hi_m.start() if hi_m else min(len(text), end + limit)
    if hi - lo > limit:  # a long paragraph: centre on the match
        lo = max(lo, start - limit // 2)
        hi = min(hi, lo + limit)
    return lo, hi


@cache
def _compiled() -> dict[str, list[tuple[dict, re.Pattern]]]:
    rules = load("accessibility.yml")
    return {fid: [(r, re.compile(r["pattern"])) for r in spec["rules"]] for fid, spec in rules.items()}


def _passes(rule: dict, match: re.Match) -> bool:
    when = rule.get("when")
    if not when:
        return True
    try:
        number = float(match.group("n").replace(",", "."))
    except (IndexError, ValueError):
        return False
    return _OPS[when["op"]](number, float(when["value"]))


def _advice(fid: str, kind: str) -> str:
    return load("accessibility.yml")[fid]["advice_" + kind].strip()


def findings_from_text(tender: Tender) -> dict[str, Finding]:
    """First matching rule per finding id, scanning documents in order (RC and notice first)."""
    found: dict[str, Finding] = {}
    compiled = _compiled()
    for doc in tender.documents:
        for page in doc.pages:
            folded = fold_same_length(page.text)
            for fid, rules in compiled.items():
                if fid in found:
                    continue
                for rule, pattern in rules:
                    m = next((m for m in pattern.finditer(folded) if _passes(rule, m)), None)
                    if m is None:
                        continue
                    lo, hi = sentence_around(page.text, m.start(), m.end())
                    found[fid] = Finding(
                        id=fid,
                        kind=rule["kind"],
                        evidence=" ".join(page.text[lo:hi].split()),
                        page=page.number if doc.paginated else None,
                        document=doc.name,
                        advice=_advice(fid, rule["kind"]),
                    )
                    break
    return found


def _lots_finding(tender: Tender) -> Finding | None:
    if tender.lots and len(tender.lots) > 1:
        titles = "; ".join(f"lot {lot.number}" + (f" : {lot.title}" if lot.title else "") for lot in tender.lots[:6])
        return Finding("lots", "strength", f"{len(tender.lots)} lots — {titles}", advice=_advice("lots", "strength"))
    if tender.lot_division is False:
        return Finding("lots", "barrier", "L'avis indique que le marché n'est pas divisé en lots.", advice=_advice("lots", "barrier"))
    return None


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value[:19]).date()
    except ValueError:
        return None


def _response_time_finding(tender: Tender) -> Finding | None:
    published = _parse_day(tender.notice_fields.get("publication_date"))
    deadline = _parse_day(tender.deadline)
    if not (published and deadline) or deadline < published:
        return None
    days = (deadline - published).days
    procedure = (tender.procedure or "").lower()
    floor = 35 if "ouverte" in procedure or "open" in procedure else 30 if "adapt" not in procedure else 21
    kind = "barrier" if days < floor else "strength"
    evidence = f"{days} jours entre la publication ({published.isoformat()}) et la date limite ({deadline.isoformat()})."
    return Finding("response_time", kind, evidence, advice=_advice("response_time", kind))


def assess(tender: Tender) -> list[Finding]:
    """All findings for a tender; structured fields win over text for lots and dates."""
    found = findings_from_text(tender)
    for computed in (_lots_finding(tender), _response_time_finding(tender)):
        if computed is not None:
            found[computed.id] = computed
    order = list(load("accessibility.yml"))
    return sorted(found.values(), key=lambda f: order.index(f.id))


def accessibility_score(findings: list[Finding]) -> float:
    """0-100: the share of strengths among the findings, pulled towards 50 when there are few.

    (strengths + 1) / (findings + 2): a file that says nothing scores a neutral 50 rather than
    nothing, and one strength alone is not "fully open" (67, not 100).
    """
    strengths = sum(1 for f in findings if f.kind == "strength")
    return round(100 * (strengths + 1) / (len(findings) + 2), 1)
