"""One builder per lever: whether it is proposed (never when the file already uses it, nor when
it does not fit the purchase) and, if so, its RC and CCAP texts filled with the tender's data
and the Change that tells the scoring room what the drafted clause adds.

Each builder returns a Proposal, or a sentence saying why the lever is not proposed."""
from __future__ import annotations

from dataclasses import dataclass, field

from drafting import hours as hours_mod
from drafting.context import LotView, Purchase
from drafting.data import clauses as clause_data
from drafting.effect import PROPOSAL_DOCUMENT, Change, State, proposed_clause, rebalance
from drafting.hours import Parameters
from drafting.render import eur, hours, pct, render
from scoring import purchase as purchases
from scoring.data import load as scoring_data
from scoring.model import Finding
from scoring.recommendations import reservable_to_ess
from tenders.model import Tender, Term


@dataclass
class Proposal:
    lever: str
    title: str
    guide_ref: str
    rc_text: str
    ccap_text: str
    change: Change
    lots: list[dict] = field(default_factory=list)
    skipped_lots: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Inputs:
    purchase: Purchase
    params: Parameters  # resolved
    state: State  # the file as analysed (state.tender: what scoring.purchase reads)
    proposed: set[str] = field(default_factory=set)  # levers already proposed, in order
    sources: list[str] = field(default_factory=list)  # keys of scoring/ess_families.yml sources used
    checks: list = field(default_factory=list)  # the compliance rows of the file as analysed

    @property
    def tender(self) -> Tender:
        return self.state.tender


def _lot_tender(lot: LotView) -> Tender:
    """A lot seen alone, for scoring.purchase: its title is its object."""
    return Tender(title=lot.title)


def _present(state: State, *categories: str) -> bool:
    return any(c.category in categories and not c.negated for c in state.clauses)


def _finding(state: State, fid: str) -> Finding | None:
    return next((f for f in state.findings if f.id == fid), None)


def _context(p: Purchase, **extra) -> dict:
    t = {"object": p.object, "buyer": p.buyer, "reference": p.reference, "divided": p.divided,
         "value_ht": p.value_ht, "duration_months": p.duration_months}
    return {"t": t, "a": p.articles, "due": p.obligations, "obligation": p.obligation_texts, **extra}


def _make(lever: str, p: Purchase, change: Change, **extra) -> Proposal:
    spec = clause_data()["levers"][lever]
    context = _context(p, **extra)
    return Proposal(lever=lever, title=spec["title"], guide_ref=spec["guide_ref"],
                    rc_text=render(spec["rc"], **context), ccap_text=render(spec["ccap"], **context), change=change)


def _kind(x: Inputs) -> str:
    """The texts' variant: green spaces or cleaning when the purchase is one (scoring.purchase),
    else works, supplies or services."""
    ids = {f.id for f in purchases.families(x.tender)}
    for family, variant in (("espaces_verts", "espaces_verts"), ("proprete", "nettoyage")):
        if family in ids:
            return variant
    if ids & {"batiment", "travaux_publics"}:
        return "works"
    return purchases.kind(x.tender) or "services"


# --- insertion hours -------------------------------------------------------------------------------

def _share(lot: LotView, params: Parameters) -> tuple[float | None, str | None]:
    if params.labour_share is not None:
        return params.labour_share, "buyer"
    if lot.family is None:
        return None, None
    return lot.family.labour_share, "family"


def _supplies(tender: Tender) -> bool:
    """A supply of goods where no family of labour is bought (scoring.purchase, as the
    recommendations judge it): the work is done before delivery, no hours to reserve."""
    return purchases.kind(tender) == "supplies" and not any(f.labour for f in purchases.families(tender))


def _lot_row(lot: LotView, params: Parameters) -> tuple[dict | None, str | None]:
    """The insertion row of a lot, or why the lot gets no clause."""
    if lot.number is not None and lot.family is None and _supplies(_lot_tender(lot)):
        return None, (f"{lot.label} : achat de fournitures, dont le travail précède la livraison ; une clause "
                      "d'insertion n'y trouve pas d'heures à réserver")
    share, source = _share(lot, params)
    if share is not None and share < hours_mod.min_labour_share():
        return None, (f"{lot.label} : part de main-d'œuvre de {pct(share)}, sous le seuil de "
                      f"{pct(hours_mod.min_labour_share())}")
    count = hours_mod.insertion_hours(lot.value_ht, share, params.rate, params.hourly_cost)
    if count is not None and count < hours_mod.min_hours():
        return None, (f"{lot.label} : {hours(count)} seulement ({eur(lot.value_ht)} HT × {pct(share)} × "
                      f"{pct(params.rate)} ÷ {eur(params.hourly_cost)}), sous le seuil de "
                      f"{hours(hours_mod.min_hours())}")
    missing = None
    if count is None:
        parts = []
        if lot.value_ht is None:
            parts.append("le montant estimé HT " + ("du lot" if lot.number is not None else "du marché")
                         + " n'est pas indiqué au dossier")
        if share is None:
            parts.append("la part de main-d'œuvre de cet achat n'est pas connue (à indiquer)")
        value = f"{eur(lot.value_ht)} HT" if lot.value_ht is not None else "montant estimé HT"
        labour = pct(share) if share is not None else "part de main-d'œuvre"
        missing = (" ; ".join(parts) + f" : heures = {value} × {labour} × {pct(params.rate)} ÷ "
                   f"{eur(params.hourly_cost)}")
    row = {"lot": lot.number, "title": lot.title, "value_ht": lot.value_ht, "hours": count,
           "parameters": {"labour_share": share, "rate": params.rate, "hourly_cost": params.hourly_cost},
           "family": lot.family.label if lot.family else None,
           "family_share": lot.family.labour_share if lot.family else None,
           "sources": list(lot.family.sources) if lot.family and source == "family" else [],
           "missing": missing,
           "label": lot.label,
           "volume": hours(count) if count is not None else f"nombre d'heures à fixer par l'acheteur ({missing})"}
    return row, None


def insertion(x: Inputs) -> Proposal | str:
    if _present(x.state, "insertion_clause"):
        return "Une clause d'insertion figure déjà dans le dossier."
    if _supplies(x.tender) and x.params.labour_share is None:
        return ("Pas de clause d'insertion pour cet achat : ce sont des fournitures, dont le travail précède la "
                "livraison ; le marché n'a pas d'heures de main-d'œuvre à réserver.")
    rows, skipped = [], []
    for lot in x.purchase.lots:
        row, why = _lot_row(lot, x.params)
        if row is not None:
            rows.append(row)
        else:
            skipped.append({"lot": lot.number, "reason": why})
    if not rows:
        return "Pas de clause d'insertion pour cet achat : " + " ; ".join(s["reason"] for s in skipped) + "."
    total = sum(r["hours"] for r in rows if r["hours"] is not None)
    text = (f"Le titulaire réserve au moins {total} heures de travail à des personnes éloignées de l'emploi."
            if total else "Le titulaire réserve des heures de travail à des personnes éloignées de l'emploi.")
    change = Change(clauses=[proposed_clause("insertion_clause", text, refs=["L2112-2"])])
    proposal = _make("insertion_clause", x.purchase, change, rows=rows, params=x.params)
    proposal.lots = [{k: v for k, v in r.items() if k not in ("label", "volume")} for r in rows]
    proposal.skipped_lots = skipped
    if any(r["hours"] is None for r in rows):
        proposal.notes.append("Heures non calculées pour certains lots : le texte dit ce qu'il faut pour les fixer.")
    return proposal


# --- conditions and criteria -----------------------------------------------------------------------

def social_condition(x: Inputs) -> Proposal | str:
    if _present(x.state, "social_condition"):
        return "Une condition sociale d'exécution figure déjà dans le dossier."
    change = Change(clauses=[proposed_clause("social_condition", "Le titulaire forme le personnel affecté au marché.",
                                             refs=["L2112-2"])])
    families = {lot.family.id for lot in x.purchase.lots if lot.family}
    return _make("social_condition", x.purchase, change, families=families)


def environmental_condition(x: Inputs) -> Proposal | str:
    if _present(x.state, "environmental_condition"):
        return "Une condition d'exécution environnementale figure déjà dans le dossier."
    variant = clause_data()["environment"][_kind(x)]
    change = Change(clauses=[proposed_clause("environmental_condition", variant["items"][0], refs=["L2112-2"])])
    return _make("environmental_condition", x.purchase, change, **variant)


def _taken(x: Inputs, weight: float) -> list[dict]:
    """Where the new criterion's points come from: the heaviest criterion of each group."""
    groups: dict[str | None, list] = {}
    for c in x.state.criteria:
        if c.weight is not None:
            groups.setdefault(c.lot, []).append(c)
    rows = []
    for lot, group in groups.items():
        total = sum(c.weight for c in group)
        if total <= 0:
            continue
        heaviest = max(group, key=lambda c: c.weight)
        before = 100 * heaviest.weight / total
        rows.append({"where": f"pour le lot n° {lot}" if lot else "pour cela", "name": heaviest.name,
                     "before": round(before, 1), "after": round(max(0.0, before - weight), 1)})
    return rows


def _criterion(x: Inputs, lever: str, aspect: str, name: str, subcriteria: list[dict], weight: float) -> Proposal:
    change = Change(clauses=[proposed_clause(lever, f"{name} : {weight:g} %", strength="criterion", refs=["R2152-7"])],
                    criteria=lambda criteria: rebalance(criteria, name, weight, aspect))
    taken = _taken(x, weight)
    proposal = _make(lever, x.purchase, change, name=name, weight=weight, taken=taken, subcriteria=subcriteria)
    if not taken:
        proposal.notes.append(f"Le dossier ne donne pas la pondération des autres critères : ramenez-la à "
                              f"{100 - weight:g} % au total.")
    return proposal


def _has_aspect(x: Inputs, aspect: str) -> bool:
    return any(aspect in c.aspects for c in x.state.criteria)


def social_criterion(x: Inputs) -> Proposal | str:
    if _present(x.state, "social_criterion") or _has_aspect(x, "social"):
        return "Un critère d'attribution social figure déjà dans le dossier."
    data = clause_data()
    with_insertion = "insertion_clause" in x.proposed or _present(x.state, "insertion_clause")
    spec = data["social_subcriteria"]["with_insertion" if with_insertion else "without_insertion"]
    return _criterion(x, "social_criterion", "social", spec["name"], spec["items"],
                      float(data["defaults"]["social_criterion_weight"]["value"]))


def environmental_criterion(x: Inputs) -> Proposal | str:
    if _present(x.state, "environmental_criterion") or _has_aspect(x, "environmental"):
        return "Un critère d'attribution environnemental figure déjà dans le dossier."
    data = clause_data()
    spec = data["environmental_subcriteria"]
    kind = _kind(x)
    kind = kind if kind in ("works", "supplies") else "services"
    return _criterion(x, "environmental_criterion", "environmental", spec["name"], spec[kind],
                      float(data["defaults"]["environmental_criterion_weight"]["value"]))


# --- reservations ----------------------------------------------------------------------------------

def _supplied(tender: Tender) -> purchases.Family | None:
    """The first family of the purchase that inclusive structures supply (scoring.purchase)."""
    return next((f for f in purchases.families(tender) if f.suppliers), None)


def reserved(x: Inputs) -> Proposal | str:
    p = x.purchase
    if _present(x.state, "reserved_disability", "reserved_insertion") or any(
            set(lot.reserved) & {"reserved_disability", "reserved_insertion"} for lot in p.lots):
        return "Le dossier réserve déjà un marché ou un lot (EA, ESAT ou SIAE)."
    family = _supplied(x.tender)
    if family is None:
        known = ", ".join(f.label for f in purchases.families(x.tender))
        return ("Réservation non proposée : aucune structure inclusive (SIAE, EA, ESAT) ne fournit cet achat"
                + (f" ({known})" if known else "") + " d'après l'annuaire du marché de l'inclusion ; "
                "une réservation ne trouverait pas de candidat.")
    fitting = [lot for lot in p.lots if lot.number is None or _supplied(_lot_tender(lot)) is not None] or p.lots
    valued = [lot for lot in fitting if lot.value_ht is not None]
    target = min(valued, key=lambda lot: lot.value_ht) if valued else fitting[0]
    lot_family = _supplied(_lot_tender(target)) if target.number is not None else None
    family = lot_family or family
    wanted = {"siae": "siae", "ea": "ea_esat"}[x.params.reserve_to]
    chosen = x.params.reserve_to if wanted in family.suppliers else ("siae" if "siae" in family.suppliers else "ea")
    spec = clause_data()["reservation"][chosen]
    category = spec["category"]

    def mark(tender) -> None:
        if target.number is None:
            tender.reserved.append(category)
        for lot in tender.lots:
            if lot.number == target.number:
                lot.reserved.append(category)

    change = Change(clauses=[proposed_clause(category, f"{target.label} réservé ({spec['ref']})", refs=[spec["ref"]])],
                    tender=mark)
    target_view = {"label": target.label, "subject": target.subject, "number": target.number,
                   "value_ht": target.value_ht}
    proposal = _make("reserved", p, change, target=target_view,
                     article=p.articles[spec["article"]], structures=" ".join(spec["structures"].split()),
                     workers=spec["workers"], proof=spec["proof"])
    proposal.notes.append(f"Achat de {family.label} : {family.supplied_by()} en fournissent (annuaire du marché de "
                          "l'inclusion).")
    if chosen != x.params.reserve_to:
        proposal.notes.append("Réservé à l'autre famille de structures : celle demandée ne fournit pas cet achat.")
    if p.divided and not valued:
        proposal.notes.append("Montants des lots inconnus : réservez de préférence le lot le plus petit.")
    x.sources += [s for s in family.sources if s not in x.sources]
    return proposal


def reserved_ess(x: Inputs) -> Proposal | str:
    p = x.purchase
    if _present(x.state, "reserved_ess") or any("reserved_ess" in lot.reserved for lot in p.lots):
        return "Le dossier réserve déjà le marché aux entreprises de l'économie sociale et solidaire."
    if not p.cpv:
        return ("Réservation ESS non proposée : le dossier ne donne pas de code CPV, et seuls certains services "
                "sociaux, de santé ou culturels peuvent être réservés (article L2113-15).")
    if not reservable_to_ess(p.cpv):
        return ("Réservation ESS non proposée : les codes CPV de l'achat ne sont pas parmi les services sociaux, "
                "de santé ou culturels que l'article L2113-15 permet de réserver.")
    change = Change(clauses=[proposed_clause("reserved_ess", "Marché réservé aux entreprises de l'ESS (L2113-15).",
                                             refs=["L2113-15"])])
    long = bool(p.duration_months and p.duration_months > 36)
    proposal = _make("reserved_ess", p, change, long=long)
    if long:
        proposal.notes.append("La durée prévue dépasse trois ans : elle doit être réduite pour réserver le marché.")
    return proposal


# --- access of small structures --------------------------------------------------------------------

def _strength(fid: str, evidence: str) -> Finding:
    advice = scoring_data("accessibility.yml")[fid]["advice_strength"].strip()
    return Finding(fid, "strength", evidence, document=PROPOSAL_DOCUMENT, advice=advice)


def lots(x: Inputs) -> Proposal | str:
    finding = _finding(x.state, "lots")
    if x.purchase.divided or (finding is not None and finding.kind == "strength"):
        return "Le marché est déjà divisé en lots."
    check = next((c for c in x.checks if c.rule == "lots"), None)
    if check is not None and check.status == "ok":  # a single contract the file justifies, as the checks saw it
        return f"Allotissement non proposé : {check.explanation}"

    def divide(tender) -> None:
        tender.lot_division = True

    change = Change(findings=[_strength("lots", "Proposition : division en lots attribués séparément.")], tender=divide)
    proposal = _make("lots", x.purchase, change)
    proposal.notes.append("Définissez les lots (intitulés, périmètres, montants) : le texte en laisse la place.")
    return proposal


def advance_payment(x: Inputs) -> Proposal | str:
    data = clause_data()["defaults"]
    advance, days = data["advance_rate"]["value"], data["payment_days"]["value"]
    parts = {"advance": "advance_payment", "retention": "retention_guarantee", "payment": "payment_delay"}
    need = {part: (f := _finding(x.state, fid)) is None or f.kind == "barrier" for part, fid in parts.items()}
    if not any(need.values()):
        return "Avance, retenue de garantie et délai de paiement sont déjà favorables aux petites structures."
    number, n = {}, 0
    for part in ("advance", "retention", "payment"):
        if need[part]:
            n += 1
            number[part] = n
    rc_parts = [text for part, text in (("advance", f"une avance de {advance} % sans garantie à première demande"),
                                        ("retention", "aucune retenue de garantie"),
                                        ("payment", f"un paiement à {days} jours")) if need[part]]
    findings = [_strength(fid, f"Proposition : {text}.") for fid, part, text in (
        ("advance_payment", "advance", f"avance de {advance} %"), ("retention_guarantee", "retention",
                                                                   "aucune retenue de garantie"),
        ("payment_delay", "payment", f"délai global de paiement de {days} jours")) if need[part]]

    def grant(tender) -> None:  # what tenders.terms would read in the drafted CCAP
        tender.terms = [t for t in tender.terms if t.id != "advance_payment"] + [
            Term("advance_payment", "rate", float(advance), f"Proposition : avance de {advance} %.", PROPOSAL_DOCUMENT)]

    change = Change(findings=findings, tender=grant if need["advance"] else None)
    return _make("advance_payment", x.purchase, change, need=need, number=number, rc_parts=rc_parts,
                 advance=advance, days=days)


BUILDERS = {"insertion_clause": insertion, "social_condition": social_condition,
            "social_criterion": social_criterion, "environmental_condition": environmental_condition,
            "environmental_criterion": environmental_criterion, "reserved": reserved, "reserved_ess": reserved_ess,
            "lots": lots, "advance_payment": advance_payment}
