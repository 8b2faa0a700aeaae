"""Which analysed tender a DECP contract came from, and where the two disagree. Pure.

A contract is matched only to tenders of the same buyer: tenders of an organisation that
answers for the contract's buyer (table org_buyers), or whose buyer name is the DECP
`acheteur.nom` (2019 format). Among them, in this order:
1. reference: the tender's reference (letters and digits only, 6 or more) is contained in the
   DECP contract id, or the id in the reference (buyers often build one from the other);
2. object: the words (3 letters or more, accents folded, common words left out) of the DECP
   `objet` and of the tender's title or of one of its lots' titles overlap by at least
   OBJECT_THRESHOLD (Jaccard index); the highest overlap wins.
A contract with no such tender stays unmatched: the report says how many."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bilan.documents import DocumentFacts
from text import fold

OBJECT_THRESHOLD = 0.5
MIN_REFERENCE = 6  # shorter references (a year, "AO-12") would meet too many ids
_STOP = frozenset("les des une pour par sur aux avec dans lot lots marche marches accord cadre travaux "
                  "fourniture fournitures prestation prestations service services relatif relative "
                  "relatifs relatives objet consultation".split())


@dataclass(frozen=True)
class Candidate:
    facts: DocumentFacts
    buyer_ids: frozenset[str]  # DECP buyer ids (SIRET) the tender's organisation answers for
    buyer_name: str | None


@dataclass(frozen=True)
class Match:
    contract: dict
    candidate: Candidate
    method: str  # "reference" | "objet"
    score: float


def _alnum(text: str | None) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text or ""))


def words(text: str | None) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", fold(text or "")) if len(w) >= 3 and w not in _STOP)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _same_buyer(contract: dict, candidate: Candidate) -> bool:
    if contract["buyer_id"] in candidate.buyer_ids:
        return True
    name = contract.get("buyer_name")
    return bool(name and candidate.buyer_name and fold(name).strip() == fold(candidate.buyer_name).strip())


def _reference_hit(contract: dict, facts: DocumentFacts) -> bool:
    reference, contract_id = _alnum(facts.reference), _alnum(contract["contract_id"])
    if len(reference) < MIN_REFERENCE or len(contract_id) < MIN_REFERENCE:
        return False
    return reference in contract_id or contract_id in reference


def best_match(contract: dict, candidates: list[Candidate]) -> Match | None:
    mine = [c for c in candidates if _same_buyer(contract, c)]
    for candidate in mine:
        if _reference_hit(contract, candidate.facts):
            return Match(contract, candidate, "reference", 1.0)
    object_words = words(contract.get("object"))
    best: Match | None = None
    for candidate in mine:
        titles = (candidate.facts.title, *candidate.facts.lot_titles)
        score = max(_jaccard(object_words, words(title)) for title in titles)
        if score >= OBJECT_THRESHOLD and (best is None or score > best.score):
            best = Match(contract, candidate, "objet", score)
    return best


def match_all(contracts: list[dict], candidates: list[Candidate]) -> list[Match]:
    return [m for contract in contracts if (m := best_match(contract, candidates)) is not None]


_DECLARED = {"social": ("s_", ("clause", "criterion", "reserved")), "environmental": ("e_", ("clause", "criterion"))}


def disagreements(match: Match) -> list[dict]:
    """Where the DECP declaration and the documents disagree, per family: declared none while
    the documents carry one ("declared_none"), or declared one the documents do not show
    ("not_in_documents"). Kinds on both sides are given for the reader to check."""
    found = []
    for family, (prefix, kinds) in _DECLARED.items():
        declared_any = match.contract.get(prefix + "any")
        if declared_any is None:
            continue
        declared = sorted(k for k in kinds if match.contract.get(prefix + k))
        documents = sorted(getattr(match.candidate.facts, f"{family}_kinds"))
        if declared_any == 0 and documents:
            kind = "declared_none"
        elif declared_any == 1 and not documents:
            kind = "not_in_documents"
        else:
            continue
        found.append({"family": family, "kind": kind, "contract_id": match.contract["contract_id"],
                      "buyer_id": match.contract["buyer_id"], "object": match.contract.get("object"),
                      "tender_id": match.candidate.facts.tender_id, "tender_title": match.candidate.facts.title,
                      "declared": declared, "documents": documents, "method": match.method})
    return found
