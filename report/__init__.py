"""Stage 4, the report: `report.build(...)` assembles the JSON report of one tender (the
contract of report/analysis.schema.json, a copy of ../shared/analysis.schema.json), the same
from the CLI, the batch, the web and the API. Also here: its French summary for the terminal,
its CSV export, batch statistics and HTML-to-PDF printing."""
from __future__ import annotations

from dataclasses import asdict

from nlp.model import Analysis, Clause
from scoring.model import Assessment
from taxonomy import CATEGORIES
from tenders.model import Tender

SCHEMA_VERSION = "1"

__all__ = ["SCHEMA_VERSION", "build", "error_report"]


def _tender_dict(tender: Tender, analysis: Analysis) -> dict:
    return {
        "title": tender.title,
        "buyer": tender.buyer,
        "reference": tender.reference,
        "procedure": tender.procedure,
        "cpv": list(tender.cpv),
        "deadline": tender.deadline,
        "publication_date": tender.publication_date,
        "value_ht": tender.value_ht,
        "duration_months": tender.duration_months,
        "documents": [
            {"name": d.name, "kind": d.kind, "pages": d.page_count, "format": d.format, "ocr": d.ocr,
             "warnings": list(d.warnings)}
            for d in tender.documents
        ],
        "lots": [{"number": lot.number, "title": lot.title, "reserved": list(lot.reserved), "value_ht": lot.value_ht}
                 for lot in tender.lots],
        "award_criteria": [
            {"name": c.name, "weight": c.weight, "lot": c.lot, "type": c.type, "aspects": list(c.aspects)}
            for c in analysis.criteria
        ],
        "terms": [asdict(t) for t in tender.terms],
    }


def _clause_dict(c: Clause) -> dict:
    d = asdict(c)
    d["confidence"] = round(float(c.confidence), 3)
    return d


def build(input_name: str, tender: Tender, analysis: Analysis, assessment: Assessment,
          timings: dict[str, float] | None = None) -> dict:
    """The report of one analysed tender."""
    report = {
        "schema_version": SCHEMA_VERSION,
        "input": input_name,
        "error": None,
        "tender": _tender_dict(tender, analysis),
        "clauses": [_clause_dict(c) for c in analysis.clauses],
        "categories": analysis.categories,
        "accessibility": {"score": assessment.accessibility_score,
                          "findings": [asdict(f) for f in assessment.findings]},
        "compliance": [asdict(c) for c in assessment.compliance],
        "score": asdict(assessment.score),
        "recommendations": [asdict(r) for r in assessment.recommendations],
        "timings_ms": {k: round(v, 1) for k, v in (timings or {}).items()},
    }
    warnings = ([assessment.withheld] if assessment.withheld else []) + list(tender.notice_fields.get("warnings") or [])
    if warnings:
        report["warnings"] = warnings
    return report


def error_report(input_name: str, message: str) -> dict:
    """A report for an input that could not be analysed: every field present, all empty."""
    return {
        "schema_version": SCHEMA_VERSION,
        "input": input_name,
        "error": message,
        "tender": {"title": None, "buyer": None, "reference": None, "procedure": None, "cpv": [],
                   "deadline": None, "publication_date": None, "value_ht": None, "duration_months": None,
                   "documents": [], "lots": [], "award_criteria": [], "terms": []},
        "clauses": [],
        "categories": {cat: False for cat in CATEGORIES},
        "accessibility": {"score": None, "findings": []},
        "compliance": [],
        "score": {"total": None, "grade": "?", "axes": {}, "explanation": []},
        "recommendations": [],
    }
