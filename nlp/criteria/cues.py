"""Cues that open award-criteria passages (or selection ones), and lot markers; on folded text."""
from __future__ import annotations

import re

# Cues that open an award passage wherever they stand; weak ones only outside selection passages.
AWARD_CUE = re.compile(
    r"crit[e]res?\s+(?:d'attribution|de\s+jugement|de\s+choix|d'evaluations?\s+des\s+(?:projets|offres|prestations)|"
    r"de\s+notation|de\s+classement|d'analyse|de\s+selection\s+des\s+offres|des\s+offres|offres?\s*:|"
    r"retenus\s+pour\s+le\s+jugement|de\s+l'offre\s+economiquement|(?:[a-z]+\s+){0,3}?suivants|"
    r"ci-dessous|ci-apres|enonces)|le\s+jugement\s+(?:des\s+offres\s+)?sera\s+effectue|"
    r"jugement\s+des\s+offres|analyse\s+des\s+offres|notation\s+des\s+offres|classement\s+des\s+offres|"
    r"evaluation\s+des\s+offres|choix\s+de\s+l'offre|offre\s+economiquement\s+la\s+plus\s+avantageuse|"
    r"(?:les\s+)?offres\s+seront\s+(?:jugees|notees|evaluees|classees|appreciees)|"
    r"(?:les\s+)?projets\s+seront\s+(?:juges|evalues|notes|classes)|"
    r"(?:caracteristiques\s+principales\s+de\s+la\s+|modalites\s+de\s+la\s+)?procedure\s+d'attribution|"
    r"modalites\s+d'attribution|methode\s+de\s+notation|modalites\s+de\s+notation")
WEAK_CUE = re.compile(r"\bcriteres?\b|\bponder")
SELECTION_CUE = re.compile(
    r"selection\s+des\s+candidat|criteres?\s+(?:objectifs\s+)?de\s+(?:selection|limitation)(?!\s+des\s+offres)|"
    r"limitation\s+du\s+nombre|criteres?\s+(?:de\s+)?candidatures?|admis\s+a\s+(?:concourir|presenter)|"
    r"selection\s+des\s+(?:equipes|concurrents)|sera\s+(?:admis|retenu)s?\s+a\s+concourir|"
    r"capacites?\s+(?:economiques?\s+et\s+financieres?|techniques?\s+et\s+professionnelles?)|"
    # the English label of the same field, in files that print the notice in both languages
    r"number\s+of\s+candidates|selection\s+criteria")
# "Lot nº : 2", "Lot 1-2", "Lot 1 à 3": a range is one key, as written ("1-2")
LOT = re.compile(r"^\s*(?:[-–—•]\s*)?lot\s*(?:n\s*[°ºo]?\.?\s*:?\s*)?(\d+(?:\s*(?:-|–|à|a)\s*\d+)?)\b",
                  re.IGNORECASE)
INLINE_LOT = re.compile(r"(?:^|[\s(;.])(?:pour\s+le\s+)?lot\s*(?:n\s*[°o]?\.?\s*)?(\d+(?:\s*(?:-|–|a)\s*\d+)?)"
                         r"\s*[:)\-–]")
ALL_LOTS = re.compile(r"pour\s+(?:tous\s+les|l'ensemble\s+des)\s+lots")
GAP = 1500  # characters without a weight after which a passage is over
SENTENCE_END = re.compile(r"[.;!?](?=\s*[^\s\d])")


def lot_key(raw: str) -> str:
    return re.sub(r"\s*(?:-|–|à|a)\s*", "-", raw.strip())
