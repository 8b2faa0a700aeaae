"""Trainer mode: exercises of four kinds, with an answer key that explains itself.

- Repérer le levier: a real passage (vetted by guide.vetting); which lever, which kind of clause.
- Corriger la clause: a weak passage; what it lacks, and the model clause that fixes it.
- Calculer les heures d'insertion: an amount, the labour share, the hourly cost and the rate.
- Choisir le levier: a purchase described in a few words; the levers the tool's own rules
  (scoring.recommendations) propose for it, in order, and why; those that would not fit.

Passages come from published tenders; when there are none, from passages written for the
exercises and marked as such. A passage is used once, with one answer, whatever the number of
categories the analysis gave it."""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from drafting.hours import round_hours
from guide.excerpts import Excerpt, key, vetted_rows
from guide.render import render_page
from guide.vetting import refusal, weakness
from scoring.data import load
from scoring.recommendations import recommend
from taxonomy import CATEGORY_LABELS, LEVER_LABELS
from tenders.model import Lot, Tender

INVENTED = "Exemple rédigé pour l'exercice"
KIND_TITLES = {"reperer": "Repérer le levier", "corriger": "Corriger la clause",
               "calculer": "Calculer les heures d'insertion", "choisir": "Choisir le levier"}
# Passages written for the exercises (our own wording), used when no tender is published.
PRACTICE = [
    Excerpt("insertion_clause", "Le titulaire s'engage à réaliser 420 heures d'insertion au bénéfice de personnes "
            "éloignées de l'emploi ; il transmet chaque trimestre au facilitateur un état des heures réalisées.",
            0, INVENTED, "CCAP", None, "mandatory"),
    Excerpt("fair_trade", "Le café, le thé et le sucre servis lors des réceptions sont issus du commerce équitable ; "
            "le titulaire en apporte la preuve par un label ou par tout moyen équivalent.", 0, INVENTED, "CCTP", None,
            "mandatory"),
    Excerpt("social_criterion", "Critère n° 2 : performance en matière d'insertion professionnelle des publics en "
            "difficulté (15 %), appréciée au vu du nombre d'heures proposé et de l'accompagnement.", 0, INVENTED,
            "RC", None, "criterion"),
    Excerpt("environmental_condition", "Les emballages sont repris par le titulaire à chaque livraison et orientés "
            "vers une filière de réemploi.", 0, INVENTED, "CCAP", None, "mandatory"),
    Excerpt("insertion_clause", "Le titulaire favorisera l'emploi de personnes éloignées de l'emploi pendant "
            "l'exécution du marché.", 0, INVENTED, "CCAP", None, "mention"),
    Excerpt("environmental_criterion", "Critère n° 3 : démarche environnementale de l'entreprise, notée sur 5 %.", 0,
            INVENTED, "RC", None, "criterion"),
    Excerpt("reserved_insertion", "Le lot 4 est réservé aux structures d'insertion par l'activité économique.", 0,
            INVENTED, "Avis", None, "mandatory"),
]
# Hours of insertion: data of the exercises (invented), the formula is the facilitators' one.
HOURS = [
    ("Entretien des espaces verts d'une commune pendant trois ans", 180_000, 0.60, 32, 0.07),
    ("Réhabilitation d'une école (lot peinture et revêtements de sols)", 240_000, 0.45, 40, 0.05),
    ("Nettoyage des locaux d'un département pendant quatre ans", 520_000, 0.80, 29, 0.06),
]
# Purchases to choose levers for (invented): what a buyer would say, and the tender it makes.
PURCHASES = [
    ("Une communauté de communes prépare la collecte des encombrants et leur réemploi, en deux lots, "
     "pour une consultation lancée en novembre 2026 ; le dossier ne contient encore aucune clause.",
     Tender(title="Collecte des encombrants et réemploi", deadline="2026-11-15",
            lots=[Lot("1", "Collecte des encombrants"), Lot("2", "Tri et réemploi")])),
    ("Un lycée achète deux moteurs agricoles sur banc pour ses ateliers pédagogiques (consultation de "
     "décembre 2026, un seul lot justifié par l'unité de l'équipement).",
     Tender(title="Fourniture de deux moteurs agricoles sur banc", deadline="2026-12-10", cpv=["16000000"])),
    ("Un département commande des prestations de traiteur pour ses réceptions, en un seul marché, "
     "pour une consultation de septembre 2026.",
     Tender(title="Prestations de traiteur pour les réceptions", deadline="2026-09-30", cpv=["55520000"])),
]
LEVER_OF = {"insertion_clause": "insertion_clause", "social_criterion": "social_criterion",
            "reserved_disability": "reserved", "reserved_insertion": "reserved", "reserved_ess": "reserved_ess",
            "environmental_condition": "environmental_condition", "environmental_criterion": "environmental_criterion",
            "fair_trade": "fair_trade"}


@dataclass
class Exercise:
    kind: str  # one of KIND_TITLES
    prompt: str
    questions: list[str]
    answer: list[str]
    passage: Excerpt | None = None
    categories: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return KIND_TITLES[self.kind]


def _nature(category: str) -> str:
    if category.startswith("reserved"):
        return "une réservation du marché ou d'un lot"
    if category.endswith("criterion"):
        return "un critère d'attribution : il départage les offres, il n'oblige personne"
    return "une condition d'exécution : elle s'impose au titulaire, quel qu'il soit"


def _model(category: str) -> str:
    lever = LEVER_OF.get(category)
    spec = next((s for s in load("levers.yml") if s["lever"] == lever), None)
    return " ".join(spec["model_clause"].split()) if spec else ""


def _passages(db) -> list[tuple[Excerpt, list[str]]]:
    """Vetted passages, each once with all its categories; the written ones when none is published."""
    grouped: dict[str, tuple[Excerpt, list[str]]] = {}
    rows = vetted_rows(db, list(LEVER_OF) + ["social_condition"]) if db is not None else []
    tenders: dict[int, int] = {}
    for category, text, tender_id, title, buyer, document, page, strength in rows:
        found = grouped.get(key(text))
        if found is not None:
            if category not in found[1]:
                found[1].append(category)
            continue
        if tenders.get(tender_id, 0) >= 2:
            continue  # at most two passages of one tender
        tenders[tender_id] = tenders.get(tender_id, 0) + 1
        grouped[key(text)] = (Excerpt(category, text, tender_id, title, document, page, strength, buyer), [category])
    if not grouped:
        grouped = {key(e.text): (e, [e.category]) for e in PRACTICE if refusal(e.category, e.text) is None}
    return list(grouped.values())


def _spot(e: Excerpt, categories: list[str]) -> Exercise:
    labels = " et ".join(CATEGORY_LABELS[c] for c in categories)
    answer = [f"{labels}. C'est {_nature(categories[0])}."]
    if (weak := weakness(e.category, e.text, e.strength)) is None:
        answer.append("Un bon exemple : la formulation oblige, et ce qu'elle demande se vérifie.")
    else:
        answer.append(f"À renforcer : {weak}")
    return Exercise("reperer", "Lisez ce passage.", ["Quel levier ce passage utilise-t-il ?",
                    "Est-ce une condition d'exécution, un critère d'attribution ou une réservation ?"],
                    answer, e, categories)


def _fix(e: Excerpt, categories: list[str], weak: str) -> Exercise | None:
    model = _model(e.category)
    if not model:
        return None
    return Exercise("corriger", "Ce passage est trop faible pour être suivi d'effet.",
                    ["Qu'est-ce qui lui manque ?", "Réécrivez-le pour qu'il oblige le titulaire et se contrôle."],
                    [f"Ce qui manque : {weak}", f"Une rédaction possible : « {model} »"], e, categories)


def _hours(label: str, amount: float, labour: float, cost: float, rate: float) -> Exercise:
    def num(value: float, digits: int = 0) -> str:
        return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")

    total = amount * labour / cost
    hours = round_hours(total * rate)  # halves up, as the drafted clause and the page's script round
    return Exercise(
        "calculer", f"{label} : {num(amount)} euros HT ; la main-d'œuvre représente {labour * 100:.0f} % du "
                    f"montant ; le coût horaire complet est de {cost} euros ; l'acheteur vise {rate * 100:.0f} % des "
                    "heures pour l'insertion.",
        ["Combien d'heures de travail le marché représente-t-il ?", "Combien d'heures d'insertion inscrire dans la clause ?"],
        [f"Heures de travail : {num(amount)} × {num(labour, 2)} ÷ {cost} = {num(total)} heures environ.",
         f"Heures d'insertion : {num(total)} × {num(rate, 2)} = {num(hours)} heures, à écrire dans la clause, "
         "avec un suivi par le facilitateur."])


def _choose(situation: str, tender: Tender) -> Exercise:
    recs = recommend(tender, [], [], [])
    answer = [f"{n}. {LEVER_LABELS.get(r.lever, 'Levier')} : {r.why or r.text}" for n, r in enumerate(recs[:4], 1)]
    if not any(r.lever == "reserved" for r in recs):
        answer.append("Ne conviendrait pas : réserver le marché, car aucune structure de l'économie sociale et "
                      "solidaire ne fournit ce type d'achat.")
    return Exercise("choisir", situation, ["Quels leviers proposeriez-vous, dans quel ordre, et pourquoi ?",
                                           "Lequel ne conviendrait pas à cet achat ?"], answer)


def exercises(db, spot: int = 4, fix: int = 3) -> list[Exercise]:
    """Exercises of the four kinds: real passages when published tenders have some."""
    spots, fixes = [], []
    for e, categories in _passages(db):
        weak = weakness(e.category, e.text, e.strength)
        if weak is not None and len(fixes) < fix and (exercise := _fix(e, categories, weak)) is not None:
            fixes.append(exercise)
        elif len(spots) < spot:
            spots.append(_spot(e, categories))
    for e in PRACTICE:  # the published passages are all strong: written ones to correct
        if len(fixes) >= min(fix, 2):
            break
        weak = weakness(e.category, e.text, e.strength)
        if weak is not None and (exercise := _fix(e, [e.category], weak)) is not None:
            fixes.append(exercise)
    return spots + fixes + [_hours(*h) for h in HOURS[:2]] + [_choose(*p) for p in PURCHASES]


def exercises_html(items: list[Exercise], css: str, answers: bool = True) -> str:
    return render_page("exercises.html", items=items, css=Markup(css), answers=answers)
