"""Whether a real passage may teach: the rules every excerpt and every exercise passes.

A passage is shown as a practice of its lever only when it is about that lever (the fair-trade
sheet's excerpt speaks of fair trade), reads as a whole (it starts a sentence and ends one),
carries content (not a bare reference to another document, not a line of a table of contents),
and is called a good example only when it is binding and complete (hours for an insertion
clause, a weight of 10 % or more for a criterion, the article for a reservation)."""
from __future__ import annotations

import re

from text import fold
from text.passage import starts_a_sentence

# What a passage of each category must speak of (folded words).
ABOUT = {
    "insertion_clause": r"insertion|heures|eloigne\w* de l.emploi|siae|geiq|etti|publics? en difficulte|demandeurs d.emploi",
    "social_condition": r"egalite|discrimin|apprenti|handicap|sante|securite|conditions de travail|\boit\b|travail|social",
    "social_criterion": r"social|insertion|emploi|egalite|handicap|conditions de travail|solidaire",
    "reserved_disability": r"esat|entreprises? adaptees?|handicap|l\.? ?2113-12|ateliers? proteges?",
    "reserved_insertion": r"siae|insertion|l\.? ?2113-13|travailleurs defavorises",
    "reserved_ess": r"economie sociale|\bess\b|l\.? ?2113-1[56]|mission de service public",
    "environmental_condition": r"environn|dechet|recycl|reemploi|emballage|ecolabel|label|energ|carbone|biodivers|vehicule|"
                               r"\bbio\b|biologique|compost|pollu",
    "environmental_criterion": r"environn|dechet|carbone|energ|emballage|durab|ecolabel|recycl|transport",
    "fair_trade": r"equitable|fairtrade|max havelaar|remuneration (?:juste|equitable)|juste remuneration|"
                  r"devoir de vigilance|droits (?:de l.homme|humains)|\boit\b",
}
SCORED = r"crit[eè]re|not[ée]|pond[ée]r|points?\b|%|sur \d+"
RESERVED_WORD = r"reserv"
_BARE = re.compile(r"(?:conformement (?:a|aux)|voir|cf\.?|se reporter|(?:sont |est )?(?:precise|defini|detaille|prevu|"
                   r"fixe|decrit|indique)e?s? (?:a|au|dans|par|en)|figurant (?:a|au|dans)|mentionne\w* (?:a|au|dans))\s+"
                   r"(?:l.|les? |la )?(?:article|annexe|ccap|cctp|rc\b|reglement|cahier|document|piece|point|paragraphe)")
_CONTENT_WORDS = re.compile(r"\b[a-z]{4,}\b")
_TOC = re.compile(r"\.{4,}|…{2,}|\s\d{1,3}$")
_ENDS = ".;:!?»)"
_HOURS = re.compile(r"\d[\d\s.]*\s*heures")
_WEIGHT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|points)")
_ARTICLE = re.compile(r"l\.?\s?2113-1[2-6]")


def refusal(category: str, text: str) -> str | None:
    """Why the passage may not be shown for this category; None when it may."""
    plain = " ".join(text.split())
    folded = fold(plain)
    if not starts_a_sentence(plain):
        return "commence au milieu d'une phrase"
    if plain[-1] not in _ENDS:
        return "s'arrête au milieu d'une phrase"
    if _TOC.search(plain):
        return "ligne de sommaire"
    if not re.search(ABOUT.get(category, r"."), folded):
        return "ne parle pas de ce levier"
    if category.endswith("criterion") and not re.search(SCORED, folded):
        return "ne dit pas comment l'offre est notée"
    if category.startswith("reserved") and not re.search(RESERVED_WORD, folded):
        return "ne dit pas que le marché est réservé"
    if is_bare_reference(folded):
        return "simple renvoi à un autre document"
    return None


def is_bare_reference(folded: str) -> bool:
    """A sentence whose content is elsewhere: "Les clauses sociales sont précisées à l'article 8
    du CCAP." (few words of its own besides the reference)."""
    m = _BARE.search(folded)
    if not m:
        return False
    own = _CONTENT_WORDS.findall(folded[:m.start()] + " " + folded[m.end():])
    return len(own) < 12


def weakness(category: str, text: str, strength: str | None) -> str | None:
    """What keeps a passage from being a good example of its lever; None when it is one."""
    folded = fold(" ".join(text.split()))
    if category.startswith("reserved") and not _ARTICLE.search(folded):
        return "L'article qui fonde la réservation (L2113-12, L2113-13 ou L2113-15) doit être cité."
    if category == "insertion_clause" and not _HOURS.search(folded):
        if "heure" in folded:
            return ("Le nombre d'heures écrit dans la clause elle-même (pas seulement en annexe) et un suivi "
                    "par un facilitateur.")
        return "Un nombre d'heures d'insertion et un suivi par un facilitateur, pour que l'engagement se contrôle."
    if category.endswith("criterion"):
        weights = [float(w.replace(",", ".")) for w in _WEIGHT.findall(folded)]
        if weights and max(weights) < 10:
            return "Une pondération plus forte (10 % ou plus) et des sous-critères vérifiables."
        if not weights:
            return "Une pondération écrite et une méthode de notation, pour que le critère soit vérifiable."
    if strength in ("mention", "optional"):
        return "Une formulation qui oblige (« le titulaire s'engage à… ») et un moyen de contrôle."
    return None
