"""The DECP joined to the tenders the toolkit analysed: which contracts of the scope and year
came from an analysed tender (bilan.matching), what those documents add (insertion hours,
reserved lots, criterion weights) and where they disagree with the declarations."""
from __future__ import annotations

from collections import Counter

import sqlite_utils

from bilan.documents import DocumentFacts, facts
from bilan.matching import Candidate, Match, disagreements, match_all
from decp.scope import Scope
from store import decp as decp_store
from text import fold


def candidates(db: sqlite_utils.Database, scope: Scope, year: int,
               visible: tuple[str, list] | None) -> tuple[list[Candidate], set[str]]:
    """The analysed tenders that may belong to the scope's buyers, and those buyers' ids."""
    buyers = decp_store.scope_buyers(db, scope, year)
    by_org = decp_store.orgs_of_buyers(db, ((b, s) for b, s, _ in buyers))
    decp_names = {fold(name).strip(): buyer_id for buyer_id, _, name in buyers if name}
    tender_names = [n for n in decp_store.tender_buyer_names(db) if fold(n).strip() in decp_names]
    rows = decp_store.analysed_tenders(db, by_org, tender_names, visible)
    found = []
    for row in rows:
        buyer_ids = frozenset(by_org.get(row["org"] or "", set()))
        found.append(Candidate(facts(row["id"], row["report"], row["title"], row["reference"]), buyer_ids, row["buyer"]))
    buyer_ids = {decp_names[fold(n).strip()] for n in tender_names}
    for ids in by_org.values():
        buyer_ids |= ids
    return found, buyer_ids


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _criteria(tenders: list[DocumentFacts], family: str) -> dict:
    rows = [{"tender_id": f.tender_id, "name": c.name, "weight": c.weight, "lot": c.lot}
            for f in tenders for c in getattr(f, f"{family}_criteria")]
    weights = [r["weight"] for r in rows if r["weight"] is not None]
    return {"tenders": len({r["tender_id"] for r in rows}), "criteria": rows, "mean_weight": _mean(weights)}


def summarise(matches: list[Match], candidates_count: int, contracts_count: int) -> dict:
    tenders = list({m.candidate.facts.tender_id: m.candidate.facts for m in matches}.values())
    hours = [{"tender_id": f.tender_id, "title": f.title, "hours": f.insertion_hours}
             for f in tenders if f.insertion_hours]
    reserved = [{"tender_id": f.tender_id, "title": f.title, "lot": lot, "kinds": list(kinds)}
                for f in tenders for lot, kinds in f.reserved_lots]
    found = [d for m in matches for d in disagreements(m)]
    return {
        "tenders_considered": candidates_count, "contracts_considered": contracts_count,
        "matched_contracts": len(matches), "matched_tenders": len(tenders),
        "matches": [{"contract_id": m.contract["contract_id"], "buyer_id": m.contract["buyer_id"],
                     "object": m.contract.get("object"), "tender_id": m.candidate.facts.tender_id,
                     "tender_title": m.candidate.facts.title, "method": m.method, "score": round(m.score, 3)}
                    for m in matches],
        "insertion_hours": {"total": sum(h["hours"] for h in hours), "tenders": len(hours), "by_tender": hours},
        "reserved_lots": {"tenders": len({r["tender_id"] for r in reserved}), "lots": reserved,
                          "tenders_reserved_whole": len([f for f in tenders if f.reserved and not f.reserved_lots])},
        "criteria": {"social": _criteria(tenders, "social"), "environmental": _criteria(tenders, "environmental")},
        "disagreements": found,
        "disagreement_counts": dict(Counter(f"{d['family']}_{d['kind']}" for d in found)),
    }


def documents_section(db: sqlite_utils.Database, scope: Scope, year: int, visible: tuple[str, list] | None) -> dict:
    found, buyer_ids = candidates(db, scope, year, visible)
    contracts = decp_store.contracts_of(db, scope, year, buyer_ids) if found else []
    return summarise(match_all(contracts, found), len(found), len(contracts))
