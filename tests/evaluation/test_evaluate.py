"""The evaluation command: counting, weights comparison, labels file and the CLI table."""
from __future__ import annotations

import csv

import pytest
import yaml

from evaluation.clauses import LABELS_DIR, Counts, Gold, Result, load_labels, report_weights, weights_match
from nlp.criteria.hierarchy import criteria_of_list
from taxonomy import CATEGORIES, FINDINGS


def _gold(**cats) -> Gold:
    return Gold(source="x", categories={c: bool(cats.get(c)) for c in CATEGORIES}, weights=None)


def _report(categories=(), criteria=()) -> dict:
    return {"error": None, "categories": {c: c in categories for c in CATEGORIES},
            "tender": {"award_criteria": [{"name": n, "weight": w, "lot": lot} for n, w, lot in criteria]}}


def test_counts_give_precision_recall_f1():
    c = Counts(tp=8, fp=2, fn=2, tn=88)
    assert c.support == 10
    assert c.precision == pytest.approx(0.8)
    assert c.recall == pytest.approx(0.8)
    assert c.f1 == pytest.approx(0.8)
    assert Counts(tn=5).f1 is None  # no positives at all: undefined, not perfect


def test_result_counts_each_category_and_records_errors():
    result = Result()
    result.add(_gold(insertion_clause=True), _report({"insertion_clause", "fair_trade"}))
    result.add(_gold(social_condition=True), _report())
    assert result.counts["insertion_clause"].tp == 1
    assert result.counts["fair_trade"].fp == 1
    assert result.counts["social_condition"].fn == 1
    assert ("x", "FP fair_trade") in result.errors and ("x", "FN social_condition") in result.errors


def test_weights_compared_per_lot_and_as_multisets():
    assert weights_match({"all": [60, 40]}, {"all": [40.0, 60.0]})
    assert not weights_match({"all": [60, 40]}, {"all": [60.0]})
    assert weights_match({"01": [70, 30], "2": [50, 50]}, {"1": [70, 30], "2": [50, 50]})
    assert not weights_match({"1": [70, 30], "2": [50, 50]}, {"1": [70, 30], "2": [70, 30]})


def test_one_list_for_all_lots_equals_the_same_list_repeated():
    assert weights_match({"all": [60, 40]}, {"1": [60, 40], "2": [60, 40]})
    assert weights_match({"1": [60, 40], "2": [60, 40]}, {"all": [60, 40]})
    assert not weights_match({"all": [60, 40]}, {"1": [60, 40], "2": [50, 50]})


def test_report_weights_groups_by_lot_and_skips_unweighted():
    report = _report(criteria=[("Prix", 60, None), ("Valeur technique", 40, None), ("Délai", None, None),
                               ("Prix", 50, "Lot 2"), ("Technique", 50, "2")])
    assert report_weights(report) == {"all": [60.0, 40.0], "2": [50.0, 50.0]}


def test_tender_with_weights_counts_exact_or_not():
    result = Result()
    gold = _gold()
    gold.weights = {"all": [60, 40]}
    result.add(gold, _report(criteria=[("Prix", 60, None), ("Technique", 40, None)]))
    result.add(gold, _report(criteria=[("Prix", 60, None)]))
    assert (result.weights_exact, result.weights_total) == (1, 2)


def test_the_reports_criteria_are_compared_with_the_labels_list_less_its_sub_criteria_lines():
    result = Result()
    gold = _gold()
    gold.weights, gold.subcriteria = {"all": [40, 20, 20, 60]}, True  # technique 40 (20 + 20), price 60
    result.add(gold, _report(criteria=[("Valeur technique", 40, None), ("Prix", 60, None)]))
    result.add(gold, _report(criteria=[("Valeur technique", 20, None), ("Prix", 60, None)]))
    assert (result.weights_exact, result.weights_criteria, result.weights_total) == (0, 1, 2)
    # without sub-criteria in the label, a shorter list is wrong
    plain = _gold()
    plain.weights = {"all": [40, 20, 20, 20]}
    result.add(plain, _report(criteria=[("Valeur technique", 40, None), ("Prix", 20, None)]))
    assert result.weights_criteria == 1


def test_criteria_of_a_list_written_with_its_sub_criteria():
    assert criteria_of_list([40, 20, 20, 60]) == [40, 60]
    assert criteria_of_list([60, 30, 20, 10, 40]) == [60, 40]
    assert criteria_of_list([60, 40]) == [60, 40]
    assert criteria_of_list([0.6, 0.2, 0.2]) == [0.6, 0.2, 0.2]
    assert criteria_of_list([50, 30]) is None  # adds up no way


def test_labels_file_is_well_formed():
    rows = load_labels(LABELS_DIR / "dev.csv")
    assert len(rows) >= 200
    assert len({r.source for r in rows}) == len(rows)
    with open(LABELS_DIR / "dev.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert all(row[c] in ("0", "1") for c in CATEGORIES), row["source"]
            assert len(row["note"].split()) <= 12, row["source"]  # ids and booleans, never corpus text


def test_evaluate_command_prints_the_table(tmp_path, app):
    (tmp_path / "a.txt").write_text("Clause d'insertion : le titulaire réalisera 300 heures d'insertion.\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("Fourniture de papier. Aucune clause sociale.\n", encoding="utf-8")
    labels = tmp_path / "labels.csv"
    header = ["source", *CATEGORIES, "weights", "note"]
    with open(labels, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerow(["a.txt", 1, *[0] * (len(CATEGORIES) - 1), "", "insertion hours"])
        writer.writerow(["b.txt", *[0] * len(CATEGORIES), "", "negated"])
    result = app.test_cli_runner().invoke(args=["evaluate", "--labels", str(labels), "--corpus", str(tmp_path)])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("insertion_clause"))
    assert row.split()[1:5] == ["1", "1", "0", "0"]  # support, TP, FP, FN
    assert "1.00" in row


def test_evaluate_measures_a_split_and_never_lists_test_errors(tmp_path, app):
    (tmp_path / "a.txt").write_text("Clause d'insertion : le titulaire réalisera 300 heures d'insertion.\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("Fourniture de papier.\n", encoding="utf-8")
    labels = tmp_path / "labels.csv"
    with open(labels, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["source", *CATEGORIES, "weights", "note", "split"])
        writer.writerow(["a.txt", 1, *[0] * (len(CATEGORIES) - 1), "", "", "tune"])
        writer.writerow(["b.txt", 1, *[0] * (len(CATEGORIES) - 1), "", "", "test"])
    runner = app.test_cli_runner()
    tune = runner.invoke(args=["evaluate", "--labels", str(labels), "--corpus", str(tmp_path), "--split", "tune"])
    assert "1 avis étiquetés (partition tune" in tune.output
    row = next(line for line in tune.output.splitlines() if line.startswith("insertion_clause"))
    assert row.split()[1:5] == ["1", "1", "0", "0"]
    test = runner.invoke(args=["evaluate", "--labels", str(labels), "--corpus", str(tmp_path), "--split", "test"])
    row = next(line for line in test.output.splitlines() if line.startswith("insertion_clause"))
    assert row.split()[1:5] == ["1", "0", "0", "1"] and row.split()[-1] == "0.00"  # missed: F1 0, not "-"
    refused = runner.invoke(args=["evaluate", "--labels", str(labels), "--corpus", str(tmp_path), "--split", "test",
                                  "--errors"])
    assert refused.exit_code != 0 and "partition de test" in refused.output


def test_evaluate_counts_findings_and_identity_fields(tmp_path, app):
    (tmp_path / "rc.txt").write_text("Objet de la consultation : Entretien des espaces verts\n"
                                     "Les variantes ne sont pas autorisées.\n", encoding="utf-8")
    labels = tmp_path / "labels.csv"
    labels.write_text("source," + ",".join(CATEGORIES) + ",weights,note\n", encoding="utf-8")
    access = tmp_path / "access.yml"
    findings = {f: {"kind": "silent"} for f in FINDINGS}
    findings["variants"] = {"kind": "barrier"}
    findings["site_visit"] = {"kind": "strength"}
    access.write_text(yaml.safe_dump([{"source": "rc.txt", "split": "tune", "findings": findings,
                                       "identity": {"title": "Entretien des espaces verts", "buyer": "Ville de X"}}],
                                     allow_unicode=True), encoding="utf-8")
    out = app.test_cli_runner().invoke(args=["evaluate", "--labels", str(labels), "--access", str(access),
                                             "--corpus", str(tmp_path)]).output
    variants = next(line for line in out.splitlines() if line.startswith("variants"))
    visit = next(line for line in out.splitlines() if line.startswith("site_visit"))
    assert variants.split()[1:3] == ["1", "1"] and visit.split()[1:5] == ["1", "0", "0", "1"]
    assert next(line for line in out.splitlines() if line.startswith("title")).split()[1:3] == ["1", "1"]
    assert next(line for line in out.splitlines() if line.startswith("buyer")).split()[1:3] == ["1", "0"]
