"""Check the legal obligations of compliance.yml: tender, clauses and findings in, checks out."""
from __future__ import annotations

import re
from datetime import date

from nlp.model import Clause
from scoring import accessibility
from scoring.data import load
from scoring.model import Check, Finding
from taxonomy import RESERVED
from tenders.model import Tender
from text import fold_same_length

RESERVATION_ARTICLES = {"L2113-12", "L2113-13", "L2113-14", "L2113-15", "L2113-16", "CMP-15", "ORD2015-36", "ORD2015-37"}
_ARTICLE_IN_TEXT = re.compile(r"l\.?\s?2113-1[2-6]|article 15 du code|article 3[67] de l'ordonnance")
_LOT_JUSTIFICATION = re.compile(
    r"(?:non[- ]?allotissement|pas (?:divise|alloti)|marche global)[^.]{0,200}(?:justifi|motiv|raison|\bcar\b|parce que|compte tenu|du fait)")


def _affirmed(clauses: list[Clause], *categories: str) -> bool:
    return any(c.category in categories and not c.negated for c in clauses)


def _dated(spec: dict, tender: Tender, clauses: list[Clause], today: date) -> Check:
    since = spec["since"] if isinstance(spec["since"], date) else date.fromisoformat(spec["since"])
    day = accessibility.reference_day(tender, today)
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
    day = accessibility.reference_day(tender, today)
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


def _turnover(spec: dict, tender: Tender, today: date, **_) -> Check:
    """The floor the files set, against the cap in force at the deadline (R2142-7)."""
    facts = {t.fact: t for t in tender.terms if t.id == "turnover_requirement"}
    cap = accessibility.turnover_cap(tender, today)
    head = f"plafond de {cap:g} fois la valeur à la date limite"
    multiple = facts.get("multiple")
    if multiple and multiple.value:
        status = "ok" if multiple.value <= cap else "missing"
        return Check(spec["rule"], status, f"{spec[status]} (exigé {multiple.value:g} fois la valeur ; {head})")
    amount = facts.get("minimum_amount")
    ratio = accessibility.turnover_ratio(amount, tender) if amount else None
    if ratio is not None:
        status = "ok" if ratio <= cap else "missing"
        return Check(spec["rule"], status, f"{spec[status]} (exigé {amount.value:,.0f} €, soit {ratio:.1f} fois la "
                                           f"valeur ; {head})".replace(",", " "))
    if amount is None and ("declaration" in facts or "none_required" in facts):
        return Check(spec["rule"], "ok", spec["no_floor"])
    return Check(spec["rule"], "unknown", " ".join(spec["unknown"].split()))


def _advance(spec: dict, tender: Tender, **_) -> Check:
    facts = {t.fact: t for t in tender.terms if t.id == "advance_payment"}
    rate = facts.get("rate")
    if "none" in facts or (rate and rate.value is not None and rate.value < 5):
        return Check(spec["rule"], "missing", " ".join(spec["missing"].split()))
    if rate or "statutory" in facts or "first_demand" in facts:
        return Check(spec["rule"], "ok", spec["ok"] + (f" (taux : {rate.value:g} %)" if rate and rate.value else ""))
    return Check(spec["rule"], "unknown", spec["unknown"])


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
