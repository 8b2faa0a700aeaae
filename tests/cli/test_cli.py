"""The CLI commands: analyze, batch, import — what a user types, what they see."""
from __future__ import annotations

import json


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_analyze_prints_a_french_summary(app, dce_folder):
    result = run(app, "analyze", str(dce_folder))
    assert result.exit_code == 0, result.output
    assert "Documents :" in result.output
    assert "RC.txt (RC" in result.output and "CCAP.txt (CCAP" in result.output
    assert "Clause d'insertion : oui" in result.output
    assert "Marché réservé SIAE : non" in result.output  # "Marché réservé : non" is not a reservation


def test_analyze_json_is_a_valid_report(app, dce_folder, assert_valid_report):
    result = run(app, "analyze", str(dce_folder), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert_valid_report(report)
    assert report["input"] == str(dce_folder)
    assert report["categories"]["insertion_clause"] is True
    assert report["categories"]["environmental_condition"] is True
    insertion = next(c for c in report["clauses"] if c["category"] == "insertion_clause" and not c["negated"])
    assert insertion["document"] == "CCAP.txt"
    assert "L2112-2" in insertion["legal_refs"]
    weights = {c["name"]: c["weight"] for c in report["tender"]["award_criteria"]}
    assert weights.get("Prix des prestations") == 50


def test_analyze_refuses_a_corrupt_file_with_a_clear_message(app, tmp_path):
    bad = tmp_path / "CCAP.pdf"
    bad.write_bytes(b"%PDF-1.7\nthis is not really a pdf")
    result = run(app, "analyze", str(bad))
    assert result.exit_code != 0
    assert "CCAP.pdf" in result.output


def test_batch_writes_one_line_per_tender_and_survives_errors(app, dce_folder, tmp_path, assert_valid_report):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    out = tmp_path / "out.jsonl"
    result = run(app, "batch", str(dce_folder), str(bad), str(dce_folder / "RC.txt"), "--jsonl", str(out))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["input"] for r in lines] == [str(dce_folder), str(bad), str(dce_folder / "RC.txt")]
    for report in lines:
        assert_valid_report(report)
    assert lines[0]["error"] is None and lines[2]["error"] is None
    assert lines[1]["error"]
    assert "1 en erreur" in result.output


def test_batch_with_two_workers_gives_the_same_reports(app, dce_folder, tmp_path):
    out1, out2 = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    paths = [str(dce_folder), str(dce_folder / "CCAP.txt")]
    assert run(app, "batch", *paths, "--jsonl", str(out1)).exit_code == 0
    assert run(app, "batch", *paths, "--jsonl", str(out2), "--workers", "2").exit_code == 0

    def strip(line):
        report = json.loads(line)
        report.pop("timings_ms")
        return report

    assert [strip(x) for x in out1.read_text().splitlines()] == [strip(x) for x in out2.read_text().splitlines()]


def test_import_stores_once(app, dce_folder):
    first = run(app, "import", str(dce_folder))
    second = run(app, "import", str(dce_folder))
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "appel d'offres n° 1" in first.output and "appel d'offres n° 1" in second.output
    with app.app_context():
        from store.db import get_db
        assert get_db()["tenders"].count == 1


def test_stats_shows_how_a_batch_spreads(app, dce_folder, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    empty = tmp_path / "chaises.txt"
    empty.write_text("Objet : fourniture de chaises de bureau.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(app, "batch", str(dce_folder), str(empty), str(bad), "--jsonl", str(out)).exit_code == 0
    reports = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    result = run(app, "stats", str(out))
    assert result.exit_code == 0, result.output
    assert "2 rapports analysés, 1 en erreur" in result.output
    grades = next(line for line in result.output.splitlines() if line.startswith("Notes :"))
    for report in reports[:2]:
        assert f"{report['score']['grade']} " in grades
    assert sum(int(grades.split(f"{g} ")[1].split()[0]) for g in "ABCDE") == 2
    assert "insertion_clause" in result.output  # the chairs tender lacks it: recommended


def test_stats_refuses_a_broken_line(app, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("{not json\n", encoding="utf-8")
    result = run(app, "stats", str(out))
    assert result.exit_code != 0 and "ligne 1" in result.output
