"""Whom a sentence binds. A clause binds the contractor during execution (taxonomy.md, "How to
decide the hard cases"): candidacy paperwork binds no one to anything (rule 4), and a sentence
whose only party is the buyer states its own pledge or recalls its legal duty (rules 4 and 5),
whatever topic words it holds."""
from __future__ import annotations

from typing import Protocol


class _Cued(Protocol):
    cues: dict

    def has(self, label: str) -> bool: ...


def paperwork(sentence: _Cued) -> bool:
    """A sworn statement or a template declaration: candidacy paperwork, never a clause."""
    return any("honneur" in c.text.lower() for c in sentence.cues.get("SELECTION", []))


def binds_no_one(sentence: _Cued) -> bool:
    """The buyer named and no contractor: "l'acheteur s'engage à réduire l'impact de ses achats",
    "conformément à la loi, l'acheteur prend en compte l'environnement"."""
    return sentence.has("BUYER") and not sentence.has("CONTRACTOR")


def binds_suppliers_only(sentence: _Cued) -> bool:
    """Labour standards bound along the supply chain and not on the contractor's own staff
    ("ses fournisseurs respectent les conventions de l'OIT"): fair trade, not a social
    condition (taxonomy rule 7)."""
    return sentence.has("SUPPLY") and not sentence.has("STAFF")
