"""What is bought: the object of a tender (title, lots, the "a pour objet" sentence), whether it
is works, supplies or services, and the families of ess_families.yml it belongs to (those where
social-economy structures supply). Pure functions over the tender; the families are data."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from scoring.data import load
from tenders.model import Tender
from text import fold

_OBJECT = re.compile(r"(?:a pour objet|objet (?:du marche|de la consultation|de l'accord-cadre)\s*:)\s*([^\n]{10,300})")
_SUPPLY = re.compile(r"^(?:la |l')?(?:fourniture|acquisition|achat|livraison)s? d")
_WORKS = re.compile(r"\btravaux\b")


@dataclass(frozen=True)
class Family:
    id: str
    label: str
    suppliers: tuple[str, ...]  # "ea_esat", "siae"
    labour: bool
    fair_trade: bool
    sources: tuple[str, ...]

    def supplied_by(self) -> str:
        """Who supplies it, in words: "des ESAT, des entreprises adaptées et des SIAE"."""
        names = {"ea_esat": "des ESAT et des entreprises adaptées", "siae": "des structures d'insertion (SIAE)"}
        return " et ".join(names[s] for s in self.suppliers)


def _pattern(word: str) -> str:
    stem = word.endswith("*")
    return r"\b" + re.escape(word.rstrip("*")) + ("" if stem else r"\b")


@cache
def _families() -> tuple[tuple[Family, tuple[str, ...], re.Pattern], ...]:
    data = load("ess_families.yml")
    out = []
    for spec in data["families"]:
        family = Family(spec["id"], spec["label"], tuple(spec["suppliers"]), bool(spec["labour"]),
                        bool(spec.get("fair_trade")), tuple(spec["sources"]))
        words = re.compile("|".join(_pattern(fold(w)) for w in spec["words"]))
        out.append((family, tuple(str(c) for c in spec["cpv"]), words))
    return tuple(out)


def cpv_prefixes(family_id: str) -> tuple[str, ...]:
    """The CPV prefixes that place a purchase in the family `family_id` (drafting borrows them, so
    that a purchase the levers call labour-intensive also gets its insertion hours)."""
    return next((codes for family, codes, _ in _families() if family.id == family_id), ())


def sources() -> dict[str, str]:
    return {k: " ".join(v.split()) for k, v in load("ess_families.yml")["sources"].items()}


def object_text(tender: Tender) -> str:
    """The words that say what is bought, folded: title, lot titles and descriptions, and the
    first "a pour objet" sentences of the documents (the body of a CCTP is not the object)."""
    parts = [tender.title or ""]
    for lot in tender.lots:
        parts += [lot.title or "", lot.description or ""]
    head = fold(tender.text[:40_000])
    parts += [m.group(1) for m, _ in zip(_OBJECT.finditer(head), range(3))]
    return fold(" ".join(p for p in parts if p))


def kind(tender: Tender, words: str | None = None) -> str | None:
    """"works", "supplies" or "services" (CPV division first, then the object's words); None
    when neither says."""
    divisions = {code[:2] for code in tender.cpv if code[:2].isdigit()}
    if "45" in divisions:
        return "works"
    if divisions:
        first = min(divisions)
        return "supplies" if first < "45" or first == "48" else "services"
    words = object_text(tender) if words is None else words
    if _WORKS.search(words):
        return "works"
    objects = [fold(tender.title or "")] + [m.group(1) for m in _OBJECT.finditer(fold(tender.text[:40_000]))][:2]
    if any(_SUPPLY.match(o.strip()) for o in objects if o):
        return "supplies"
    return None


def families(tender: Tender, words: str | None = None) -> list[Family]:
    """The families of the purchase, by CPV code or by the words of its object."""
    words = object_text(tender) if words is None else words
    found = []
    for family, prefixes, pattern in _families():
        if any(code.startswith(prefixes) for code in tender.cpv) or pattern.search(words):
            found.append(family)
    return found
