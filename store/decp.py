"""DECP contracts in SQLite: their table and migration set, the import (upsert on buyer id and
contract id), which organisation answers for which buyers, and the SQL behind the annual report.

Re-importing updates a contract, never duplicates it; a version of a record with fewer
modifications than the stored one does not overwrite it (an older file read after a newer one
leaves the newer state in place)."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils
from sqlite_migrate import Migrations

import decp
from decp.model import Contract, Problem
from decp.scope import Scope
from store import schema

migrations = schema.register(Migrations("decp"))

BATCH = 2_000  # rows per INSERT batch
KEEP_PROBLEMS = 200  # problems listed in an import's result (all are counted)
_FLAGS = ("s_any", "s_clause", "s_criterion", "s_reserved", "s_other", "e_any", "e_clause", "e_criterion", "e_other")
COLUMNS = ("buyer_id", "contract_id", "buyer_siren", "buyer_name", "buyer_postcode", "kind", "format", "nature",
           "object", "cpv", "cpv_division", "procedure", "notified", "year", "date_flag", "amount", "amount_flag",
           "amount_current", "duration_months", "place_type", "place_code", "departement", "region", "place_from",
           "social", "environmental", *_FLAGS, "modifications", "holders", "source", "imported")


@migrations()
def m001_decp_contracts(db: sqlite_utils.Database) -> None:
    """Contracts, one row per (buyer id, contract id); organisations' buyers."""
    types = {c: str for c in COLUMNS}
    types.update({c: int for c in ("year", "modifications", *_FLAGS)})
    types.update({c: float for c in ("amount", "amount_current", "duration_months")})
    db["decp_contracts"].create({"id": int, **types}, pk="id", not_null={"buyer_id", "contract_id", "kind"},
                                if_not_exists=True)
    table = db["decp_contracts"]
    table.create_index(["buyer_id", "contract_id"], unique=True, if_not_exists=True)
    for columns in (["region", "year"], ["departement", "year"], ["buyer_siren", "year"], ["year"]):
        table.create_index(columns, if_not_exists=True)
    db["org_buyers"].create({"org": str, "identifier": str, "added": str}, pk=("org", "identifier"),
                            if_not_exists=True)
    db["org_buyers"].create_index(["identifier"], if_not_exists=True)


def _flags(kinds: frozenset[str], declared: bool, names: tuple[str, ...]) -> list[int | None]:
    if not declared:
        return [None] * (len(names) + 1)
    return [int(bool(kinds))] + [int(name in kinds) for name in names]


def row_of(contract: Contract, source: str, stamp: str) -> tuple:
    c = contract
    return (c.buyer_id, c.contract_id, c.buyer_siren, c.buyer_name, c.buyer_postcode, c.kind, c.format, c.nature,
            c.object, c.cpv, c.cpv_division, c.procedure, c.notified, c.year, c.date_flag, c.amount, c.amount_flag,
            c.amount_current, c.duration_months, c.place_type, c.place_code, c.departement, c.region, c.place_from,
            json.dumps(c.social, ensure_ascii=False) if c.social is not None else None,
            json.dumps(c.environmental, ensure_ascii=False) if c.environmental is not None else None,
            *_flags(c.social_kinds, c.social is not None, ("clause", "criterion", "reserved", "other")),
            *_flags(c.environmental_kinds, c.environmental is not None, ("clause", "criterion", "other")),
            c.modifications, json.dumps(list(c.holders)), source, stamp)


_UPSERT = (f"INSERT INTO decp_contracts ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))}) "
           "ON CONFLICT (buyer_id, contract_id) DO UPDATE SET "
           + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS[2:])
           + " WHERE excluded.modifications >= decp_contracts.modifications AND ("
           + " OR ".join(f"excluded.{c} IS NOT decp_contracts.{c}" for c in COLUMNS[2:-2]) + ")")


@dataclass
class ImportResult:
    """What an import did: records read, new and updated rows, and what it set aside."""
    files: int = 0
    records: int = 0  # contracts read (problems excluded)
    new: int = 0
    updated: int = 0
    unchanged: int = 0  # records identical to the stored row, or older (fewer modifications)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    date_flags: Counter = field(default_factory=Counter)
    amount_flags: Counter = field(default_factory=Counter)
    formats: Counter = field(default_factory=Counter)


def _last_id(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT coalesce(max(id), 0) FROM decp_contracts").fetchone()[0]


def save_contracts(db: sqlite_utils.Database, contracts: Iterable[Contract], source: str,
                   result: ImportResult | None = None) -> ImportResult:
    """Upsert contracts in batches, one transaction per batch; returns the counts."""
    result = result or ImportResult()
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    batch: list[tuple] = []

    def flush() -> None:
        # New rows take ids above the largest one (INTEGER PRIMARY KEY): counting them reads the
        # new rows only, however large the table.
        last, changes = _last_id(db), db.conn.total_changes
        with db.conn:
            db.conn.executemany(_UPSERT, batch)
        applied = db.conn.total_changes - changes
        new = db.execute("SELECT count(*) FROM decp_contracts WHERE id > ?", (last,)).fetchone()[0]
        result.new += new
        result.updated += applied - new
        result.unchanged += len(batch) - applied
        batch.clear()

    for contract in contracts:
        result.records += 1
        result.formats[contract.format] += 1
        if contract.date_flag:
            result.date_flags[contract.date_flag] += 1
        if contract.amount_flag:
            result.amount_flags[contract.amount_flag] += 1
        batch.append(row_of(contract, source, stamp))
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return result


def import_file(db: sqlite_utils.Database, path: str | Path, result: ImportResult | None = None,
                progress: Callable[[int], None] | None = None) -> ImportResult:
    """Read a DECP file (decp.read) and store its contracts; a bad record is counted and listed
    (first KEEP_PROBLEMS), never fatal. `progress(bytes read so far)` is called as it goes."""
    result = result or ImportResult()
    result.files += 1

    def contracts():
        for offset, item in decp.read(path):
            if progress is not None:
                progress(offset)
            if isinstance(item, Problem):
                result.problem_count += 1
                if len(result.problems) < KEEP_PROBLEMS:
                    result.problems.append(item)
                continue
            yield item

    return save_contracts(db, contracts(), Path(path).name, result)


# --- organisations and their buyers --------------------------------------------------------------

def add_org_buyer(db: sqlite_utils.Database, org: str, identifier: str) -> bool:
    """Record that `org` answers for a buyer (SIRET, or SIREN: all its establishments); False if
    it was already there. ValueError (French) when the identifier is neither."""
    identifier = identifier.replace(" ", "")
    if not (identifier.isdigit() and len(identifier) in (9, 14)) or not org.strip():
        raise ValueError(f"« {identifier} » n'est ni un SIRET (14 chiffres) ni un SIREN (9 chiffres).")
    with db.conn:
        cursor = db.conn.execute("INSERT OR IGNORE INTO org_buyers (org, identifier, added) VALUES (?, ?, ?)",
                                 (org.strip(), identifier, datetime.now(timezone.utc).isoformat(timespec="seconds")))
    return cursor.rowcount == 1


def org_identifiers(db: sqlite_utils.Database, org: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT identifier FROM org_buyers WHERE org = ? ORDER BY identifier", (org,))]


def orgs_of_buyers(db: sqlite_utils.Database, buyers: Iterable[tuple[str, str | None]]) -> dict[str, set[str]]:
    """{org: buyer ids it answers for} among these (buyer id, SIREN) pairs."""
    by_identifier: dict[str, set[str]] = {}
    for org, identifier in db.execute("SELECT org, identifier FROM org_buyers"):
        by_identifier.setdefault(identifier, set()).add(org)
    found: dict[str, set[str]] = {}
    for buyer_id, siren in buyers:
        for org in by_identifier.get(buyer_id, set()) | by_identifier.get(siren or "", set()):
            found.setdefault(org, set()).add(buyer_id)
    return found


# --- the report's SQL -----------------------------------------------------------------------------

def scope_sql(scope: Scope) -> tuple[str, list]:
    """SQL condition (on decp_contracts) for a scope."""
    def among(column: str, values: tuple[str, ...]) -> str:
        return f"{column} IN ({', '.join('?' * len(values))})"

    if scope.regions:
        return among("region", scope.regions), list(scope.regions)
    if scope.departements:
        return among("departement", scope.departements), list(scope.departements)
    parts, params = [], []
    if scope.sirets:
        parts.append(among("buyer_id", scope.sirets))
        params += scope.sirets
    if scope.sirens:
        parts.append(among("buyer_siren", scope.sirens))
        params += scope.sirens
    return "(" + " OR ".join(parts) + ")", params


def _band_sql(bounds: list[float]) -> tuple[str, list]:
    """Index of an amount's size band: -1 when the amount is flagged, 0 below bounds[0]..."""
    cases = " ".join(f"WHEN amount < ? THEN {i}" for i in range(len(bounds)))
    return f"CASE WHEN amount_flag IS NOT NULL THEN -1 {cases} ELSE {len(bounds)} END", list(bounds)


CUBE_FIELDS = ("year", "procedure", "division", "band", *_FLAGS, "amount_ok", "contracts", "amount")


def cube(db: sqlite_utils.Database, scope: Scope, first_year: int, last_year: int, bounds: list[float]) -> list[dict]:
    """Marchés of the scope notified in [first_year, last_year], counted and summed (initial
    amounts, flagged ones counted as they are written) by year, procedure, CPV division, size band and declared
    considerations: the cells the report adds up (bilan.indicators)."""
    where, params = scope_sql(scope)
    band, band_params = _band_sql(bounds)
    sql = (f"SELECT year, procedure, cpv_division AS division, {band} AS band, {', '.join(_FLAGS)}, "
           "amount_flag IS NULL AS amount_ok, count(*) AS contracts, "
           "total(amount) AS amount "
           f"FROM decp_contracts WHERE kind = 'marche' AND year BETWEEN ? AND ? AND {where} "
           f"GROUP BY 1, 2, 3, 4, {', '.join(str(i) for i in range(5, 5 + len(_FLAGS) + 1))}")
    return [dict(zip(CUBE_FIELDS, row)) for row in db.execute(sql, [*band_params, first_year, last_year, *params])]


def quality(db: sqlite_utils.Database, scope: Scope, year: int) -> dict:
    """What the figures leave aside or rest on, for the scope: contracts without a usable date
    (all years), and for the year flagged amounts, concessions, formats, modifications, how
    contracts were located."""
    where, params = scope_sql(scope)

    def grouped(column: str, condition: str, args: list) -> dict:
        sql = f"SELECT {column}, count(*) FROM decp_contracts WHERE {condition} AND {where} GROUP BY 1"
        return {key: n for key, n in db.execute(sql, [*args, *params]) if key is not None}

    in_year = "kind = 'marche' AND year = ?"
    modified = db.execute(f"SELECT count(*), total(CASE WHEN amount_flag IS NULL THEN amount_current END) "
                          f"FROM decp_contracts WHERE {in_year} AND modifications > 0 AND {where}",
                          [year, *params]).fetchone()
    return {"undated": grouped("date_flag", "kind = 'marche' AND year IS NULL", []),
            "amount_flags": grouped("amount_flag", in_year, [year]),
            "formats": grouped("format", in_year, [year]),
            "located_by": grouped("place_from", in_year, [year]),
            "files": grouped("source", in_year, [year]),
            "concessions": sum(grouped("kind", "kind = 'concession' AND year = ?", [year]).values()),
            "modified": modified[0], "modified_amount_current": modified[1]}


def scope_buyers(db: sqlite_utils.Database, scope: Scope, year: int) -> list[tuple[str, str | None, str | None]]:
    """(buyer id, SIREN, name) of the buyers with marchés in the scope that year."""
    where, params = scope_sql(scope)
    return [tuple(r) for r in db.execute(
        f"SELECT buyer_id, buyer_siren, max(buyer_name) FROM decp_contracts WHERE kind = 'marche' AND year = ? "
        f"AND {where} GROUP BY buyer_id", [year, *params])]


MATCH_FIELDS = ("id", "buyer_id", "buyer_siren", "buyer_name", "contract_id", "object", "notified", "amount",
                "amount_flag", *_FLAGS)


def contracts_of(db: sqlite_utils.Database, scope: Scope, year: int, buyer_ids: Iterable[str]) -> list[dict]:
    """The scope's marchés of that year passed by these buyers, with what matching needs."""
    ids = sorted(set(buyer_ids))
    if not ids:
        return []
    where, params = scope_sql(scope)
    rows = db.execute(f"SELECT {', '.join(MATCH_FIELDS)} FROM decp_contracts WHERE kind = 'marche' AND year = ? "
                      f"AND {where} AND buyer_id IN ({', '.join('?' * len(ids))}) ORDER BY notified, id",
                      [year, *params, *ids])
    return [dict(zip(MATCH_FIELDS, row)) for row in rows]


def analysed_tenders(db: sqlite_utils.Database, orgs: Iterable[str], names: Iterable[str],
                     visible: tuple[str, list] | None) -> list[dict]:
    """Analysed tenders (table `tenders`, status done) of these organisations or whose buyer is
    named so (exact text), that the viewer may see (`visible`: SQL condition on alias t, or None
    for all); with the parts of their report that bilan.documents reads."""
    orgs, names = sorted(set(orgs)), sorted(set(names))
    if not orgs and not names:
        return []
    if "reports" not in db.table_names():
        return []
    parts, params = [], []
    if orgs:
        parts.append(f"t.org IN ({', '.join('?' * len(orgs))})")
        params += orgs
    if names:
        parts.append(f"t.buyer IN ({', '.join('?' * len(names))})")
        params += names
    condition = f"t.status = 'done' AND ({' OR '.join(parts)})"
    if visible is not None:
        condition += f" AND {visible[0]}"
        params += visible[1]
    # Only the parts of each report the annual report reads, cut out by SQLite's JSON functions:
    # the tender (title, lots, award criteria), the categories found, the insertion passages.
    rows = db.execute(
        "SELECT t.id, t.org, t.buyer, t.reference, t.title, json_extract(r.report, '$.tender'), "
        "json_extract(r.report, '$.categories'), (SELECT json_group_array(json_object('category', 'insertion_clause', "
        "'text', json_extract(c.value, '$.text'), 'negated', json_extract(c.value, '$.negated'))) "
        "FROM json_each(r.report, '$.clauses') c WHERE json_extract(c.value, '$.category') = 'insertion_clause') "
        f"FROM tenders t JOIN reports r ON r.tender_id = t.id WHERE {condition} ORDER BY t.id", params)
    return [{"id": r[0], "org": r[1], "buyer": r[2], "reference": r[3], "title": r[4],
             "report": {"tender": json.loads(r[5] or "{}"), "categories": json.loads(r[6] or "{}"),
                        "clauses": json.loads(r[7] or "[]")}}
            for r in rows]


def tender_buyer_names(db: sqlite_utils.Database) -> list[str]:
    if "tenders" not in db.table_names():
        return []
    return [r[0] for r in db.execute("SELECT DISTINCT buyer FROM tenders WHERE status = 'done' AND buyer IS NOT NULL")]
