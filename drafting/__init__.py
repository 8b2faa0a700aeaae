"""Stage 5, drafting ("Améliorer mon DCE"): from a tender's JSON report (and, when the caller
has it, the tender itself), the clauses that would improve its file, written for it.

`drafting.draft(report, tender=None, params=None)` gives draft.json: for each lever the file
lacks and that fits the purchase, the RC and CCAP texts filled with the tender's own data
(object, lots, amounts, insertion hours, articles in force at its deadline), the insertion hours
per lot with the parameters behind them (ratios.yml), and what the lever earns: the score, the
accessibility score and the 2026 compliance rows recomputed as if the clause were in the file.
`drafting.docx_out` writes clauses.docx; `drafting.markup` a copy of the DCE's own CCAP or RC
(DOCX) with the proposed articles as tracked insertions. Pure: no database, no web.
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import date

from drafting import effect, hours
from drafting.context import purchase, tender_from_report
from drafting.hours import Parameters
from drafting.levers import BUILDERS, Inputs, Proposal
from scoring import purchase as purchases
from tenders.model import Tender

DRAFT_VERSION = "1"
ORDER = ("insertion_clause", "social_condition", "social_criterion", "environmental_condition",
         "environmental_criterion", "reserved", "reserved_ess", "lots", "advance_payment")

__all__ = ["DRAFT_VERSION", "Parameters", "draft"]


def _rows(checks) -> list[dict]:
    return [asdict(c) for c in checks]


def _sources(proposals: list[Proposal], families: list[str]) -> list[dict]:
    """The public sources of the figures this draft used (ratios.yml), and of the purchase
    families that made a reservation fit (scoring/ess_families.yml)."""
    used: list[str] = []
    if any(p.lever == "insertion_clause" for p in proposals):
        spec = hours.ratios()["insertion"]
        used += [spec[name]["source"] for name in ("rate", "hourly_cost", "min_hours", "min_labour_share")]
        used += [s for p in proposals for row in p.lots for s in row.get("sources", [])]
    out = [hours.source(name) for name in dict.fromkeys(used)]
    described = purchases.sources()
    return out + [{"id": name, "title": described.get(name, name), "publisher": "familles d'achat de l'ESS "
                   "(scoring/ess_families.yml)", "url": None, "says": ""} for name in families]


def draft(report: dict, tender: Tender | None = None, params: Parameters | None = None,
          pages: list[dict] | None = None, today: date | None = None) -> dict:
    """draft.json for one analysed tender. `tender`: the tender as read (its documents' text makes
    the compliance rows exact); without it, the report (and its stored `pages`, if given) is enough."""
    params = (params or Parameters()).resolved()
    if report.get("error"):
        return {"version": DRAFT_VERSION, "error": report["error"], "score_before": None, "score_after": None,
                "levers": [], "not_proposed": []}
    p = purchase(report, today)
    state = effect.baseline(report, tender if tender is not None else tender_from_report(report, pages))
    before = effect.outcome(state, today)
    inputs = Inputs(purchase=p, params=params, state=state, checks=before.compliance)
    proposals: list[Proposal] = []
    not_proposed: list[dict] = []
    for lever in ORDER:
        result = BUILDERS[lever](inputs)
        if isinstance(result, str):
            not_proposed.append({"lever": lever, "reason": result})
            continue
        proposals.append(result)
        inputs.proposed.add(lever)
    levers = []
    for proposal in proposals:
        alone = effect.outcome(effect.apply(state, [proposal.change]), today)
        gain = None if before.score is None or alone.score is None else round(alone.score - before.score, 1)
        levers.append({
            "lever": proposal.lever, "title": proposal.title, "guide_ref": proposal.guide_ref,
            "rc_text": proposal.rc_text, "ccap_text": proposal.ccap_text,
            "score_gain": gain, "score_with": alone.score,
            "accessibility_gain": None if before.accessibility is None or alone.accessibility is None
            else round(alone.accessibility - before.accessibility, 1),
            "compliance": effect.compliance_changes(before, alone),
            "lots": proposal.lots, "skipped_lots": proposal.skipped_lots, "notes": proposal.notes,
        })
    after = effect.outcome(effect.apply(state, [proposal.change for proposal in proposals]), today)
    return {
        "version": DRAFT_VERSION,
        "error": None,
        "tender": {"title": p.title, "buyer": p.buyer, "reference": p.reference, "cpv": p.cpv,
                   "value_ht": p.value_ht, "duration_months": p.duration_months,
                   "lots": [{"lot": lot.number, "title": lot.title, "value_ht": lot.value_ht,
                             "family": lot.family.label if lot.family else None} for lot in p.lots]},
        "reference_day": p.day.isoformat(), "reference_day_source": p.day_source,
        "parameters": {"rate": params.rate, "hourly_cost": params.hourly_cost, "labour_share": params.labour_share,
                       "reserve_to": params.reserve_to},
        "score_before": before.score, "score_after": after.score,
        "grade_before": before.grade, "grade_after": after.grade,
        "accessibility_before": before.accessibility, "accessibility_after": after.accessibility,
        "compliance_before": _rows(before.compliance), "compliance_after": _rows(after.compliance),
        "levers": levers,
        "not_proposed": not_proposed,
        "sources": _sources(proposals, inputs.sources),
    }
