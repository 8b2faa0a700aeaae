"""The figures of the report, added up from the cells store.decp.cube returns (one cell per
year, procedure, CPV division, size band and declared considerations). Pure.

Definitions (the method section of the report states them in French):
- contracts: marchés notified in the year (dateNotification), after deduplication;
- amount_ht: sum of their initial `montant` HT as written; amounts of 0 or 1 EUR, negative or of
  10 billion EUR or more are flagged (counted in the method section) but not changed, and a
  missing amount adds nothing;
- a contract has a social consideration when `considerationsSociales` holds a value other than
  "Pas de considération sociale" (likewise for the environment);
- share_count = contracts with one / contracts; share_amount = their amount / amount_ht. A record
  without the field (2019 format) has no declared consideration; how many there are is
  `undeclared`, and `share_count_declared` gives the share among the records that declare it."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

FAMILIES = {"social": ("s_", ("clause", "criterion", "reserved", "other")),
            "environmental": ("e_", ("clause", "criterion", "other"))}


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _sum(cells: Iterable[dict], key: str) -> float:
    return sum((c[key] or 0 for c in cells), 0.0)


def family(cells: list[dict], name: str, kinds: bool = True) -> dict:
    prefix, kind_names = FAMILIES[name]
    declared = [c for c in cells if c[prefix + "any"] is not None]
    declared_count, declared_amount = int(_sum(declared, "contracts")), _sum(declared, "amount")
    all_count, all_amount = int(_sum(cells, "contracts")), _sum(cells, "amount")

    def block(selected: list[dict]) -> dict:
        count, amount = int(_sum(selected, "contracts")), _sum(selected, "amount")
        return {"count": count, "share_count": _ratio(count, all_count), "amount": amount,
                "share_amount": _ratio(amount, all_amount)}

    out = {**block([c for c in declared if c[prefix + "any"] == 1]), "declared": declared_count,
           "declared_amount": declared_amount, "undeclared": all_count - declared_count}
    out["share_count_declared"] = _ratio(out["count"], declared_count)
    out["share_amount_declared"] = _ratio(out["amount"], declared_amount)
    if kinds:
        out["by_kind"] = {kind: block([c for c in declared if c[prefix + kind] == 1]) for kind in kind_names}
    return out


def summary(cells: list[dict], kinds: bool = False) -> dict:
    return {"contracts": int(_sum(cells, "contracts")), "amount_ht": _sum(cells, "amount"),
            "amount_counted": int(_sum([c for c in cells if c["amount_ok"]], "contracts")),
            "social": family(cells, "social", kinds), "environmental": family(cells, "environmental", kinds)}


def _grouped(cells: list[dict], key: Callable[[dict], object]) -> dict:
    groups: dict = defaultdict(list)
    for cell in cells:
        groups[key(cell)].append(cell)
    return groups


def compute(cells: list[dict], year: int, cpv_labels: dict[str, str], size_labels: dict[int, str]) -> dict:
    """Totals, social and environmental blocks, breakdowns and years, for `year`."""
    current = [c for c in cells if c["year"] == year]
    out = summary(current, kinds=True)
    out["by_procedure"] = sorted(
        ({"procedure": procedure or "Non renseignée", **summary(group)}
         for procedure, group in _grouped(current, lambda c: c["procedure"]).items()),
        key=lambda row: (-row["contracts"], row["procedure"]))
    out["by_cpv_division"] = sorted(
        ({"division": division or "", "label": cpv_labels.get(division or "", "CPV absent ou inconnu"),
          **summary(group)} for division, group in _grouped(current, lambda c: c["division"]).items()),
        key=lambda row: (-row["amount_ht"], -row["contracts"], row["division"]))
    bands = _grouped(current, lambda c: c["band"])
    out["by_size"] = [{"band": band, "label": label, **summary(bands.get(band, []))}
                      for band, label in sorted(size_labels.items(), key=lambda item: (item[0] < 0, item[0]))]
    by_year = _grouped(cells, lambda c: c["year"])
    first = min([year, *by_year])
    out["years"] = [{"year": y, **summary(by_year.get(y, []))} for y in range(first, year + 1)]
    return out


def against_targets(figures: dict, targets: list[dict]) -> list[dict]:
    """Each national target beside the scope's share (by number of contracts)."""
    rows = []
    for target in targets:
        share = figures[target["family"]]["share_count"]
        rows.append({**target, "value": share, "gap": None if share is None else share - target["share"],
                     "reached": None if share is None else share >= target["share"]})
    return rows


def beside_national(figures: dict, national: list[dict], year: int) -> list[dict]:
    """The national figures, each with the scope's share of the same measure in the report's year."""
    rows = []
    for figure in sorted(national, key=lambda f: (f["family"], f["measure"], f["year"])):
        scope_value = figures[figure["family"]]["share_count" if figure["measure"] == "count" else "share_amount"]
        rows.append({**figure, "scope_year": year, "scope_value": scope_value})
    return rows
