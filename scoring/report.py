"""The analysis report of one tender: the JSON contract of analysis.schema.json.

`analyze` is the one path from a read Tender to a report, used by the CLI, the batch, the web
upload and the API alike.
"""
from __future__ import annotations

import time
from dataclasses import asdict
from typing import Callable

from nlp.model import CATEGORIES, Clause
from scoring import accessibility, compliance, grid, recommendations
from tenders.model import Tender

SCHEMA_VERSION = "1"

_RESERVED_LABELS = {
    "reserved_disability": "réservé aux entreprises adaptées et ESAT",
    "reserved_insertion": "réservé aux structures d'insertion par l'activité économique",
    "reserved_ess": "réservé aux entreprises de l'économie sociale et solidaire",
}


def _notice_clauses(tender: Tender, clauses: list[Clause]) -> list[Clause]:
    """Reservations a notice states in structured fields that the text detector did not see."""
    seen = {c.category for c in clauses if not c.negated}
    notice = next((d for d in tender.documents if d.kind == "AVIS"), None)
    extra = []
    wanted = list(tender.reserved) + [cat for lot in tender.lots for cat in lot.reserved]
    # The form's one checkbox for sheltered workshops means disability and insertion alike; when
    # the text names which one, the text decides.
    text_named = seen & {"reserved_disability", "reserved_insertion"}
    for category in dict.fromkeys(wanted):
        if category in seen or (text_named and category in ("reserved_disability", "reserved_insertion")):
            continue
        extra.append(Clause(category=category, text=f"Champ structuré de l'avis : marché {_RESERVED_LABELS[category]}.",
                            document=notice.name if notice else (tender.source or ""), page=None,
                            strength="mandatory", source="notice", confidence=1.0))
    return extra


def _tender_dict(tender: Tender) -> dict:
    return {
        "title": tender.title,
        "buyer": tender.buyer,
        "reference": tender.reference,
        "procedure": tender.procedure,
        "cpv": list(tender.cpv),
        "deadline": tender.deadline,
        "documents": [
            {"name": d.name, "kind": d.kind, "pages": d.page_count, "format": d.format,
             "warnings": list(d.warnings)}
            for d in tender.documents
        ],
        "lots": [{"number": lot.number, "title": lot.title, "reserved": list(lot.reserved)} for lot in tender.lots],
        "award_criteria": [
            {"name": c.name, "weight": c.weight, "lot": c.lot, "type": c.type, "aspects": list(c.aspects)}
            for c in tender.award_criteria
        ],
    }


def _clause_dict(c: Clause) -> dict:
    d = asdict(c)
    d["confidence"] = round(float(c.confidence), 3)
    return d


_TEXT_ORDER = {"RC": 0, "AVIS": 1}  # the consultation rules state the criteria, then the notice


def enrich_criteria(tender: Tender) -> None:
    """Weights from the text when the notice's fields gave none; aspects for every criterion.

    A notice field may carry the weight in the criterion's name ("Valeur technique — 40 %"), or
    leave the weights to free text (II.2.14, VI.3, the RC). Text criteria are the top-level ones:
    a sub-criterion's weight counts inside its parent's and would double the total.
    """
    from nlp import criteria  # late import: spaCy-free callers of this module stay light

    structured = tender.award_criteria
    if structured and all(c.weight is None for c in structured):
        for criterion in structured:
            split = criteria.weight_in_name(criterion.name)
            if split:
                criterion.name, criterion.weight = split
    if not any(c.weight is not None for c in tender.award_criteria):
        for doc in sorted(tender.documents, key=lambda d: _TEXT_ORDER.get(d.kind, 2)):
            found = [c for c in criteria.extract_award_criteria(doc) if not isinstance(c, criteria.SubCriterion)]
            if any(c.weight is not None for c in found):
                tender.award_criteria = found
                break
    for criterion in tender.award_criteria:
        if not criterion.aspects:
            criterion.aspects = criteria.classify_aspects(criterion.name)


def analyze(tender: Tender, input_name: str, timings: dict[str, float] | None = None,
            progress: Callable[[str], None] | None = None) -> dict:
    """Detect, score and assemble the report of one tender; `progress(stage)` marks each stage."""
    from nlp.classifier import classify_clauses
    from nlp.detect import detect_clauses

    progress = progress or (lambda _stage: None)
    timings = dict(timings or {})
    progress("detect")
    t0 = time.perf_counter()
    enrich_criteria(tender)
    clauses = detect_clauses(tender)
    clauses += classify_clauses(tender, clauses)  # recall over the rules; SOLIDARITY_CLASSIFIER=0: patterns only
    clauses += _notice_clauses(tender, clauses)
    timings["detect"] = (time.perf_counter() - t0) * 1000

    progress("score")
    t0 = time.perf_counter()
    findings = accessibility.assess(tender)
    acc_score = accessibility.accessibility_score(findings)
    score = grid.score(tender, clauses, acc_score)
    checks = compliance.check(tender, clauses, findings)
    recs = recommendations.recommend(tender, clauses, findings)
    timings["score"] = (time.perf_counter() - t0) * 1000

    return {
        "schema_version": SCHEMA_VERSION,
        "input": input_name,
        "error": None,
        "tender": _tender_dict(tender),
        "clauses": [_clause_dict(c) for c in clauses],
        "categories": {cat: any(c.category == cat and not c.negated for c in clauses) for cat in CATEGORIES},
        "accessibility": {"score": acc_score, "findings": [asdict(f) for f in findings]},
        "compliance": [asdict(c) for c in checks],
        "score": asdict(score),
        "recommendations": [asdict(r) for r in recs],
        "timings_ms": {k: round(v, 1) for k, v in timings.items()},
    }


def error_report(input_name: str, message: str) -> dict:
    """A report for an input that could not be analysed: every field present, all empty."""
    return {
        "schema_version": SCHEMA_VERSION,
        "input": input_name,
        "error": message,
        "tender": {"title": None, "buyer": None, "reference": None, "procedure": None, "cpv": [],
                   "deadline": None, "documents": [], "lots": [], "award_criteria": []},
        "clauses": [],
        "categories": {cat: False for cat in CATEGORIES},
        "accessibility": {"score": None, "findings": []},
        "compliance": [],
        "score": {"total": None, "grade": "?", "axes": {}, "explanation": []},
        "recommendations": [],
    }
