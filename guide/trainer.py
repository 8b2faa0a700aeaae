"""Trainer mode: exercises made from real passages, with an answer key on separate pages.

For each passage the learner answers: which lever is it? an execution condition or an award
criterion? what is missing to make it strong? The answers come from the detector's own reading
(category, strength) and the grid's rules, so the key explains itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from guide.excerpts import Excerpt, best_excerpts
from guide.render import render_page
from taxonomy import CATEGORY_LABELS

QUESTIONS = ("Quel levier ce passage utilise-t-il ?",
             "Est-ce une condition d'exécution, un critère d'attribution ou une réservation ?",
             "Que faudrait-il ajouter pour qu'il soit plus fort ?")
# Invented passages (our own wording) for an empty database, clearly marked as such.
PRACTICE = [
    Excerpt("insertion_clause", "Le titulaire favorisera l'emploi de personnes éloignées de l'emploi pendant "
            "l'exécution du marché.", 0, "Exemple inventé", "CCAP", None, "mention"),
    Excerpt("environmental_criterion", "Critère n° 3 : démarche environnementale de l'entreprise — 5 %.", 0,
            "Exemple inventé", "RC", None, "criterion"),
    Excerpt("reserved_insertion", "Le lot 4 est réservé aux structures d'insertion par l'activité économique.", 0,
            "Exemple inventé", "Avis", None, "mandatory"),
    Excerpt("environmental_condition", "Les emballages sont repris par le titulaire à chaque livraison et "
            "orientés vers une filière de réemploi.", 0, "Exemple inventé", "CCAP", None, "mandatory"),
]
_HOURS = re.compile(r"\d[\d\s.]*\s*heures", re.IGNORECASE)


@dataclass
class Exercise:
    excerpt: Excerpt
    lever: str
    kind: str
    missing: str


def _kind(category: str) -> str:
    if category.startswith("reserved"):
        return "Une réservation du marché ou d'un lot."
    if category.endswith("criterion"):
        return "Un critère d'attribution : il départage les offres, il n'oblige personne."
    return "Une condition d'exécution : elle s'impose au titulaire, quel qu'il soit."


def _missing(e: Excerpt) -> str:
    if e.category.startswith("reserved") and not re.search(r"L\.?\s?2113-1[2-6]", e.text):
        return "L'article qui fonde la réservation (L2113-12, L2113-13 ou L2113-15) doit être cité."
    if e.category == "insertion_clause" and not _HOURS.search(e.text):
        if "heure" in e.text.lower():
            return ("Le nombre d'heures écrit dans la clause elle-même (pas seulement en annexe) et un suivi "
                    "par un facilitateur.")
        return "Un nombre d'heures d'insertion et un suivi par un facilitateur, pour que l'engagement se contrôle."
    if e.category.endswith("criterion"):
        weight = re.search(r"(\d+)\s*(?:%|points)", e.text)
        if weight and int(weight.group(1)) < 10:
            return "Une pondération plus forte (10 % ou plus) et des sous-critères vérifiables."
        return "Une méthode de notation écrite, pour que le critère soit vérifiable."
    if e.strength in ("mention", "optional"):
        return "Une formulation qui oblige (« le titulaire s'engage à… ») et un moyen de contrôle."
    return "Rien d'essentiel : c'est un bon exemple ; on peut discuter du moyen de contrôle."


def exercises(db, per_category: int = 2) -> list[Exercise]:
    """Exercises from the stored tenders; invented practice passages when there are none."""
    found = []
    if db is not None:
        for category in CATEGORY_LABELS:
            found += best_excerpts(db, [category], limit=per_category)
    return [Exercise(e, CATEGORY_LABELS.get(e.category, e.category), _kind(e.category), _missing(e))
            for e in (found or PRACTICE)]


def exercises_html(items: list[Exercise], css: str) -> str:
    return render_page("exercises.html", items=items, questions=QUESTIONS, css=Markup(css))
