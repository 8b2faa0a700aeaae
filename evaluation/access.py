"""Accessibility findings and identity fields against labels made by reading
(evaluation/labels/access.yml). Pure functions: gold entries and reports in, counts and tables out.

A labelled finding is `barrier` or `strength` (the report must show that id with that kind),
`neutral` (the files settle the point but it is neither: no finding expected) or `silent` (the
files say nothing: no finding expected). Identity fields compare as a reader would: titles and
buyers by their words, amounts within 1 %, dates by day.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from taxonomy import FINDINGS
from text import key

CONTRACT_TERMS = ("advance_payment", "retention_guarantee", "penalties", "payment_delay", "turnover_requirement",
                  "joint_bids")
IDENTITY = ("title", "buyer", "reference", "procedure", "value_ht", "duration_months", "lots", "deadline",
            "publication_date")


@dataclass
class AccessGold:
    source: str
    identity: dict
    findings: dict[str, dict]
    split: str = ""

    @property
    def group(self) -> str:
        return "documents" if self.source.startswith("dce/") else "notices"


def load_access(path: str | Path) -> list[AccessGold]:
    entries = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    return [AccessGold(e["source"], e.get("identity") or {}, e.get("findings") or {}, e.get("split", ""))
            for e in entries]


@dataclass
class FindingCounts:
    labelled: int = 0  # barrier or strength in the labels
    right: int = 0
    wrong_kind: int = 0
    missed: int = 0
    spurious: int = 0  # a finding where the labels expect none (neutral or silent)


@dataclass
class FieldCounts:
    labelled: int = 0
    right: int = 0
    spurious: int = 0  # a value where the labels say the files state none


@dataclass
class AccessResult:
    findings: dict[str, FindingCounts] = field(default_factory=lambda: {f: FindingCounts() for f in FINDINGS})
    identity: dict[str, FieldCounts] = field(default_factory=lambda: {f: FieldCounts() for f in IDENTITY})
    errors: list[tuple[str, str]] = field(default_factory=list)
    tenders: int = 0

    def add(self, gold: AccessGold, report: dict) -> None:
        self.tenders += 1
        found = {f["id"]: f["kind"] for f in report.get("accessibility", {}).get("findings", [])}
        for fid, label in gold.findings.items():
            counts = self.findings[fid]
            kind = label.get("kind")
            if kind in ("barrier", "strength"):
                counts.labelled += 1
                if found.get(fid) == kind:
                    counts.right += 1
                elif fid in found:
                    counts.wrong_kind += 1
                    self.errors.append((gold.source, f"{fid}: {found[fid]} au lieu de {kind}"))
                else:
                    counts.missed += 1
                    self.errors.append((gold.source, f"{fid}: {kind} manqué"))
            elif fid in found:
                counts.spurious += 1
                self.errors.append((gold.source, f"{fid}: {found[fid]} trouvé, étiquette {kind}"))
        tender = report.get("tender", {})
        for name in IDENTITY:
            expected, got = gold.identity.get(name), identity_value(tender, name)
            if name == "lots" and got is None and found.get("lots") == "barrier":
                got = 1  # the report says the contract is not divided
            counts = self.identity[name]
            if expected is None:
                counts.spurious += got is not None
                continue
            counts.labelled += 1
            if same_field(name, expected, got):
                counts.right += 1
            else:
                self.errors.append((gold.source, f"{name}: {got!r} au lieu de {expected!r}"))

    def share_right(self, ids: tuple[str, ...] | None = None) -> tuple[int, int]:
        chosen = [self.findings[i] for i in (ids or FINDINGS)]
        return sum(c.right for c in chosen), sum(c.labelled for c in chosen)


_PROCEDURES = (("dialogue", "competitive_dialogue"), ("restreint", "restricted"), ("negoci", "negotiated"),
               ("adapt", "adapted"), ("mapa", "adapted"), ("ouvert", "open"), ("open", "open"))


def procedure_kind(text: str | None) -> str | None:
    if not text:
        return None
    folded = key(text)
    return next((kind for word, kind in _PROCEDURES if word in folded), "other")


def identity_value(tender: dict, name: str):
    if name == "procedure":
        return procedure_kind(tender.get("procedure"))
    if name == "lots":
        lots = tender.get("lots") or []
        return len(lots) if lots else None  # a single contract: see AccessResult.add
    if name in ("deadline", "publication_date"):
        value = tender.get(name)
        return str(value)[:10] if value else None
    return tender.get(name)


def _words(text) -> set[str]:
    return {w for w in key(str(text or "")).split() if len(w) > 2}


def same_field(name: str, expected, got) -> bool:
    if got is None:
        return False
    if name in ("title", "buyer"):
        a, b = _words(expected), _words(got)
        return bool(a and b) and len(a & b) / min(len(a), len(b)) >= 0.6
    if name == "reference":
        a, b = re.sub(r"[^0-9a-z]", "", key(str(expected))), re.sub(r"[^0-9a-z]", "", key(str(got)))
        return bool(a and b) and (a in b or b in a)
    if name == "value_ht":
        return abs(float(got) - float(expected)) <= 0.01 * max(abs(float(expected)), 1.0)
    if name == "duration_months":
        return abs(float(got) - float(expected)) <= 0.5
    if name == "lots":
        return int(got) == int(expected) or (int(expected) == 1 and int(got) <= 1)
    return str(got)[:10] == str(expected)[:10]


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f} %)" if whole else "-"


def format_access(result: AccessResult, title: str = "") -> str:
    lines = [title] if title else []
    lines.append(f"{'constat':<22}{'étiquetés':>10}{'justes':>8}{'autre sens':>11}{'manqués':>9}{'en trop':>9}")
    for fid, c in result.findings.items():
        lines.append(f"{fid:<22}{c.labelled:>10}{c.right:>8}{c.wrong_kind:>11}{c.missed:>9}{c.spurious:>9}")
    right, total = result.share_right(CONTRACT_TERMS)
    lines.append(f"conditions du contrat (avance, retenue, pénalités, délai de paiement, CA, groupements) : "
                 f"{_pct(right, total)}")
    right, total = result.share_right()
    lines.append(f"tous les constats « puis-je répondre ? » : {_pct(right, total)}")
    lines.append(f"{'identité':<22}{'étiquetés':>10}{'justes':>8}{'en trop':>9}")
    for name, c in result.identity.items():
        lines.append(f"{name:<22}{c.labelled:>10}{c.right:>8}{c.spurious:>9}")
    return "\n".join(lines)
