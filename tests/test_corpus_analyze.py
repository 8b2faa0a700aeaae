"""End to end on the real DCE of the development corpus (skipped without ../shared/corpus)."""
from __future__ import annotations

import json

import pytest

from tests.conftest import CORPUS

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
