"""The report stage: the JSON report, its CSV export, and the service that chains the stages."""
from __future__ import annotations

from report import error_report
from report.exports import report_csv
from report.schema import errors
from taxonomy import CATEGORIES
from tests.fixtures.paths import ROOT


def test_an_error_report_keeps_every_field_of_the_contract():
    report = error_report("x.pdf", "Fichier illisible.")
    assert errors(report) == []
    assert report["categories"] == {c: False for c in CATEGORIES}


def test_the_pipeline_version_covers_every_file_that_decides_a_report():
    import service

    covered = set(service.versioned_files())
    deciding = [p for room in ("taxonomy", "text", "tenders", "nlp", "scoring", "report")
                for p in (ROOT / room).rglob("*") if p.suffix in (".py", ".yml", ".yaml", ".joblib")
                and "training" not in p.parts and "__pycache__" not in p.parts]
    assert deciding and not [p for p in deciding if p not in covered]
    assert ROOT / "service.py" in covered


def test_csv_has_one_row_per_item_and_a_bom_for_spreadsheets():
    report = {"score": {"total": 40, "grade": "C", "axes": {"social": 10}}, "accessibility": {"score": 50, "findings": []},
              "clauses": [{"category": "fair_trade", "text": "café ; équitable", "document": "CCTP.odt",
                           "page": None, "negated": False, "strength": "mandatory"}],
              "compliance": [{"rule": "lots", "status": "ok", "explanation": "Divisé en lots."}],
              "recommendations": [{"lever": "reserved", "text": "Réserver un lot.", "guide_ref": "marches-reserves"}]}
    out = report_csv(report)
    assert out.startswith("\ufeffrubrique;")
    assert '"café ; équitable"' in out  # the separator inside a passage is quoted
    assert len(out.strip().splitlines()) == 1 + 3 + 1 + 1 + 1
