"""How open is the tender to small and social-economy enterprises? Tender in, findings out.

The files' facts about contract terms (tenders.terms) are judged by the rules of
accessibility.yml; lots and the time to answer come from the tender's fields.
"""
from __future__ import annotations

import operator
import re
from datetime import date, datetime

from scoring.data import load
from scoring.model import Finding
from tenders.model import Tender, Term
from text import fold_same_length

_TESTS = {"below": operator.lt, "at_least": operator.ge, "above": operator.gt, "at_most": operator.le}


def _limit(name: str, tender: Tender, today: date) -> float:
    """A bound of accessibility.yml `limits`: by the deadline's date, or by the buyer."""
    rows = load("accessibility.yml")["limits"][name]
    if name == "turnover_cap":
        day = reference_day(tender, today)
        return next(float(r["value"]) for r in rows if day >= _as_date(r["since"]))
    buyer = fold_same_length(tender.buyer or "")
    return next(float(r["value"]) for r in rows if "buyer" not in r or re.search(r["buyer"], buyer))


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def reference_day(tender: Tender, today: date) -> date:
    """The day the law is read at: the deadline for offers, else the publication, else today."""
    for value in (tender.deadline, tender.publication_date):
        day = _parse_day(value)
        if day:
            return day
    return today


def turnover_cap(tender: Tender, today: date) -> float:
    return _limit("turnover_cap", tender, today)


def turnover_ratio(term: Term, tender: Tender) -> float | None:
    """A turnover floor in euros over the estimated value it bears on (the largest lot's when
    lots have values: the floor is set per lot)."""
    values = [lot.value_ht for lot in tender.lots if lot.value_ht]
    base = max(values) if values else tender.value_ht
    return term.value / base if term.value and base else None


def _passes(rule: dict, term: Term, tender: Tender, today: date) -> bool:
    for test, op in _TESTS.items():
        for prefix in ("", "ratio_"):
            bound = rule.get(prefix + test)
            if bound is None:
                continue
            bound = _limit(bound, tender, today) if isinstance(bound, str) else float(bound)
            value = turnover_ratio(term, tender) if prefix else term.value
            if value is None or not op(value, bound):
                return False
    return True


def _advice(fid: str, kind: str) -> str:
    return load("accessibility.yml")[fid]["advice_" + kind].strip()


def judge(fid: str, terms: list[Term], tender: Tender, today: date) -> tuple[str, Term] | None:
    """The first rule of `fid` whose fact the files state: (kind, the term that decided)."""
    stated = {t.fact: t for t in terms if t.id == fid}
    for rule in load("accessibility.yml")[fid]["judge"]:
        term = stated.get(rule["fact"])
        if term is not None and _passes(rule, term, tender, today):
            return rule["kind"], term
    return None


def _finding(fid: str, kind: str, term: Term, value: float | None = None) -> Finding:
    return Finding(fid, kind, term.evidence, page=term.page, document=term.document, advice=_advice(fid, kind),
                   value=term.value if value is None else value)


def _lots_finding(tender: Tender) -> Finding | None:
    """Lots read from a notice's fields or the files' lists, and what the files say of them."""
    facts = {t.fact: t for t in tender.terms if t.id == "lots"}
    if "all_lots" in facts:
        return _finding("lots", "barrier", facts["all_lots"])
    if len(tender.lots) > 1:
        titles = "; ".join(f"lot {lot.number}" + (f" : {lot.title}" if lot.title else "") for lot in tender.lots[:6])
        return Finding("lots", "strength", f"{len(tender.lots)} lots — {titles}", advice=_advice("lots", "strength"),
                       value=len(tender.lots))
    if "not_divided" in facts:
        return _finding("lots", "barrier", facts["not_divided"], value=1)
    if tender.lot_division is False or (tender.lot_division and len(tender.lots) == 1):
        evidence = ("L'avis indique que le marché n'est pas divisé en lots." if tender.lot_division is False
                    else "Le marché est présenté en lots, mais un seul lot est décrit.")
        return Finding("lots", "barrier", evidence, advice=_advice("lots", "barrier"), value=1)
    divided = facts.get("divided")
    if divided and ((divided.value or 0) > 1 or (divided.value is None and not tender.lots)):
        return _finding("lots", "strength", divided)  # "divisé en lots : oui", the lots not listed
    if not facts and _consultation_file(tender) and not _ANY_LOT.search(fold_same_length(tender.text)):
        return Finding("lots", "barrier", "Le dossier de consultation ne mentionne aucun lot : le marché est passé d'un "
                       "seul tenant.", advice=_advice("lots", "barrier"), value=1)
    return None


_ANY_LOT = re.compile(r"\blots?\b|alloti")


def _consultation_file(tender: Tender) -> bool:
    """A DCE of several pieces, its rules or clauses among them: one that would name its lots
    (a single page checked alone may simply not be where they are)."""
    return len(tender.documents) > 1 and any(d.kind in ("RC", "CCAP", "CCP") for d in tender.documents)


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value)[:19]).date()
    except ValueError:
        return None


_ELECTRONIC = re.compile(r"voie (?:electronique|dematerialisee)|remise electronique|plateforme de dematerialisation")


def _response_floor(tender: Tender) -> int:
    floors = load("accessibility.yml")["limits"]["response_days"]
    procedure = fold_same_length(tender.procedure or "")
    if "adapt" in procedure or "mapa" in procedure:
        return int(floors["adapted"])
    if "restreint" in procedure or "negoci" in procedure or "dialogue" in procedure:
        return int(floors["restricted"])
    deadline = _parse_day(tender.deadline)
    electronic = (deadline and deadline >= _as_date(floors["electronic_since"])) or bool(
        _ELECTRONIC.search(fold_same_length(tender.text[:50000])))
    return int(floors["open_electronic" if electronic else "open"])


def _response_time_finding(tender: Tender) -> Finding | None:
    published = _parse_day(tender.publication_date or tender.notice_fields.get("publication_date"))
    deadline = _parse_day(tender.deadline)
    if not (published and deadline) or deadline < published:
        return None
    days = (deadline - published).days
    kind = "barrier" if days < _response_floor(tender) else "strength"
    evidence = f"{days} jours entre la publication ({published.isoformat()}) et la date limite ({deadline.isoformat()})."
    return Finding("response_time", kind, evidence, advice=_advice("response_time", kind), value=days)


def findings_ids() -> list[str]:
    return [k for k in load("accessibility.yml") if k != "limits"]


def assess(tender: Tender, today: date | None = None) -> list[Finding]:
    """Every finding the files settle, in the order of taxonomy.md; a point they settle as
    neither a barrier nor a strength, or do not settle, gives none."""
    today = today or date.today()
    found: list[Finding] = []
    for fid in findings_ids():
        if fid == "lots":
            finding = _lots_finding(tender)
        elif fid == "response_time":
            finding = _response_time_finding(tender)
        else:
            decided = judge(fid, tender.terms, tender, today)
            finding = _finding(fid, *decided) if decided and decided[0] != "neutral" else None
        if finding is not None:
            found.append(finding)
    return found


def accessibility_score(findings: list[Finding]) -> float:
    """0-100: the share of strengths among the findings, pulled towards 50 when there are few.

    (strengths + 1) / (findings + 2): a file that says nothing scores a neutral 50 rather than
    nothing, and one strength alone is not "fully open" (67, not 100).
    """
    strengths = sum(1 for f in findings if f.kind == "strength")
    return round(100 * (strengths + 1) / (len(findings) + 2), 1)
