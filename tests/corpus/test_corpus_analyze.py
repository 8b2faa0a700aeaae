"""End to end on the real DCE of the development corpus (skipped without ../shared/corpus)."""
from __future__ import annotations

import json

import pytest

from tests.fixtures.paths import CORPUS

DCE = CORPUS / "dce" / "ifpra_normandie_moteur_agri"
pytestmark = pytest.mark.skipif(not DCE.is_dir(), reason="development corpus not available")


def test_real_dce_gives_a_schema_valid_report_with_its_documents(app, assert_valid_report):
    import pypdfium2

    result = app.test_cli_runner().invoke(args=["analyze", str(DCE), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert_valid_report(report)
    docs = {d["name"]: d for d in report["tender"]["documents"]}
    assert {docs[n]["kind"] for n in ("RC.pdf", "CCAP.pdf", "CCTP.pdf")} == {"RC", "CCAP", "CCTP"}
    for name, doc in docs.items():
        assert doc["pages"] == len(pypdfium2.PdfDocument(str(DCE / name)))
    for c in report["clauses"]:
        assert c["document"] in docs and c["page"] is not None


LEVER_OF = {"insertion_clause": "insertion_clause", "social_criterion": "social_criterion",
            "environmental_condition": "environmental_condition", "environmental_criterion": "environmental_criterion"}


def _sample() -> list:
    import random

    paths = []
    for folder, pattern in (("ted", "*.xml"), ("eforms", "*.xml"), ("boamp_xml", "*.xml"), ("boamp_text", "*.txt")):
        found = sorted((CORPUS / folder).glob(pattern))
        paths += random.Random(7).sample(found, min(8, len(found)))
    return paths + [DCE]


@pytest.mark.parametrize("path", _sample(), ids=lambda p: p.name)
def test_every_tender_gets_scores_checks_and_levers(path, assert_valid_report):
    from service import analyze_path

    from scoring import purchase

    report, tender, _ = analyze_path(path)
    assert_valid_report(report)
    assert report["score"]["total"] is not None and report["score"]["grade"] in "ABCDE"
    assert report["accessibility"]["score"] is not None
    assert len(report["compliance"]) == 7
    levers = {r["lever"] for r in report["recommendations"]}
    families = purchase.families(tender)
    # a missing lever is proposed when it fits the purchase (scoring/ess_families.yml): hours of
    # insertion need labour (not a bare supply of goods), a reservation needs structures that supply it
    goods = purchase.kind(tender) == "supplies" and not any(f.labour for f in families)
    for category, lever in LEVER_OF.items():
        if not report["categories"][category] and not (lever == "insertion_clause" and goods):
            assert lever in levers, (category, levers)
    reserved = any(report["categories"][c] for c in ("reserved_disability", "reserved_insertion", "reserved_ess"))
    assert ("reserved" in levers) == (not reserved and any(f.suppliers for f in families)), levers
    assert all(r["why"] for r in report["recommendations"])
