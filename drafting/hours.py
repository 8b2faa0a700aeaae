"""Insertion hours: value HT x labour share x rate / hourly cost, rounded to the hour, and the
labour share of a purchase family (ratios.yml, every figure with its public source).

Hours are never invented: without a value or a labour share the result is None and the caller
says what is missing."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from drafting.data import ratios
from scoring import purchase
from text import key


@dataclass(frozen=True)
class Parameters:
    """What the buyer may change; None takes the figure of ratios.yml (labour share: the family's)."""

    rate: float | None = None  # share of the labour hours given to insertion, 0-1
    hourly_cost: float | None = None  # EUR per hour, employer's charges included
    labour_share: float | None = None  # 0-1, for every lot; None: by purchase family
    reserve_to: str = "siae"  # "siae" (L2113-13) or "ea" (L2113-12)

    def resolved(self) -> Parameters:
        spec = ratios()["insertion"]
        return Parameters(rate=self.rate if self.rate is not None else float(spec["rate"]["value"]),
                          hourly_cost=self.hourly_cost if self.hourly_cost is not None
                          else float(spec["hourly_cost"]["value"]),
                          labour_share=self.labour_share,
                          reserve_to=self.reserve_to if self.reserve_to in ("siae", "ea") else "siae")


@dataclass(frozen=True)
class Family:
    id: str
    label: str
    cpv: tuple[str, ...]
    keywords: tuple[str, ...]
    labour_share: float
    sources: tuple[str, ...]  # keys of ratios.yml `sources`: the figure's, then those that support it


@cache
def families() -> tuple[Family, ...]:
    out = []
    for spec in ratios()["families"]:
        share = spec["labour_share"]
        # the CPV codes of the same family in scoring/ess_families.yml count too: one membership
        cpv = tuple(dict.fromkeys([*(spec.get("cpv") or ()), *purchase.cpv_prefixes(spec.get("ess_family", ""))]))
        out.append(Family(id=spec["id"], label=spec["label"], cpv=cpv,
                          keywords=tuple(key(k) for k in spec.get("keywords") or ()),
                          labour_share=float(share["value"]),
                          sources=(share["source"], *share.get("see_also", ()))))
    return tuple(out)


def by_words(text: str | None) -> Family | None:
    """The first family (most specific first) one of whose keywords is in the text."""
    if not text:
        return None
    words = f" {key(text)} "
    return next((f for f in families() if any(f" {k} " in words for k in f.keywords)), None)


def by_cpv(codes: list[str]) -> Family | None:
    """The family with the longest CPV prefix matching one of the codes."""
    best: tuple[int, Family] | None = None
    for code in codes:
        digits = "".join(ch for ch in str(code) if ch.isdigit())
        for family in families():
            for prefix in family.cpv:
                if digits.startswith(prefix) and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), family)
    return best[1] if best else None


def family_for(lot_title: str | None, cpv: list[str], tender_title: str | None) -> Family | None:
    """A lot's family from its title, else the tender's CPV codes, else the tender's title."""
    return by_words(lot_title) or by_cpv(cpv) or by_words(tender_title)


def round_hours(value: float) -> int:
    """To the nearest hour, halves up (as the page's script does)."""
    return math.floor(value + 0.5)


def insertion_hours(value_ht: float | None, labour_share: float | None, rate: float, hourly_cost: float) -> int | None:
    if value_ht is None or labour_share is None or not hourly_cost or hourly_cost <= 0:
        return None
    return round_hours(value_ht * labour_share * rate / hourly_cost)


def min_hours() -> int:
    return int(ratios()["insertion"]["min_hours"]["value"])


def min_labour_share() -> float:
    return float(ratios()["insertion"]["min_labour_share"]["value"])


def source(name: str) -> dict:
    return {"id": name, **ratios()["sources"][name]}
