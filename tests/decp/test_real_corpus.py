"""The real DECP records of ../shared/corpus/decp/real, read in place (skipped when absent)."""
from __future__ import annotations

import json
from collections import Counter

import pytest

import decp
from decp.model import Contract, Problem
from decp.values import vocabulary
from tests.fixtures.paths import CORPUS

REAL = CORPUS / "decp" / "real"
FILES = ("decp_v2_2020-2024_dematis.jsonl", "decp_v2_2024_megalis.jsonl", "decp_2019format_2018-2022.jsonl",
         "decp_minimal_2024-2025.jsonl")


@pytest.fixture(scope="module")
def real():
    if not REAL.is_dir():
        pytest.skip("../shared/corpus/decp/real absent : tests sur les DECP réelles ignorés")
    return REAL


@pytest.mark.parametrize("name", FILES)
def test_every_real_file_reads_every_line(real, name):
    lines = sum(1 for line in (real / name).open(encoding="utf-8") if line.strip())
    items = [item for _, item in decp.read(real / name)]
    assert len(items) == lines
    problems = [i for i in items if isinstance(i, Problem)]
    # The only records set aside lack their buyer or contract id; each says which line.
    assert all("absent" in p.message and p.line > 0 for p in problems)
    assert len(problems) <= lines // 100


def test_consideration_values_of_the_2024_files_are_the_schema_ones(real):
    allowed = {vocabulary()[f]["none"] for f in ("social", "environmental")}
    allowed |= {v for f in ("social", "environmental") for v in vocabulary()[f]["kinds"]}
    seen = Counter()
    for name in FILES[:2]:
        for _, item in decp.read(real / name):
            assert isinstance(item, Contract) and item.format == "2024"
            seen.update((item.social or ()) + (item.environmental or ()))
    assert set(seen) <= allowed and seen["Clause sociale"] > 0 and seen["Critère environnemental"] > 0


def test_a_real_buyer_year_equals_an_independent_count(app, tmp_path, real):
    """The busiest buyer of the 2024-format file, 2024, counted straight from the raw lines."""
    lines = [json.loads(line) for line in (real / FILES[0]).open(encoding="utf-8")]
    busiest = Counter(r["acheteur"]["id"] for r in lines if r["dateNotification"].startswith("2024")).most_common(1)[0][0]
    mine = [r for r in lines if r["acheteur"]["id"] == busiest and r["dateNotification"].startswith("2024")]
    social = [r for r in mine if set(r["considerationsSociales"]["considerationSociale"]) - {"Pas de considération sociale"}]
    green = [r for r in mine if set(r["considerationsEnvironnementales"]["considerationEnvironnementale"])
             - {"Pas de considération environnementale"}]
    runner = app.test_cli_runner()
    assert runner.invoke(args=["decp", "import", str(real / FILES[0])]).exit_code == 0
    out = tmp_path / "out"
    assert runner.invoke(args=["bilan", "--scope", f"siret:{busiest}", "--year", "2024", "--out", str(out)]).exit_code == 0
    report = json.loads((out / "bilan.json").read_text(encoding="utf-8"))
    assert report["contracts"] == len(mine)
    assert report["social"]["count"] == len(social) and report["environmental"]["count"] == len(green)
    assert round(report["social"]["share_count"], 4) == round(len(social) / len(mine), 4)
    amounts = [r["montant"] for r in mine if r["montant"] > 1]
    assert report["amount_ht"] == pytest.approx(sum(amounts))
