"""Reading DECP files: every format and quirk the platforms produce, read into the same records."""
from __future__ import annotations

import json

import pytest

import decp
from decp.model import Contract, Problem
from decp.normalise import normalise
from decp.values import considerations, cpv_code, date_value, number
from tests.fixtures.decp import NO_ENV, NO_SOCIAL, record_2019, record_2024, write_csv, write_envelope, write_jsonl


def contracts(path) -> list[Contract]:
    return [item for _, item in decp.read(path) if isinstance(item, Contract)]


def problems(path) -> list[Problem]:
    return [item for _, item in decp.read(path) if isinstance(item, Problem)]


def test_the_official_envelope_the_flat_consolidated_one_and_a_bare_list(tmp_path):
    records = [record_2024("99887766500012", "A-1", "2024-03-01", 50_000), record_2019("99887766500012", "B-1",
                                                                                        "2019-05-02", 60_000)]
    write_envelope(tmp_path / "enveloppe.json", records)
    write_envelope(tmp_path / "plat.json", records, flat=True)
    (tmp_path / "liste.json").write_text(json.dumps(records), encoding="utf-8")
    for name in ("enveloppe.json", "plat.json", "liste.json"):
        found = contracts(tmp_path / name)
        assert [(c.contract_id, c.format) for c in found] == [("A-1", "2024"), ("B-1", "2019")], name


def test_concessions_in_the_envelope_are_read_as_concessions(tmp_path):
    concession = {"id": "C-9", "autoriteConcedante": {"id": "99112233400018"}, "nature": "Concession de service",
                  "objet": "Gestion d'un équipement", "dateSignature": "2024-02-02", "valeurGlobale": 2_000_000,
                  "concessionnaires": [{"concessionnaire": {"typeIdentifiant": "SIRET", "id": "12312312300011"}}]}
    path = tmp_path / "marches.json"
    path.write_text(json.dumps({"marches": {"marche": [record_2024("99112233400018", "M-1", "2024-01-01", 90_000)],
                                            "contrat-concession": [concession]}}), encoding="utf-8")
    found = {c.contract_id: c for c in contracts(path)}
    assert found["C-9"].kind == "concession" and found["C-9"].notified == "2024-02-02"
    assert found["C-9"].amount == 2_000_000 and found["C-9"].holders == ("12312312300011",)
    assert found["M-1"].kind == "marche"


def test_a_bad_line_is_reported_with_its_number_and_the_rest_read(tmp_path):
    path = tmp_path / "lignes.jsonl"
    good = [record_2024("99887766500012", f"L-{n}", "2024-01-01", 50_000) for n in range(5)]
    bad_at = write_jsonl(path, good, ['{"id": "coupé"', json.dumps({"montant": 3})], bad_every=3)
    assert len(contracts(path)) == 5
    found = problems(path)
    assert [p.line for p in found] == sorted(bad_at)
    assert "JSON illisible" in found[0].message and "acheteur" in found[1].message
    assert str(found[0]).startswith(f"lignes.jsonl, ligne {found[0].line} :")


def test_a_broken_json_file_keeps_the_records_before_the_break(tmp_path):
    path = tmp_path / "casse.json"
    text = json.dumps({"marches": [record_2024("99887766500012", "OK-1", "2024-01-01", 50_000)]})
    path.write_text(text[:-2] + ', {"id": "X", "montant": NaN}]}', encoding="utf-8")
    assert [c.contract_id for c in contracts(path)] == ["OK-1"]
    assert "la suite du fichier est ignorée" in problems(path)[0].message


def test_csv_with_dotted_or_underscored_columns_and_list_cells(tmp_path):
    rows = [{"id": "CSV-1", "acheteur.id": "99887766500012", "dateNotification": "15/03/2024", "montant": "12 500,50",
             "considerationsSociales": "Clause sociale, Critère social", "considerationsEnvironnementales": NO_ENV,
             "lieuExecution.code": "35000", "lieuExecution.typeCode": "Code postal", "codeCPV": "45233140-2"},
            {"id": "CSV-2", "acheteur.id": "99887766500012", "dateNotification": "", "montant": "0",
             "considerationsSociales": NO_SOCIAL, "considerationsEnvironnementales": "Critère environnemental",
             "lieuExecution.code": "", "lieuExecution.typeCode": "", "codeCPV": ""}]
    write_csv(tmp_path / "decp.csv", rows)
    underscored = [{k.replace("acheteur.id", "acheteur_id").replace("lieuExecution.", "lieuExecution_"): v
                    for k, v in row.items()} for row in rows]
    write_csv(tmp_path / "decp2.csv", underscored, delimiter=",")
    for name in ("decp.csv", "decp2.csv"):
        first, second = contracts(tmp_path / name)
        assert first.notified == "2024-03-15" and first.amount == 12500.5 and first.cpv == "45233140"
        assert first.social_kinds == {"clause", "criterion"} and first.departement == "35" and first.region == "53"
        assert second.date_flag == "missing" and second.amount_flag == "zero"
        assert second.environmental_kinds == {"criterion"} and second.social_kinds == frozenset()


def test_nested_flat_and_mis_decoded_considerations():
    nested = considerations({"considerationSociale": ["Clause sociale", "Marché réservé"]}, "social")
    flat = considerations(["Clause sociale", "Marché réservé"], "social")
    assert nested == flat == (("Clause sociale", "Marché réservé"), frozenset({"clause", "reserved"}))
    assert considerations({"considerationSociale": ["Crit\ufffdre social"]}, "social") == (
        ("Critère social",), frozenset({"criterion"}))
    assert considerations([NO_SOCIAL], "social") == ((NO_SOCIAL,), frozenset())
    assert considerations(None, "social") == (None, frozenset())  # 2019 format: not declared
    assert considerations(["Clause verte inventée"], "environmental")[1] == {"other"}  # still a consideration


def test_acheteur_as_object_or_as_flat_id():
    assert normalise(record_2019("99887766500012", "F-1", "2019-01-01", 5e4, flat_buyer=True)).buyer_id == "99887766500012"
    assert normalise(record_2019("99887766500012", "F-1", "2019-01-01", 5e4)).buyer_name == "Commune inventée"
    with pytest.raises(decp.RecordError):
        normalise({"id": "X", "montant": 1})


def test_amounts_dates_and_cpv_as_the_platforms_write_them():
    assert number("125000.50") == 125000.5 and number("1 250,5") == 1250.5 and number("NC") is None
    flags = [normalise(record_2024("99887766500012", "M", "2024-01-01", a)).amount_flag
             for a in (0, 1, "1.0", None, -5, 2e10, 40_000)]
    assert flags == ["zero", "one", "one", "missing", "negative", "implausible", None]
    assert date_value("2021-11-19+03:00") == ("2021-11-19", None)
    assert date_value(None) == (None, "missing") and date_value("0218-05-01") == (None, "invalid")
    assert date_value("2024-02-30") == (None, "invalid")
    assert cpv_code("9132100") == "09132100" and cpv_code("0") is None and cpv_code("45000000-7") == "45000000"


def test_modifications_apply_in_order_and_the_initial_amount_is_kept():
    record = record_2024("99887766500012", "MOD-1", "2024-01-10", 100_000, modifications=[
        {"id": 2, "montant": 130_000, "titulaires": [{"titulaire": {"typeIdentifiant": "SIRET", "id": "22233344400055"}}]},
        {"id": 1, "montant": 120_000, "dureeMois": 18}])
    contract = normalise(record)
    assert contract.amount == 100_000 and contract.amount_current == 130_000
    assert contract.duration_months == 18 and contract.holders == ("22233344400055",) and contract.modifications == 2
    old = normalise(record_2019("99887766500012", "MOD-2", "2019-01-10", 80_000, modifications=[
        {"objetModification": "Avenant 1", "montant": 85_000, "dateNotificationModification": "2019-06-01"}, ""]))
    assert old.amount == 80_000 and old.amount_current == 85_000 and old.modifications == 1


def test_procedures_of_the_2019_format_take_their_2024_names():
    record = record_2019("99887766500012", "P-1", "2019-01-01", 5e4)
    record["procedure"] = "Procédure concurrentielle avec négociation"
    assert normalise(record).procedure == "Procédure avec négociation"
    record["procedure"] = "Appel d offres ouvert"
    assert normalise(record).procedure == "Appel d'offres ouvert"


def test_the_six_column_extract_locates_by_the_buyer_postcode(tmp_path):
    row = {"id_marche": "SIX-1", "date_notification": "2025-01-31", "objet_marche": "Nettoyage", "montant_marche":
           "80000.0000", "id_acheteur": "99445566700014", "code_postal_acheteur": "75011"}
    path = tmp_path / "six.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    (contract,) = contracts(path)
    assert contract.format == "minimal" and contract.place_from == "buyer"
    assert (contract.departement, contract.region, contract.amount) == ("75", "11", 80000.0)
    assert contract.social is None
