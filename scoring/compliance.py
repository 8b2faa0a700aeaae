"""Check the legal obligations of compliance.yml: tender, clauses and findings in, checks out."""
from __future__ import annotations

import re
from datetime import date

from nlp.model import Clause
from scoring.data import load
from scoring.model import Check, Finding
from taxonomy import RESERVED
from tenders.model import Tender
from text import fold_same_length

RESERVATION_ARTICLES = {"L2113-12", "L2113-13", "L2113-14", "L2113-15", "L2113-16", "CMP-15", "ORD2015-36", "ORD2015-37"}
_ARTICLE_IN_TEXT = re.compile(r"l\.?\s?2113-1[2-6]|article 15 du code|article 3[67] de l'ordonnance")
_LOT_JUSTIFICATION = re.compile(
    r"(?:non[- ]?allotissement|pas (?:divise|alloti)|marche global)[^.]{0,200}(?:justifi|motiv|raison|\bcar\b|parce que|compte tenu|du fait)")
_AMOUNT = re.compile(r"(\d{1,3}(?:[ .\u00a0\u202f]\d{3})+|\d+)(?:,\d+)?\s*(k|m|millions?)?\s*(?:€|euros?|eur\b)", re.IGNORECASE)
TURNOVER_CAP = 1.5  # R2142-7 since 1 Jan. 2026 (décret 2025-1383); 2x before


def parse_amount(text: str) -> float | None:
    """The first amount in euros of a passage: '1 500 000 €', '300 k€', '2 millions d'euros'."""
    m = _AMOUNT.search(text or "")
    if not m:
        return None
    value = float(re.sub(r"[ .\u00a0\u202f]", "", m.group(1)))
    unit = (m.group(2) or "").lower()
    return value * (1_000 if unit == "k" else 1_000_000 if unit.startswith("m") else 1)


def _reference_day(tender: Tender, today: date) -> date:
    """The deadline for offers; failing that the publication date; failing that today."""
    for value in (tender.deadline, tender.notice_fields.get("publication_date")):
        try:
            if value:
                return date.fromisoformat(str(value)[:10])
        except ValueError:
            continue
    return today


def _affirmed(clauses: list[Clause], *categories: str) -> bool:
    return any(c.category in categories and not c.negated for c in clauses)


def _dated(spec: dict, tender: Tender, clauses: list[Clause], today: date) -> Check:
    since = spec["since"] if isinstance(spec["since"], date) else date.fromisoformat(spec["since"])
    day = _reference_day(tender, today)
    if _affirmed(clauses, spec["requires"]):
        return Check(spec["rule"], "ok", spec["ok"])  # met, whether or not it was already due
    if day < since:
        return Check(spec["rule"], "not_applicable",
                     f"Consultation close le {day.isoformat()}, avant l'entrée en vigueur le {since.isoformat()}.")
    return Check(spec["rule"], "missing", " ".join(spec["missing"].split()))


def _lots(spec: dict, tender: Tender, findings: dict[str, Finding], **_) -> Check:
    said = findings.get("lots")  # what the text says when no notice field does
    if len(tender.lots) > 1 or tender.lot_division or (tender.lot_division is None and said and said.kind == "strength"):
        return Check(spec["rule"], "ok", spec["ok"])
    if tender.lot_division is False or tender.lots or (said and said.kind == "barrier"):
        if _LOT_JUSTIFICATION.search(fold_same_length(tender.text)):
            return Check(spec["rule"], "ok", spec["justified"])
        return Check(spec["rule"], "missing", spec["missing"])
    return Check(spec["rule"], "unknown", spec["unknown"])


def _reserved(spec: dict, tender: Tender, clauses: list[Clause], **_) -> Check:
    reserved = [c for c in clauses if c.category in RESERVED and not c.negated]
    if not reserved and not tender.reserved and not any(lot.reserved for lot in tender.lots):
        return Check(spec["rule"], "not_applicable", spec["not_applicable"])
    cited = any(RESERVATION_ARTICLES & set(c.legal_refs) for c in reserved)
    cited = cited or bool(_ARTICLE_IN_TEXT.search(fold_same_length(tender.text)))
    return Check(spec["rule"], "ok" if cited else "missing", spec["ok"] if cited else spec["missing"])


_EU_NOTICE = re.compile(r"directive 2014/2[345]|journal officiel de l'union europeenne|\bjoue\b")
_ADAPTED = re.compile(r"procedure adaptee|\bmapa\b")


def above_eu_thresholds(tender: Tender) -> bool | None:
    """True for a notice published under the EU directives, False for an adapted procedure
    (MAPA), None when the file does not say."""
    if any(d.format in ("ted-xml", "eforms-xml") for d in tender.documents):
        return True
    text = fold_same_length(" ".join(filter(None, [tender.procedure or "", tender.text[:20000]])))
    if _EU_NOTICE.search(text):
        return True
    if _ADAPTED.search(text):
        return False
    return None


def _social(spec: dict, tender: Tender, clauses: list[Clause], today: date, **_) -> Check:
    since = spec["since"] if isinstance(spec["since"], date) else date.fromisoformat(spec["since"])
    day = _reference_day(tender, today)
    if _affirmed(clauses, "insertion_clause", "social_condition", "social_criterion", *RESERVED):
        return Check(spec["rule"], "ok", spec["ok"])
    if day < since:
        return Check(spec["rule"], "not_applicable",
                     f"Consultation close le {day.isoformat()}, avant l'entrée en vigueur le {since.isoformat()}.")
    above = above_eu_thresholds(tender)
    if above is None:
        return Check(spec["rule"], "unknown", " ".join(spec["unknown"].split()))
    if not above:
        return Check(spec["rule"], "not_applicable", spec["below"])
    return Check(spec["rule"], "missing", " ".join(spec["missing"].split()))


def _turnover(spec: dict, tender: Tender, findings: dict[str, Finding], **_) -> Check:
    finding = findings.get("turnover_requirement")
    required = parse_amount(finding.evidence) if finding else None
    value = tender.notice_fields.get("estimated_value")
    if required is None or not value:
        return Check(spec["rule"], "unknown", " ".join(spec["unknown"].split()))
    ratio = required / float(value)
    status = "ok" if ratio <= TURNOVER_CAP else "missing"
    return Check(spec["rule"], status, f"{spec[status]} (exigé {required:,.0f} €, valeur {float(value):,.0f} €, "
                                       f"soit {ratio:.1f} fois)".replace(",", " "))


def _advance(spec: dict, findings: dict[str, Finding], **_) -> Check:
    finding = findings.get("advance_payment")
    if finding is None:
        return Check(spec["rule"], "unknown", spec["unknown"])
    if finding.kind == "strength":
        return Check(spec["rule"], "ok", spec["ok"])
    return Check(spec["rule"], "missing", " ".join(spec["missing"].split()))


_CHECKS = {"lots": _lots, "reserved_article": _reserved, "social_consideration": _social,
           "turnover_cap": _turnover, "minimum_advance": _advance}


def check(tender: Tender, clauses: list[Clause], findings: list[Finding] | None = None,
          today: date | None = None) -> list[Check]:
    today = today or date.today()
    by_id = {f.id: f for f in findings or []}
    checks: list[Check] = []
    for spec in load("compliance.yml"):
        if spec["rule"] in _CHECKS:
            found = _CHECKS[spec["rule"]](spec, tender=tender, clauses=clauses, findings=by_id, today=today)
        else:
            found = _dated(spec, tender, clauses, today)
        # the reader sees the rule and its article first, then the reason
        checks.append(Check(found.rule, found.status, f"{spec['label']} : {found.explanation}"))
    return checks
