"""Recommend levers (levers.yml) for what the tender lacks, and advice for each barrier: only the
levers that fit the purchase (scoring.purchase: works, supplies or services, and the families
where social-economy structures supply), each with why it applies and the points it would add
to the score, the legal obligations first, then by effect on the score and relevance."""
from __future__ import annotations

from dataclasses import replace
from functools import cache

from nlp.model import Clause
from scoring import purchase
from scoring.accessibility import accessibility_score
from scoring.data import load, load_grid
from scoring.grid import criterion_percent, lever_share, score
from scoring.model import Check, Finding, Recommendation
from tenders.model import AwardCriterion, Tender

WEAK_BELOW = 0.7  # share of a grid lever's points under which a present lever is called weak
TARGET_PERCENT = 15  # the weight a recommended criterion is given when its effect is estimated
FACTOR = {"obligation": 1.0, "forte": 1.0, "moyenne": 0.6}
# The grid's categories a lever adds when its effect on the score is estimated.
ADDS = {"insertion_clause": ["insertion_clause"], "social_criterion": ["social_criterion"],
        "reserved": ["reserved_insertion"], "environmental_condition": ["environmental_condition"],
        "environmental_criterion": ["environmental_criterion"], "fair_trade": ["fair_trade"],
        "reserved_ess": ["reserved_ess"], "criteria": ["social_criterion", "environmental_criterion"]}
ASPECT_OF = {"social_criterion": "social", "environmental_criterion": "environmental"}


@cache
def _reservable() -> tuple[tuple[str, ...], frozenset[str]]:
    data = load("reservable_cpv.yml")
    return tuple(data["prefixes"]), frozenset(str(code) for code in data["codes"])


def reservable_to_ess(cpv: list[str]) -> bool:
    """True when a CPV code of the tender is a service L2113-15 lets the buyer reserve."""
    prefixes, codes = _reservable()
    return any(code[:8] in codes or code.startswith(prefixes) for code in cpv)


def _present(clauses: list[Clause], category: str) -> bool:
    return any(c.category == category and not c.negated for c in clauses)


def _weak(lever: dict, criteria: list[AwardCriterion], clauses: list[Clause]) -> tuple[str, str] | None:
    """(advice, why) for a lever that is present but weak (its grid share and the reason), or None."""
    name = lever.get("grid_lever")
    if not name or "strengthen" not in lever:
        return None
    grid = load_grid()
    spec = next(g for g in grid["levers"] if g["id"] == name)
    share, clause, why = lever_share(spec, clauses, criteria, grid["levels"])
    if clause is None or share >= WEAK_BELOW:
        return None
    where = clause.document + (f", p. {clause.page}" if clause.page else "")
    return (f"{' '.join(lever['strengthen'].split())} (actuellement : {why}, {where})",
            f"Déjà dans le dossier ({where}), mais tel qu'il est écrit ({why}) il ne rapporte que "
            f"{100 * share:.0f} % de ses points.")


class _Purchase:
    """What the levers' relevance depends on, computed once per tender."""

    def __init__(self, tender: Tender, checks: list[Check]):
        words = purchase.object_text(tender)
        self.tender = tender
        self.kind = purchase.kind(tender, words)
        self.families = purchase.families(tender, words)
        self.checks = {c.rule: c for c in checks}

    def labour(self) -> purchase.Family | None:
        return next((f for f in self.families if f.labour), None)

    def supplied(self) -> purchase.Family | None:
        return next((f for f in self.families if f.suppliers), None)


def _obligation(rule: str, p: _Purchase, label: str) -> tuple[str, str]:
    check = p.checks.get(rule)
    if check is not None and check.status == "missing":
        return "obligation", f"Obligation légale pour cette consultation : {label} manque au dossier."
    return "moyenne", f"{label[0].upper()}{label[1:]} n'est pas encore obligatoire à la date de cette consultation, " \
                      "mais le devient pour les suivantes."


def _relevance(lever: str, p: _Purchase, lever_spec: dict) -> tuple[str, str] | None:
    """(relevance, why it applies) for a missing lever; None when it does not fit the purchase."""
    if lever == "insertion_clause":
        family = p.labour()
        if p.kind == "works":
            return "forte", "Marché de travaux : la main-d'œuvre y pèse lourd, des heures d'insertion s'y calculent " \
                            "sur le montant des travaux."
        if family is not None:
            return "forte", f"Achat de {family.label} : surtout de la main-d'œuvre, où des heures d'insertion " \
                            "se calculent et se contrôlent."
        if p.kind == "supplies":
            return None  # a supply of goods leaves few hours of work to the contract
        return "moyenne", "Prestation de services : la clause porte sur les heures de travail du marché, à " \
                          "calibrer avec un facilitateur."
    if lever == "reserved":
        family = p.supplied()
        if family is None:
            return None  # nobody in the social economy supplies it: a reservation would find no bidder
        where = "un lot" if len(p.tender.lots) > 1 else "le marché ou un lot détaché"
        return ("forte" if len(p.tender.lots) > 1 else "moyenne",
                f"Achat de {family.label} : {family.supplied_by()} en fournissent (annuaire du Marché de "
                f"l'inclusion) ; {where} peut leur être réservé.")
    if lever == "social_criterion":
        return "moyenne", "Aucun critère d'attribution ne note la performance sociale des offres."
    if lever == "environmental_condition":
        return _obligation("environmental_condition", p, "une condition d'exécution environnementale")
    if lever == "environmental_criterion":
        return _obligation("environmental_criterion", p, "un critère d'attribution environnemental")
    if lever == "fair_trade":
        prefixes = tuple(lever_spec.get("applies_to_cpv") or ())
        family = next((f for f in p.families if f.fair_trade), None)
        if family is None and not any(code.startswith(prefixes) for code in p.tender.cpv):
            return None
        what = family.label if family else "denrées, textiles ou mobilier"
        return "forte", f"Achat de {what} : des filières de commerce équitable existent pour ces produits."
    if lever == "reserved_ess":
        if not reservable_to_ess(p.tender.cpv):
            return None
        return "forte", "Les codes CPV du marché figurent parmi les services sociaux, de santé ou culturels " \
                        "que l'article L2113-15 permet de réserver."
    return "moyenne", ""


def _criterion(criteria: list[AwardCriterion], aspect: str) -> list[AwardCriterion]:
    """Criteria plus one of this aspect weighing TARGET_PERCENT of its lot's total."""
    total = sum(c.weight for c in criteria if c.weight is not None and c.lot is None)
    weight = TARGET_PERCENT * total / (100 - TARGET_PERCENT) if total else None
    return [*criteria, AwardCriterion("simulation", weight, aspects=[aspect])]


def _gain(lever: str, clauses: list[Clause], criteria: list[AwardCriterion], findings: list[Finding],
          base: float) -> float:
    """Points the total score would gain with the lever in the file (a binding passage, a
    criterion at TARGET_PERCENT, a barrier turned into a strength)."""
    added, crit = list(clauses), list(criteria)
    found = list(findings)
    for category in ADDS.get(lever, []):
        added.append(Clause(category, "Le titulaire réalise 400 heures d'insertion.", "", None,
                            strength="criterion" if category.endswith("criterion") else "mandatory"))
        if category in ASPECT_OF:
            crit = _criterion(crit, ASPECT_OF[category])
    if lever not in ADDS:
        found = [replace(f, kind="strength") if f.id == lever else f for f in findings]
    after = score(added, crit, accessibility_score(found)).total or 0
    return round(max(after - base, 0.0), 1)


def _shared_criterion(criteria: list[AwardCriterion]) -> AwardCriterion | None:
    """The one criterion that carries both the social and the environmental weight, if so."""
    shared = [c for c in criteria if {"social", "environmental"} <= set(c.aspects) and c.weight is not None]
    if not shared:
        return None
    best = max(shared, key=lambda c: c.weight)
    social, green = criterion_percent(criteria, "social"), criterion_percent(criteria, "environmental")
    alone = [c for c in criteria if c is not best and c.weight is not None and c.weight >= best.weight
             and set(c.aspects) & {"social", "environmental"}]
    return best if social is not None and green is not None and not alone else None


def _percent(criterion: AwardCriterion, criteria: list[AwardCriterion]) -> float:
    total = sum(c.weight for c in criteria if c.weight is not None and c.lot == criterion.lot)
    return 100 * (criterion.weight or 0) / total if total else 0.0


def _merged(criterion: AwardCriterion, criteria: list[AwardCriterion]) -> Recommendation:
    text = (f"Le critère « {criterion.name} » ({_percent(criterion, criteria):.0f} %) note à la fois le social et "
            "l'environnement : en faire deux critères distincts, chacun à 10 % au moins et décomposé en "
            "sous-critères vérifiables, pour que chaque aspect compte vraiment.")
    why = ("Un même critère ne doit pas compter deux fois : il est ici à la fois le seul critère social et le "
           "seul critère environnemental du dossier.")
    return Recommendation("criteria", text, "", "critere-social", why, 0.0, "forte")


def recommend(tender: Tender, clauses: list[Clause], findings: list[Finding], criteria: list[AwardCriterion],
              checks: list[Check] | None = None) -> list[Recommendation]:
    """The levers that fit this purchase, ranked: obligations, then effect on the score weighted
    by relevance. `checks` are the compliance rows (computed here when not given)."""
    if checks is None:
        from scoring.compliance import check

        checks = check(tender, clauses, findings)
    p = _Purchase(tender, checks)
    base = score(clauses, criteria, accessibility_score(findings)).total or 0
    out: list[Recommendation] = []
    weak_criteria: list[str] = []
    for lever in load("levers.yml"):
        name, model = lever["lever"], " ".join(lever["model_clause"].split())
        if "when_missing_finding" in lever:
            continue  # barriers, below
        if any(_present(clauses, cat) for cat in lever["when_missing"]):
            if (weak := _weak(lever, criteria, clauses)) is not None:
                weak_criteria += [name] if name in ASPECT_OF else []
                out.append(Recommendation(name, weak[0], model, lever["guide_ref"], weak[1],
                                          _gain(name, clauses, criteria, findings, base), "forte"))
            continue
        fitted = _relevance(name, p, lever)
        if fitted is None:
            continue
        out.append(Recommendation(name, " ".join(lever["text"].split()), model, lever["guide_ref"], fitted[1],
                                  _gain(name, clauses, criteria, findings, base), fitted[0]))
    shared = _shared_criterion(criteria)
    if shared is not None and weak_criteria:
        kept = [r for r in out if r.lever not in ASPECT_OF or r.relevance == "obligation"]
        merged = _merged(shared, criteria)
        merged.gain = _gain("criteria", clauses, criteria, findings, base)
        out = kept + [merged]
    out += _barrier_advice(findings, p, clauses, criteria, base)
    return sorted(out, key=lambda r: (r.relevance != "obligation", -r.gain * FACTOR.get(r.relevance, 0.5)))


def _barrier_advice(findings: list[Finding], p: _Purchase, clauses: list[Clause], criteria: list[AwardCriterion],
                    base: float) -> list[Recommendation]:
    """One piece of advice per barrier, but no lot division where the single lot is justified."""
    lots = next(spec for spec in load("levers.yml") if spec.get("when_missing_finding") == "lots")
    out = []
    for finding in findings:
        if finding.kind != "barrier":
            continue
        if finding.id == "lots":
            if p.checks.get("lots") is not None and p.checks["lots"].status == "ok":
                continue  # the file justifies a single contract, and the tool agreed
            text, model, ref = " ".join(lots["text"].split()), " ".join(lots["model_clause"].split()), lots["guide_ref"]
        else:
            text, model, ref = finding.advice, "", f"acces-{finding.id}"
        where = f" ({finding.document}{f', p. {finding.page}' if finding.page else ''})" if finding.document else ""
        why = f"Le dossier : « {finding.evidence} »{where}." if finding.evidence else ""
        out.append(Recommendation(finding.id, text, model, ref, why,
                                  _gain(finding.id, clauses, criteria, findings, base), "forte"))
    return out
