"""What an analysed tender's documents say that the DECP cannot: insertion hours planned,
reserved lots, the weights of social and environmental award criteria, and which kinds of
consideration the documents carry (to set against the DECP declaration). Pure: a stored
report (report/analysis.schema.json) in, DocumentFacts out."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Document categories (taxonomy) standing for each DECP kind of consideration.
SOCIAL_KINDS = {"insertion_clause": "clause", "social_condition": "clause", "social_criterion": "criterion",
                "reserved_disability": "reserved", "reserved_insertion": "reserved", "reserved_ess": "reserved"}
ENVIRONMENTAL_KINDS = {"environmental_condition": "clause", "environmental_criterion": "criterion"}
# "350 heures", "1 200 heures", "1.200 heures d'insertion"
_HOURS = re.compile(r"(?<![\d,.])(\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+)\s*heures\b", re.IGNORECASE)


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: float | None
    lot: str | None


@dataclass(frozen=True)
class DocumentFacts:
    tender_id: int
    title: str | None
    reference: str | None
    social_kinds: frozenset[str]
    environmental_kinds: frozenset[str]
    insertion_hours: int | None  # the largest figure stated in the insertion passages
    reserved_lots: tuple[tuple[str, tuple[str, ...]], ...]  # (lot number, reservation categories)
    reserved: tuple[str, ...]  # reservation categories found for the whole tender
    social_criteria: tuple[Criterion, ...]
    environmental_criteria: tuple[Criterion, ...]
    lot_titles: tuple[str, ...]


def insertion_hours(texts: list[str]) -> int | None:
    """The largest number of hours stated in these passages (several passages often repeat the
    same figure, so they are not added up); None when none states one."""
    found = [int(re.sub(r"\D", "", m.group(1))) for text in texts for m in _HOURS.finditer(text)]
    return max(found) if found else None


def facts(tender_id: int, report: dict, title: str | None = None, reference: str | None = None) -> DocumentFacts:
    tender = report.get("tender") or {}
    categories = {c for c, present in (report.get("categories") or {}).items() if present}
    criteria = tender.get("award_criteria") or []
    lots = tender.get("lots") or []

    def of_aspect(aspect: str) -> tuple[Criterion, ...]:
        return tuple(Criterion(c.get("name") or "", c.get("weight"), c.get("lot")) for c in criteria
                     if aspect in (c.get("aspects") or []))

    social_criteria, environmental_criteria = of_aspect("social"), of_aspect("environmental")
    reserved_lots = tuple((str(lot.get("number")), tuple(lot.get("reserved") or [])) for lot in lots if lot.get("reserved"))
    social = {SOCIAL_KINDS[c] for c in categories if c in SOCIAL_KINDS}
    social |= {"criterion"} if social_criteria else set()
    social |= {"reserved"} if reserved_lots else set()
    environmental = {ENVIRONMENTAL_KINDS[c] for c in categories if c in ENVIRONMENTAL_KINDS}
    environmental |= {"criterion"} if environmental_criteria else set()
    passages = [c.get("text") or "" for c in report.get("clauses") or []
                if c.get("category") == "insertion_clause" and not c.get("negated")]
    return DocumentFacts(
        tender_id=tender_id, title=title or tender.get("title"), reference=reference or tender.get("reference"),
        social_kinds=frozenset(social), environmental_kinds=frozenset(environmental),
        insertion_hours=insertion_hours(passages), reserved_lots=reserved_lots,
        reserved=tuple(sorted(c for c in categories if c.startswith("reserved_"))),
        social_criteria=social_criteria, environmental_criteria=environmental_criteria,
        lot_titles=tuple(lot.get("title") or "" for lot in lots))
