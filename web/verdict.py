""""Puis-je répondre ?" in plain words, for a small or social-economy structure: a verdict first
(who may bid), then on which lots, by when, judged on what, and what the structure can do
(group, subcontract, offer insertion hours, ask the buyer a question), each point with the
passage it rests on. Pure functions over a report; the wording is web/verdict.yml.

A reservation is never announced without an affirmative passage that states it: a form that
cites L2113-12 for the candidate to fill in, "Marché réservé : non", a conditional "si le marché
est réservé" are no reservation."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from taxonomy import ASPECT_LABELS, CATEGORY_LABELS, FINDING_LABELS, RESERVED
from text import fold
from text.passage import clean_passage

# A reservation is stated when the text says to whom: "le lot 2 est réservé aux ESAT", "réservé, en
# application de l'article L2113-13, à des structures d'insertion", or a form's "Marché réservé : oui".
_STATES = re.compile(r"\breserv\w*\b[^.;:]{0,90}?\b(?:a|aux|au|pour)\s+(?:des?\s+|la\s+|l'|les\s+)?"
                     r"(?:structures?|entreprises?|esat|ea\b|siae|ateliers?|operateurs?|organismes?|travailleurs?"
                     r"|etablissements?|personnes?|employeurs?)|\breserv\w*\s*:\s*oui\b")
_NEGATIVE = re.compile(r"\b(?:non|pas|aucun|aucune|ni)\b[^.;]{0,40}\breserv|\breserv\w*\s*[:\-–]?\s*(?:non|sans objet|neant)\b"
                       r"|\bsans objet\b")
_PAPERWORK = re.compile(r"\b(?:le candidat|les candidats? (?:indique|precise|declare|coche)|je soussigne|declaration|attestation"
                        r"|dc1|dc2|le cas echeant|si (?:le|la|un|une) (?:marche|lot|consultation|accord-cadre)\b[^.;]{0,30}reserv"
                        r"|cochez|case a cocher|\[ ?\]|☐)")
_HOURS = re.compile(r"(\d[\d\s.\u202f\u00a0]*)\s*heures")


@dataclass
class Point:
    """One statement of the verdict, with the passage behind it (None when the file is silent)."""
    text: str
    passage: str | None = None
    where: str | None = None
    tone: str = "info"  # "ok", "warn" or "info"


@dataclass
class Verdict:
    title: str
    buyer: str | None
    headline: str
    tone: str
    who: list[Point] = field(default_factory=list)
    lots: list[Point] = field(default_factory=list)
    when: list[Point] = field(default_factory=list)
    criteria: list[Point] = field(default_factory=list)
    actions: list[Point] = field(default_factory=list)
    watch: list[Point] = field(default_factory=list)  # barriers, in the bidder's words
    assets: list[Point] = field(default_factory=list)  # strengths


@functools.cache
def _wording() -> dict:
    return yaml.safe_load(Path(__file__).with_name("verdict.yml").read_text(encoding="utf-8"))


def affirmative_reservation(clause: dict) -> bool:
    """True when the passage states that the contract or a lot is reserved."""
    if clause.get("negated") or clause.get("category") not in RESERVED:
        return False
    text = fold(clause.get("text") or "")
    return bool(_STATES.search(text)) and not _NEGATIVE.search(text) and not _PAPERWORK.search(text)


def _where(item: dict) -> str | None:
    if not item.get("document"):
        return None
    return item["document"] + (f", p. {item['page']}" if item.get("page") else "")


def _passage(item: dict) -> str:
    return clean_passage(item.get("text") or item.get("evidence") or "")[:600]


def _first(clauses: list[dict], category: str) -> dict | None:
    return next((c for c in clauses if c["category"] == category and not c.get("negated")), None)


def _criteria(tender: dict) -> list[Point]:
    out = []
    for c in tender.get("award_criteria") or []:
        weight = c.get("weight")
        shown = "non pondéré" if weight is None else "pondération " + (
            f"{weight:.0f}" if float(weight).is_integer() else f"{weight:.1f}".replace(".", ","))
        aspects = " et ".join(ASPECT_LABELS.get(a, "autre") for a in c.get("aspects") or [])
        note = f" : votre démarche sur le plan {aspects} y compte, décrivez-la précisément" if aspects else ""
        name = c["name"][:1].upper() + c["name"][1:]
        out.append(Point(f"{name} — {shown}{' (lot ' + c['lot'] + ')' if c.get('lot') else ''}{note}.",
                         tone="ok" if aspects else "info"))
    return out


def _actions(report: dict, findings: dict[str, dict], deadline: str | None) -> list[Point]:
    clauses, out = report.get("clauses", []), []
    joint = findings.get("joint_bids")
    if joint and joint["kind"] == "barrier":
        out.append(Point("Se grouper : le dossier encadre les groupements, lisez la règle avant de vous associer.",
                         _passage(joint), _where(joint), "warn"))
    elif joint:
        out.append(Point("Se grouper avec d'autres structures ou une entreprise (cotraitance) : le dossier l'accepte.",
                         _passage(joint), _where(joint), "ok"))
    else:
        out.append(Point("Se grouper avec d'autres structures ou une entreprise (cotraitance) : le dossier ne "
                         "l'interdit pas, c'est donc possible."))
    insertion = _first(clauses, "insertion_clause")
    if insertion:
        hours = _HOURS.search(insertion["text"])
        volume = f"{' '.join(hours.group(1).split())} heures d'insertion" if hours else "des heures d'insertion"
        out.append(Point(f"Proposer ses services au futur titulaire, qui devra réaliser {volume} : sous-traitance, "
                         "cotraitance ou mise à disposition de salariés en insertion.", _passage(insertion),
                         _where(insertion), "ok"))
    else:
        out.append(Point("Répondre en sous-traitance d'une entreprise candidate : elle vous présente à "
                         "l'acheteur, qui accepte le sous-traitant et ses conditions de paiement."))
    social = _first(clauses, "social_criterion")
    if social:
        out.append(Point("Mettre en avant l'insertion ou l'emploi de publics fragiles : un critère social note les "
                         "offres.", _passage(social), _where(social), "ok"))
    by = f" avant la date limite du {deadline}" if deadline else " avant la date limite"
    out.append(Point(f"Poser une question à l'acheteur{by}, sur le profil d'acheteur où le dossier est publié ; "
                     "le règlement de la consultation fixe le dernier jour pour le faire."))
    return out


def build(report: dict, date_fr=lambda d: d) -> Verdict:
    tender = report.get("tender") or {}
    clauses = report.get("clauses", [])
    found = report.get("accessibility", {}).get("findings", [])
    findings = {f["id"]: f for f in found}
    wording = _wording()
    reservations = [c for c in clauses if affirmative_reservation(c)]
    barriers = [f for f in found if f["kind"] == "barrier"]
    title = tender.get("title") or "Consultation sans titre repéré"
    verdict = Verdict(title, tender.get("buyer"), "", "ok")
    if reservations:
        who = ", ".join(dict.fromkeys(CATEGORY_LABELS[c["category"]] for c in reservations))
        verdict.headline = f"Marché réservé ({who}) : seules les structures concernées peuvent répondre, sur les lots dits."
        verdict.tone = "info"
        verdict.who = [Point(f"{CATEGORY_LABELS[c['category']]}.", _passage(c), _where(c), "ok") for c in reservations]
    elif barriers:
        verdict.headline = (f"Oui, une petite structure peut répondre, mais {len(barriers)} point"
                            f"{'s' if len(barriers) > 1 else ''} demande{'nt' if len(barriers) > 1 else ''} de l'attention.")
        verdict.tone = "warn"
        verdict.who = [Point("Le marché est ouvert à toutes les entreprises, structures de l'économie sociale et "
                             "solidaire comprises : aucun passage ne le réserve.")]
    else:
        verdict.headline = "Oui, une petite structure peut répondre : rien dans le texte ne lui ferme la porte."
        verdict.who = [Point("Le marché est ouvert à toutes les entreprises, structures de l'économie sociale et "
                             "solidaire comprises : aucun passage ne le réserve.")]
    lots = tender.get("lots") or []
    if lots:
        reserved_lots = {c["category"] for c in reservations}
        for lot in lots:
            mark = [CATEGORY_LABELS[r] for r in lot.get("reserved") or [] if r in reserved_lots]
            verdict.lots.append(Point(f"Lot {lot['number']}" + (f" : {lot['title']}" if lot.get("title") else "")
                                      + (f" — réservé ({', '.join(mark)})" if mark else "") + "."))
    elif "lots" in findings:
        f = findings["lots"]
        verdict.lots.append(Point(wording[f["kind"]]["lots"], _passage(f), _where(f),
                                  "ok" if f["kind"] == "strength" else "warn"))
    else:
        verdict.lots.append(Point("Le texte ne dit pas si le marché est divisé en lots."))
    deadline = date_fr(tender["deadline"]) if tender.get("deadline") else None
    verdict.when.append(Point(f"Date limite de remise des offres : {deadline}." if deadline else
                              "La date limite n'a pas été trouvée dans le texte : cherchez-la dans l'avis.",
                              tone="info"))
    if "response_time" in findings:
        f = findings["response_time"]
        verdict.when.append(Point(wording[f["kind"]]["response_time"], _passage(f), _where(f),
                                  "ok" if f["kind"] == "strength" else "warn"))
    verdict.criteria = _criteria(tender) or [Point("Les critères de choix n'ont pas été trouvés dans le texte : "
                                                   "ils figurent dans le règlement de la consultation.")]
    verdict.actions = _actions(report, findings, deadline)
    for f in found:
        if f["id"] in ("lots", "response_time", "joint_bids"):
            continue  # said above
        point = Point(f"{FINDING_LABELS.get(f['id'], 'Autre point')} — {wording[f['kind']].get(f['id'], '')}",
                      _passage(f), _where(f), "ok" if f["kind"] == "strength" else "warn")
        (verdict.assets if f["kind"] == "strength" else verdict.watch).append(point)
    return verdict
