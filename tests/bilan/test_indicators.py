"""The figures of bilan.json against the same figures computed independently, in plain Python,
from the raw lines of a held-out extract (invented buyers), following the rules the method
states: dedupe on (buyer id, contract id), the version with the most modifications (the last
read on a tie); the year of dateNotification; initial montant as written (a missing one adds
nothing); shares over all the contracts of the scope and year, and over their amount."""
from __future__ import annotations

import json

import pytest

from tests.fixtures.decp import BUYERS, NO_ENV, NO_SOCIAL, SIREN_TWO_ESTABLISHMENTS, held_out, write_envelope, write_jsonl

SOCIAL_KINDS = {"Clause sociale": "clause", "Critère social": "criterion", "Marché réservé": "reserved"}
ENV_KINDS = {"Clause environnementale": "clause", "Critère environnemental": "criterion"}
BRETAGNE = ("35", "56", "29", "22")


def _buyer(record: dict) -> str | None:
    return record["acheteur"]["id"] if isinstance(record.get("acheteur"), dict) else record.get("acheteur.id")


def _values(record: dict, field: str, inner: str) -> list[str] | None:
    value = record.get(field)
    if value is None:
        return None
    return value[inner] if isinstance(value, dict) else value


def _amount(record: dict) -> float | None:
    value = record.get("montant")
    return None if value is None else float(value)


def independent(lines: list[str], in_scope, year: int) -> dict:
    kept: dict = {}
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if not isinstance(record, dict) or not _buyer(record) or not record.get("id"):
            continue
        key, mods = (_buyer(record), record["id"]), len(record.get("modifications") or [])
        if key not in kept or mods >= kept[key][0]:
            kept[key] = (mods, record)
    rows = [r for _, r in kept.values() if (r.get("dateNotification") or "")[:4] == str(year) and in_scope(r)]
    out = {"contracts": len(rows), "amount_ht": sum(_amount(r) or 0 for r in rows)}
    for family, field, inner, none, kinds in (
            ("social", "considerationsSociales", "considerationSociale", NO_SOCIAL, SOCIAL_KINDS),
            ("environmental", "considerationsEnvironnementales", "considerationEnvironnementale", NO_ENV, ENV_KINDS)):
        declared = [r for r in rows if _values(r, field, inner)]
        base_amount = out["amount_ht"]

        def block(selected):
            amount = sum(_amount(r) or 0 for r in selected)
            return {"count": len(selected), "share_count": len(selected) / len(rows) if rows else None,
                    "amount": amount, "share_amount": amount / base_amount if base_amount else None}

        def kinds_of(r):
            return {kinds.get(v.replace("\ufffd", "è")) for v in _values(r, field, inner)}

        out[family] = {**block([r for r in declared if any(v != none for v in _values(r, field, inner))]),
                       "undeclared": len(rows) - len(declared),
                       "by_kind": {k: block([r for r in declared if k in kinds_of(r)]) for k in set(kinds.values())}}
    out["by_procedure"] = {}
    for r in rows:
        out["by_procedure"][r["procedure"]] = out["by_procedure"].get(r["procedure"], 0) + 1
    return out


def assert_same(report: dict, expected: dict) -> None:
    assert report["contracts"] == expected["contracts"]
    assert report["amount_ht"] == pytest.approx(expected["amount_ht"], rel=1e-9)
    for family in ("social", "environmental"):
        got, want = report[family], expected[family]
        assert got["count"] == want["count"] and got["undeclared"] == want["undeclared"]
        for share in ("share_count", "share_amount"):
            assert round(got[share], 4) == round(want[share], 4), (family, share)
        assert got["amount"] == pytest.approx(want["amount"], rel=1e-9)
        for kind, values in want["by_kind"].items():
            assert got["by_kind"][kind]["count"] == values["count"], (family, kind)
            assert round(got["by_kind"][kind]["share_count"], 4) == round(values["share_count"], 4)
            assert round(got["by_kind"][kind]["share_amount"], 4) == round(values["share_amount"], 4)
    assert {row["procedure"]: row["contracts"] for row in report["by_procedure"]} == expected["by_procedure"]


@pytest.fixture
def extract(app, tmp_path):
    records, bad = held_out()
    path = tmp_path / "extrait.jsonl"
    bad_at = write_jsonl(path, records, bad)
    result = app.test_cli_runner().invoke(args=["decp", "import", str(path)])
    assert result.exit_code == 0, result.output
    return path, bad_at, result.output


def bilan_json(app, tmp_path, scope: str, year: int) -> dict:
    out = tmp_path / scope.replace(":", "_")
    result = app.test_cli_runner().invoke(args=["bilan", "--scope", scope, "--year", str(year), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads((out / "bilan.json").read_text(encoding="utf-8"))


def test_bad_lines_are_reported_with_their_number_and_the_rest_imported(extract):
    _, bad_at, output = extract
    assert len(bad_at) == 3
    for number in bad_at:
        assert f"extrait.jsonl, ligne {number} :" in output
    assert "3 enregistrement(s) ignoré(s)" in output


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_region_figures_equal_an_independent_computation(app, tmp_path, extract, year):
    lines = extract[0].read_text(encoding="utf-8").splitlines()
    expected = independent(lines, lambda r: r["lieuExecution"]["code"][:2] in BRETAGNE, year)
    report = bilan_json(app, tmp_path, "region:53", year)
    assert expected["contracts"] > 30  # the comparison is not vacuous
    assert_same(report, expected)
    years = {row["year"]: row["contracts"] for row in report["years"]}
    assert years[year] == expected["contracts"]


def test_buyer_scopes_siret_and_siren(app, tmp_path, extract):
    lines = extract[0].read_text(encoding="utf-8").splitlines()
    one = BUYERS[3][0]
    assert_same(bilan_json(app, tmp_path, f"siret:{one}", 2024), independent(lines, lambda r: _buyer(r) == one, 2024))
    siren = independent(lines, lambda r: _buyer(r)[:9] == SIREN_TWO_ESTABLISHMENTS, 2024)
    assert_same(bilan_json(app, tmp_path, f"siren:{SIREN_TWO_ESTABLISHMENTS}", 2024), siren)
    both = bilan_json(app, tmp_path, f"siret:{BUYERS[0][0]},{BUYERS[1][0]}", 2024)
    assert both["contracts"] == siren["contracts"]  # the two establishments of that SIREN


def test_departement_scope_and_placeholders(app, tmp_path, extract):
    lines = extract[0].read_text(encoding="utf-8").splitlines()
    expected = independent(lines, lambda r: r["lieuExecution"]["code"][:2] == "35", 2024)
    report = bilan_json(app, tmp_path, "departement:35", 2024)
    assert_same(report, expected)
    assert report["data_quality"]["amount_flags"]["zero"] > 0 and report["data_quality"]["amount_flags"]["one"] > 0
    assert report["data_quality"]["undated"]["missing"] > 0  # kept and counted, in no year
    assert report["data_quality"]["formats"]["2019"] > 0


def test_reimport_updates_never_duplicates(app, db, tmp_path, extract):
    path = extract[0]
    before = db.execute("SELECT count(*) FROM decp_contracts").fetchone()[0]
    first = bilan_json(app, tmp_path / "a", "region:53", 2024)
    result = app.test_cli_runner().invoke(args=["decp", "import", str(path)])
    assert result.exit_code == 0 and "0 nouveaux" in result.output
    assert db.execute("SELECT count(*) FROM decp_contracts").fetchone()[0] == before
    again = bilan_json(app, tmp_path / "b", "region:53", 2024)
    for key in ("contracts", "amount_ht", "social", "environmental", "by_procedure", "by_size", "years"):
        assert again[key] == first[key]
    records, _ = held_out()
    modified = db.execute("SELECT modifications, amount_current, s_clause FROM decp_contracts "
                          "WHERE contract_id = ?", (records[11]["id"],)).fetchone()
    assert modified == (1, 999_999.0, 0)  # the older version read last did not replace it
    last = db.execute("SELECT s_reserved FROM decp_contracts WHERE contract_id = ?", (records[20]["id"],)).fetchone()
    assert last == (1,)  # with as many modifications, the last version read wins


def test_the_official_envelope_gives_the_same_figures_as_json_lines(app, db, tmp_path, extract):
    records, _ = held_out()
    first = bilan_json(app, tmp_path / "lines", "region:53", 2024)
    db.execute("DELETE FROM decp_contracts")
    db.conn.commit()
    envelope = tmp_path / "marches.json"
    write_envelope(envelope, records)
    assert app.test_cli_runner().invoke(args=["decp", "import", str(envelope)]).exit_code == 0
    second = bilan_json(app, tmp_path / "envelope", "region:53", 2024)
    for key in ("contracts", "amount_ht", "social", "environmental", "by_cpv_division"):
        assert second[key] == first[key]
