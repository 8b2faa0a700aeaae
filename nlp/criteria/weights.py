"""Weight tokens of award-criteria text: "40 %", "30 points", "pondération 50", "coefficient 0,4"..."""
from __future__ import annotations

import re
from dataclasses import dataclass

_WORD_NUMBERS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
                 "neuf": 9, "dix": 10, "quinze": 15, "vingt": 20, "trente": 30, "quarante": 40,
                 "cinquante": 50, "soixante": 60}
_V = r"(?<![\w.,/])(\d{1,3}(?:[.,]\d{1,2})?)(?![\d])"
_UNIT_AFTER = r"(?!\s*(?:%|pour\s*cent|points?\b|pts?\b|[/\d]))"
# (kind, pattern); the weight is group 1. Scales come first: "notée sur 20 points" is a scale.
_TOKEN_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("scale", re.compile(r"\b(?:notee?s?|notation|note)\s+(?:[a-z]+\s+){0,2}?(?:sur|de\s+0\s+a)\s+"
                         r"(\d{1,3})(?![\d])(?:\s*(?:points?|pts?)\b)?")),
    ("pct", re.compile(_V + r"\s*(?:%|pour\s*cent\b)")),
    ("pts", re.compile(_V + r"\s*(?:points?|pts?)(?![\w])")),
    ("pts", re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\s+points?\b")),
    ("pond", re.compile(r"ponderation[ \t]*(?:totale[ \t]*|globale[ \t]*)?(?:de[ \t]*|:[ \t]*|=[ \t]*)?(?:\([ \t]*)?"
                        + _V + _UNIT_AFTER)),
    ("pond", re.compile(r"ponderee?s?[ \t]+(?:a|de)[ \t]+" + _V + _UNIT_AFTER)),
    ("pond", re.compile(r"coefficient(?:[ \t]+(?:de[ \t]+)?(?:ponderation|ponderateur|multiplicateur))?[ \t]*"
                        r"(?:de|:|=)?[ \t]*" + _V + _UNIT_AFTER)),
    ("pts", re.compile(r"(?<![\w.,/])(\d{1,3}(?:[.,]\d{1,2})?)[ \t]*/[ \t]*100\b(?![.,]\d)")),
    ("pts", re.compile(r"(?:^|[:=(\-–]\s*)sur\s+" + _V + r"(?!\s*(?:%|points?\b|pts?\b|[/\d]))")),
    ("slash", re.compile(r"(?<=[^\s\d/.])\s*/\s*(\d{1,3})(?![\d/]|[.,]\d)(?!\s*(?:%|points?\b))")),
]
def number(text: str) -> float:
    return float(text.replace(",", "."))


# Numbers that are not weights though a unit follows: thresholds, advances, guarantees, totals...
_NOT_WEIGHT_BEFORE = re.compile(
    # money matters, a few words away: "retenue de garantie au taux de 5 %"
    r"\b(?:avances?|retenue\s+de\s+garantie|garantie\s+a\s+premiere\s+demande|tva|acomptes?|abattement|"
    r"penalites?|revision|capital|primes?|indemnites?|escompte|interets?\s+moratoires)\b[^.;:\n%]{0,30}$|"
    # thresholds and restatements right before the number: "au moins 30 %", "soit 40 %"
    r"\b(?:minimum|maximum|minimales?|maximales?|au\s+moins|plus\s+de|moins\s+de|jusqu'a|hauteur\s+de|"
    r"superieure?s?|inferieure?s?|environ|seuils?|variations?|representent|represente|representant|soit|"
    r"majorations?|reductions?|exceder|excede|depasse|depassant|ecarts?|marges?|tolerances?|note\s+de|page|"
    r"art\.|article|degressi\w*)"
    r"(?:\s*(?:de|d'un|d'une|a|egale?\s+a|:|de\s+l'ordre\s+de))?\s*\(?\s*$")
_NOT_WEIGHT_AFTER = re.compile(r"^\s*(?:%\s*)?(?:du montant|du prix|des prix|du marche|du total|d'avance|de remise|"
                               r"de rabais|du chiffre|de la valeur estimee|ttc|ht\b|h\.t|eur|euros?\b|€|ans\b|mois\b|"
                               r"jours\b|km|m2|m3|kg|tonnes?)")


@dataclass
class Token:
    value: float
    kind: str
    start: int
    end: int
    lot: str | None
    level: int = 0
    name: str = ""
    group: int | None = None  # innermost parenthesis holding the token


def weight_tokens(folded: str, lots: list[tuple[int, str | None]]) -> list[Token]:
    """Weight tokens of a passage (accent-folded), each with the lot in force at its offset."""
    taken: list[tuple[int, int]] = []
    found: list[Token] = []
    for kind, pattern in _TOKEN_PATTERNS:
        for m in pattern.finditer(folded):
            span = (m.start(), m.end())
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            raw = m.group(1)
            value = float(_WORD_NUMBERS[raw]) if raw in _WORD_NUMBERS else number(raw)
            before = folded[max(0, m.start() - 60):m.start()]
            if kind != "scale" and (_NOT_WEIGHT_BEFORE.search(before) or
                                    _NOT_WEIGHT_AFTER.match(folded[m.end(1):m.end(1) + 25])):
                continue
            if value <= 0 or value > 100 or (kind == "pct" and value == 100
                                              and re.match(r"\s*%\s*(?:de|du|des)\b", folded[m.end(1):])):
                continue
            taken.append(span)
            lot = None
            for offset, lot_here in lots:
                if offset <= m.start():
                    lot = lot_here
            found.append(Token(value, kind, m.start(), m.end(), lot))
    found.sort(key=lambda t: t.start)
    return found




TOLERANCE = 0.011


def close_to(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(1.0, abs(b) / 100)



def complete(weights: list[float]) -> bool:
    full = 1.0 if all(w <= 1 for w in weights) else 100.0
    return close_to(sum(weights), full)



# A table row or list line ending with a bare number ("Prix | 60"), read only when a whole passage
# has no other weight and such numbers add up to 100.
BARE_ROW = re.compile(r"^[ \t]*(?P<name>[^\n]*?[^\W\d_][^\n]*?)(?:[ \t]*\|[ \t]*|[ \t]*[:=][ \t]*|[ \t]+)"
                       r"(?P<value>\d{1,3}(?:[.,]\d{1,2})?)[ \t]*\|?[ \t]*[.;]?[ \t]*$", re.MULTILINE)
