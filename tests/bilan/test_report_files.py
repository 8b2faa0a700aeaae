"""The three files of `flask --app app bilan`: the JSON's fields, the HTML, and a PDF that opens,
with its charts, its method and its sources."""
from __future__ import annotations

import json

import pytest

from tests.fixtures.decp import held_out, write_jsonl


@pytest.fixture
def written(app, tmp_path):
    records, bad = held_out()
    path = tmp_path / "extrait.jsonl"
    write_jsonl(path, records, bad)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["decp", "import", str(path)]).exit_code == 0
    out = tmp_path / "bilan"
    result = runner.invoke(args=["bilan", "--scope", "region:53", "--year", "2024", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_json_holds_the_fields_the_issue_asks_for(written):
    report = json.loads((written / "bilan.json").read_text(encoding="utf-8"))
    for key in ("contracts", "amount_ht", "by_procedure", "by_cpv_division", "by_size", "years", "targets",
                "national", "documents", "method", "sources", "data_quality"):
        assert key in report
    for family, kinds in (("social", {"clause", "criterion", "reserved"}), ("environmental", {"clause", "criterion"})):
        block = report[family]
        assert {"count", "share_count", "amount", "share_amount", "by_kind"} <= set(block)
        assert kinds <= set(block["by_kind"])
    assert {t["id"] for t in report["targets"]} == {"pnad_social", "pnad_environmental"}
    assert all(s.get("name") and s.get("publisher") for s in report["sources"])
    assert {n["source"] for n in report["national"]} <= {s["id"] for s in report["sources"]}
    assert sum(row["contracts"] for row in report["by_size"]) == report["contracts"]
    assert sum(row["contracts"] for row in report["by_cpv_division"]) == report["contracts"]


def test_the_html_has_charts_tables_method_and_sources(written):
    html = (written / "bilan.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 4 and "<table>" in html
    assert "Méthode" in html and "Sources" in html and "Plan national pour des achats durables" in html


def test_the_pdf_opens_and_states_its_method_and_sources(written):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(written / "bilan.pdf"))
    try:
        assert len(doc) >= 3
        text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        paths = sum(1 for i in range(len(doc)) for obj in doc[i].get_objects()
                    if obj.type == pdfium.raw.FPDF_PAGEOBJ_PATH)
    finally:
        doc.close()
    for words in ("Méthode", "Sources", "dateNotification", "Pas de considération sociale",
                  "Observatoire économique de la commande publique", "Bilan 2024"):
        assert words in text, words
    assert paths > 40  # the bars of the charts (and table rules) are drawn as paths
    for label in ("Sociale (au moins une)", "2024 · sociale", "Sociale : objectif 2025"):
        assert label in text, label  # bar labels, written in the charts only


def test_a_malformed_scope_is_refused_with_a_french_message(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["bilan", "--scope", "siret:12", "--year", "2024",
                                                "--out", str(tmp_path)])
    assert result.exit_code != 0 and "14 chiffres" in result.output


def test_org_buyer_ties_an_organisation_to_its_buyers(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["org-buyer", "Valbrune", "99887766500012", "998877665"]).exit_code == 0
    again = runner.invoke(args=["org-buyer", "Valbrune", "99887766500012"])
    assert "déjà rattaché" in again.output
    assert runner.invoke(args=["org-buyer", "Valbrune", "1234"]).exit_code != 0
    assert [r[0] for r in db.execute("SELECT identifier FROM org_buyers WHERE org = 'Valbrune' ORDER BY 1")] == [
        "998877665", "99887766500012"]
