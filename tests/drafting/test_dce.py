"""From a consultation file to its improved clauses: a DCE of three lots whose RC states their
estimated values, read by the project's readers, analysed, then drafted; clauses.docx states each
lot's hours; and `flask --app app draft` writes draft.json, clauses.docx and the marked-up CCAP."""
from __future__ import annotations

import io
import json

import docx
import pytest

import drafting
import service
from drafting.docx_out import clauses_docx
from drafting.render import hours as hours_text
from tests.fixtures.drafting import CCAP_PARAGRAPHS, LOT_VALUES, THREE_LOTS_CCAP, THREE_LOTS_RC, word_file


@pytest.fixture
def three_lots(tmp_path):
    folder = tmp_path / "dce_ecole"
    folder.mkdir()
    (folder / "RC.txt").write_text(THREE_LOTS_RC, encoding="utf-8")
    (folder / "CCAP.txt").write_text(THREE_LOTS_CCAP, encoding="utf-8")
    return folder


def analysed(folder):
    report, tender, files = service.analyze_path(folder)
    values = {lot["number"]: lot["value_ht"] for lot in report["tender"]["lots"]}
    assert values == LOT_VALUES  # the RC's lot values, as tenders/identity.py reads them
    return report, tender, files


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_three_lots_each_get_their_insertion_hours_and_the_score_rises(three_lots):
    report, tender, _ = analysed(three_lots)
    assert not report["categories"]["insertion_clause"]
    result = drafting.draft(report, tender)
    insertion = next(item for item in result["levers"] if item["lever"] == "insertion_clause")
    assert [row["lot"] for row in insertion["lots"]] == ["1", "2", "3"]
    for row in insertion["lots"]:
        assert row["value_ht"] == LOT_VALUES[row["lot"]]  # as the RC states it
        p = row["parameters"]
        assert row["hours"] == round(row["value_ht"] * p["labour_share"] * p["rate"] / p["hourly_cost"])
    assert result["score_after"] > result["score_before"]
    text = docx_text(clauses_docx(result))
    for row in insertion["lots"]:
        assert f"Lot n° {row['lot']} ({row['title']}) : {hours_text(row['hours'])}." in text
        assert hours_text(row["hours"]) in text.split("Heures d'insertion", 1)[1]  # the table too
    assert "Sources des ratios" in text and "mefsud77" in text


def test_the_cli_writes_draft_json_clauses_docx_and_the_marked_up_ccap(app, three_lots, tmp_path):
    (three_lots / "CCAP.txt").unlink()
    (three_lots / "CCAP.docx").write_bytes(word_file(CCAP_PARAGRAPHS))
    out = tmp_path / "sortie"
    result = app.test_cli_runner().invoke(args=["draft", str(three_lots), "--out", str(out), "--rate-pct", "10"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["CCAP-propositions.docx", "clauses.docx", "draft.json"]
    written = json.loads((out / "draft.json").read_text(encoding="utf-8"))
    assert {"score_before", "score_after", "levers"} <= set(written)
    assert written["parameters"]["rate"] == 0.10
    for item in written["levers"]:
        assert {"lever", "rc_text", "ccap_text", "score_gain", "lots"} <= set(item)
    docx.Document(out / "clauses.docx")
    marked = docx.Document(out / "CCAP-propositions.docx")
    assert [p.text for p in marked.paragraphs if p.text][:3] == [text for _, text in CCAP_PARAGRAPHS[:3]]
    assert str(out / "draft.json") in result.output


def test_the_cli_refuses_an_unreadable_file_with_its_message(app, tmp_path):
    bad = tmp_path / "CCAP.pdf"
    bad.write_bytes(b"%PDF-1.7\nrien de lisible")
    result = app.test_cli_runner().invoke(args=["draft", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code != 0 and "CCAP.pdf" in result.output
