"""Award criteria read from text, and their social/environmental aspects.

Two readings, the first one that finds weights wins:

1. Notice rows, one criterion per line, as the notice form holds them (TED/BOAMP rendering):
   "Critère de qualité - Nom : Valeur technique / Pondération : 20", "Prix - Pondération : 50",
   "1. Valeur technique de l'offre / Pondération : 60". Every row is kept, sub-criteria included:
   the form itself lists them as criteria.
2. Free text inside award-criteria passages (II.2.5, II.2.14, VI.3, contest "critères d'évaluation
   des projets", RC articles, MAPA prose). Weights are found as tokens: "40 %", "30 points",
   "(pondération 50)", "pondéré à 25", "coefficient 0,4", "sur 5 points", "/30" (only when nothing
   else is found) and "noté sur 20 points" (a scale, a weight only when nothing else is found).
   Tokens of one passage make a block; sub-criteria (numbered "1.1", "1.a)", "sous-critère",
   "dont", several weights inside one parenthesis, or runs of weights that add up to the weight
   before them or to 100) come back as `SubCriterion` (an AwardCriterion with `parent`).

Passages about the selection of candidates never count. "Lot n° 2" lines set the lot of what
follows; identical copies of a block (a notice printed twice in one file) count once.
Pure functions: no spaCy.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from nlp.legal_refs import _fold
from nlp.pipeline import category_files
from nlp.sections import classify_line
from tenders.model import AwardCriterion, Document


@dataclass
class SubCriterion(AwardCriterion):
    """A sub-criterion: its weight counts inside its parent's, not in the total."""

    parent: str | None = None


# --- aspects ---------------------------------------------------------------------------------------
ENVIRONMENTAL_SOURCES = ("environmental_condition", "environmental_criterion")
SOCIAL_SOURCES = ("insertion_clause", "social_condition", "social_criterion", "fair_trade")


@functools.cache
def _aspect_terms() -> dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]]:
    """Per aspect: a regex of its pattern phrases and one of their exclusions (accent-folded)."""
    files = category_files()

    def compile_terms(sources: tuple[str, ...], key: str) -> re.Pattern[str] | None:
        terms: set[str] = set()
        for cat in sources:
            data = files[cat]
            if key == "phrases":
                for group in data.get("groups", []):
                    terms |= {_fold(str(p)).replace("’", "'") for p in group.get("phrases", [])}
            else:
                terms |= {_fold(str(p)).replace("’", "'") for p in (data.get("exclude") or {}).get("phrases", [])}
        if not terms:
            return None
        alternation = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")

    return {
        "environmental": (compile_terms(ENVIRONMENTAL_SOURCES, "phrases"), compile_terms(ENVIRONMENTAL_SOURCES, "exclude")),
        "social": (compile_terms(SOCIAL_SOURCES, "phrases"), compile_terms(SOCIAL_SOURCES, "exclude")),
    }


def classify_aspects(name: str) -> list[str]:
    """ "environmental" and/or "social" for an award criterion's name; [] for a plain one."""
    text = _fold(name).replace("’", "'")
    aspects = []
    for aspect, (terms, excluded) in _aspect_terms().items():
        cleaned = excluded.sub(" ", text) if excluded else text
        if terms is not None and terms.search(cleaned):
            aspects.append(aspect)
    return aspects


def criterion_type(name: str) -> str:
    """price, cost or quality, from the criterion's name."""
    folded = _fold(name)
    if re.search(r"\bcouts?\b|cycle de vie", folded):
        return "cost"
    if re.search(r"^(?:le\s+|les\s+)?(?:prix|montant|tarif|offre financiere|valeur economique|critere financier)|\bprix\b",
                 folded):
        return "price"
    return "quality"


# --- text preparation ------------------------------------------------------------------------------
@functools.cache
def _fold_char(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", ch.lower()) if not unicodedata.combining(c))
    return base if len(base) == 1 else ch.lower()[:1] or ch


class _FoldTable(dict):
    """str.translate table filled on demand: one folded character for one."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable({ord("’"): "'"})


def _fold_same_length(text: str) -> str:
    """Lowercase without accents, one character for one, so that offsets stay valid."""
    return text.translate(_FOLD_TABLE)


# Everything after a machine-translation disclaimer repeats the notice in another language.
_DISCLAIMER = re.compile(r"^\W*\[?\s*disclaimer\s*:", re.IGNORECASE)


def _prepared_lines(document: Document) -> list[str]:
    lines = []
    for page in document.pages:
        for line in page.text.splitlines():
            if _DISCLAIMER.match(line):
                return lines
            # U+FFFD stands for a lost accented letter in badly decoded files ("Crit�res"); an
            # "e" is right most of the time and lets the cues match.
            lines.append(line.replace("\ufffd", "e").replace("\u00a0", " ").replace("\u202f", " "))
    return lines


# --- notice rows -----------------------------------------------------------------------------------
_NUM = r"(\d+(?:[.,]\d+)?)"
_ROW = re.compile(
    r"^(?P<kind>crit[èe]re de qualit[ée]|co[ûu]t|prix|crit[èe]re)\s*(?:-\s*nom)?\s*:\s*(?P<name>.+?)\s*/\s*"
    r"pond[ée]ration\s*:\s*" + _NUM,
    re.IGNORECASE,
)
_ROW_PRICE = re.compile(r"^(?P<kind>prix|co[ûu]t)\s*-\s*pond[ée]ration\s*:\s*" + _NUM, re.IGNORECASE)
_ROW_SLASH = re.compile(r"^(?:\d+\s*[.)]\s+)?(?P<name>.+?)\s*/\s*pond[ée]ration\s*:\s*" + _NUM + r"\s*%?\s*$",
                        re.IGNORECASE)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _parse_row(line: str) -> tuple[str, float, str | None] | None:
    """(name, weight, explicit type) of a notice criterion row."""
    text = line.strip()
    m = _ROW.match(text)
    if m:
        kind = _fold(m.group("kind"))
        ctype = "cost" if kind.startswith("cout") else "price" if kind == "prix" else None
        return _clean_name(m.group("name")), _number(m.group(3)), ctype
    m = _ROW_PRICE.match(text)
    if m:
        cost = _fold(m.group("kind")).startswith("cout")
        return ("Coût" if cost else "Prix"), _number(m.group(2)), ("cost" if cost else "price")
    m = _ROW_SLASH.match(text)
    if m:
        return _clean_name(m.group("name")), _number(m.group(2)), None
    return None


# --- weight tokens ---------------------------------------------------------------------------------
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
class _Token:
    value: float
    kind: str
    start: int
    end: int
    lot: str | None
    level: int = 0
    name: str = ""
    group: int | None = None  # innermost parenthesis holding the token


def _tokens(folded: str, lots: list[tuple[int, str | None]]) -> list[_Token]:
    """Weight tokens of a passage (accent-folded), each with the lot in force at its offset."""
    taken: list[tuple[int, int]] = []
    found: list[_Token] = []
    for kind, pattern in _TOKEN_PATTERNS:
        for m in pattern.finditer(folded):
            span = (m.start(), m.end())
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            raw = m.group(1)
            value = float(_WORD_NUMBERS[raw]) if raw in _WORD_NUMBERS else _number(raw)
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
            found.append(_Token(value, kind, m.start(), m.end(), lot))
    found.sort(key=lambda t: t.start)
    return found


def weight_in_name(name: str) -> tuple[str, float] | None:
    """A criterion name that carries its weight ("Valeur technique — 40 %") → (name, weight)."""
    folded = _fold_same_length(name)
    tokens = [t for t in _tokens(folded, []) if t.kind in ("pct", "pts", "pond")]
    if len(tokens) != 1:
        return None
    token = tokens[0]
    # Only a weight that closes the name or stands in its own parenthesis; "Qualité (dont 30 %
    # pour la méthode)" is not weighted 30.
    tail = name[token.end:].strip(" .;,)")
    bracketed = re.search(r"\(\s*$", folded[:token.start]) and re.match(r"\s*\)", folded[token.end:])
    if tail and not bracketed:
        return None
    rest = (name[:token.start] + " " + name[token.end:]).strip()
    return (_clean_name(rest) or name.strip()), token.value


# --- passages --------------------------------------------------------------------------------------
# Cues that open an award passage wherever they stand; weak ones only outside selection passages.
_AWARD_CUE = re.compile(
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
_WEAK_CUE = re.compile(r"\bcriteres?\b|\bponder")
_SELECTION_CUE = re.compile(
    r"selection\s+des\s+candidat|criteres?\s+(?:objectifs\s+)?de\s+(?:selection|limitation)(?!\s+des\s+offres)|"
    r"limitation\s+du\s+nombre|criteres?\s+(?:de\s+)?candidatures?|admis\s+a\s+(?:concourir|presenter)|"
    r"selection\s+des\s+(?:equipes|concurrents)|sera\s+(?:admis|retenu)s?\s+a\s+concourir|"
    r"capacites?\s+(?:economiques?\s+et\s+financieres?|techniques?\s+et\s+professionnelles?)|"
    # the English label of the same field, in files that print the notice in both languages
    r"number\s+of\s+candidates|selection\s+criteria")
# "Lot nº : 2", "Lot 1-2", "Lot 1 à 3": a range is one key, as written ("1-2")
_LOT = re.compile(r"^\s*(?:[-–—•]\s*)?lot\s*(?:n\s*[°ºo]?\.?\s*:?\s*)?(\d+(?:\s*(?:-|–|à|a)\s*\d+)?)\b",
                  re.IGNORECASE)
_INLINE_LOT = re.compile(r"(?:^|[\s(;.])(?:pour\s+le\s+)?lot\s*(?:n\s*[°o]?\.?\s*)?(\d+(?:\s*(?:-|–|a)\s*\d+)?)"
                         r"\s*[:)\-–]")
_ALL_LOTS = re.compile(r"pour\s+(?:tous\s+les|l'ensemble\s+des)\s+lots")
_GAP = 1500  # characters without a weight after which a passage is over
_SENTENCE_END = re.compile(r"[.;!?](?=\s*[^\s\d])")


def _lot_key(raw: str) -> str:
    return re.sub(r"\s*(?:-|–|à|a)\s*", "-", raw.strip())


@dataclass
class _Passage:
    text: str = ""
    lots: list[tuple[int, str | None]] = field(default_factory=list)
    depth: int = 99
    gap: int = 0
    has_tokens: bool = False

    def add(self, text: str, lot: str | None) -> None:
        if self.text:
            self.text += "\n"
        self.lots.append((len(self.text), lot))
        self.text += text


def _events(folded: str) -> list[tuple[int, str]]:
    """(offset, kind) of the award/selection cues in a line, in order."""
    events = [(m.start(), "selection") for m in _SELECTION_CUE.finditer(folded)]
    taken = [(m.start(), m.end()) for m in _SELECTION_CUE.finditer(folded)]
    for m in _AWARD_CUE.finditer(folded):
        if not any(a <= m.start() < b for a, b in taken):
            # "La sélection des candidatures sera évaluée selon la méthode de notation suivante":
            # a cue that does not name the offers belongs to the selection sentence before it.
            generic = not re.search(r"offre|attribution|jugement|projets", m.group(0))
            start = max((a for a, _ in taken if a < m.start()), default=None)
            if generic and start is not None and not _SENTENCE_END.search(folded, start, m.start()):
                continue
            events.append((m.start(), "award"))
    for m in _WEAK_CUE.finditer(folded):
        if not any(a <= m.start() < b for a, b in taken):
            events.append((m.start(), "weak"))
    return sorted(events)


def _scan(lines: list[str]) -> tuple[list[list[tuple[str, float, str | None, str | None]]], list[_Passage]]:
    """Notice-row blocks (rows: name, weight, type, lot) and free-text award passages."""
    row_blocks: list[list[tuple[str, float, str | None, str | None]]] = [[]]
    passages: list[_Passage] = []
    mode = "neutral"  # neutral | award | selection
    current: _Passage | None = None
    lot: str | None = None

    def close() -> None:
        nonlocal current
        if current is not None and current.has_tokens:
            passages.append(current)
        current = None

    for line in lines:
        if not line.strip():
            continue
        folded = _fold_same_length(line)
        lot_match = _LOT.match(line)
        if lot_match and len(line) < 200:
            lot = _lot_key(lot_match.group(1))
        heading = classify_line(line)
        has_token = bool(_tokens(folded, []))
        selection_here = bool(_SELECTION_CUE.search(folded))
        events = _events(folded)
        award_depth = 99
        if heading:
            kind, depth, numbered = heading
            if numbered and depth == 1 and not has_token:
                lot = None  # a new top-level section ("Section VI") is about every lot
            if kind == "award" and not selection_here:
                row_blocks.append([])
                if current is not None and current.has_tokens and not has_token:
                    close()  # a new criteria heading: a new list
                events.insert(0, (0, "award"))
                award_depth = depth if numbered else 99
            elif kind == "selection":
                events.insert(0, (0, "selection"))
            elif numbered and not has_token and (mode != "award" or current is None or depth <= current.depth):
                close()
                mode = "neutral"
        row = _parse_row(line) if mode != "selection" else None
        if row:
            row_blocks[-1].append((*row, lot))
            continue
        # Walk the cues of the line: each one switches the mode from where it stands.
        pieces: list[tuple[int, int, str]] = []
        start, state = 0, mode
        for offset, kind in events:
            if kind == "weak":
                if state != "neutral":
                    continue
                # A weak cue ("critères", "pondération") opens the passage from its sentence start.
                ends = [m.end() for m in _SENTENCE_END.finditer(folded, 0, offset)]
                offset = ends[-1] if ends else 0
            new = "selection" if kind == "selection" else "award"
            if new == state:
                continue
            pieces.append((start, offset, state))
            start, state = offset, new
        pieces.append((start, len(line), state))
        for a, b, state in pieces:
            if state != "award":
                if b > a or state != mode:
                    close()
                mode = state
                continue
            mode = "award"
            if current is None:
                current = _Passage(depth=award_depth)
            segment = line[a:b]
            if not segment.strip():
                continue
            current.add(segment, lot)
            if _tokens(folded[a:b], []) or _BARE_ROW.search(folded[a:b]):
                current.has_tokens, current.gap = True, 0
            else:
                current.gap += len(segment)
                if current.gap > _GAP:
                    close()
                    mode = "neutral"
    close()
    return [b for b in row_blocks if b], passages


# --- levels and names in a passage -----------------------------------------------------------------
_SUB_MARK = re.compile(
    r"(?:(?<=[\s(:;,.])|^)(?:\d+\.\d+(?:\.\d+)*|\d+\.?[a-z])\s*[)/.:\-–]|"
    r"(?:^|\n)[ \t]*\d+\.\d+(?:\.\d+)*\.?\s|sous[- ]criteres?|(?:^|\n|[;(])[\s\-–—•*]*dont\b|"
    r"——|◦|(?:^|\n)[ \t]*o\s")
_TOP_MARK = re.compile(
    r"crit[e]re\s*(?:n\s*[°ºo]?\.?\s*)?\d+\b|(?:(?<=[\s:;.(])|^)\d+\s*[)/](?!\d)|"
    r"(?:(?<=[\s;.()])|^)\d+\s*:\s*(?=[a-z])|(?:^|\n)[ \t]*\d+\s*[.\-–]\s|"
    r"(?:^|\n)[ \t]*[ivx]+\s*[).]\s|(?:^|\n)[ \t]*[a-z]\s*\)\s")
_BOUNDARY = re.compile(r"\n|;|(?<![\d\s])\.\s+(?=[A-Za-zÀ-ÿ])|[.:]\s*(?=\d+(?:\.\d+)*\s*[)/.]\s)")


def _paren_groups(text: str) -> list[tuple[int, int]]:
    """Spans of balanced parentheses (innermost first); unclosed ones are ignored."""
    spans, stack = [], []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            spans.append((stack.pop(), i))
    return sorted(spans, key=lambda s: s[1] - s[0])


_ITEM_START = re.compile(r"(?<=[^\d\s])[.!?](?=\s*[^\s\d])|[.;](?=[ \t]*\n)")


_WORD_SUB = 99  # "sous-critère", "dont", "——": below any numbering


def _marker_depth(segment: str) -> int | None:
    """Depth of the last list marker before a weight: 1 for "1)" or "critère 2", 2 for "1.1" or
    "1.a)", 3 for "1.1.1", `_WORD_SUB` for "sous-critère"/"dont"; None without a marker.

    Only the weight's own sentence counts: a note after a list of sub-criteria is not one of them.
    """
    ends = [m.end() for m in _ITEM_START.finditer(segment)]
    segment = segment[ends[-1]:] if ends else segment
    subs = list(_SUB_MARK.finditer(segment))
    tops = [m for m in _TOP_MARK.finditer(segment)
            if not any(s.start() <= m.start() < s.end() or s.start() < m.end() <= s.end() for s in subs)]
    last_sub = subs[-1] if subs else None
    last_top = tops[-1] if tops else None
    if last_sub is None and last_top is None:
        return None
    if last_sub is None or (last_top is not None and last_top.start() > last_sub.start()):
        return 1
    numbering = re.search(r"\d+(?:\.\d+)*(?:\.?[a-z](?![a-z]))?", last_sub.group(0))
    if not numbering:
        return _WORD_SUB
    parts = numbering.group(0)
    return parts.count(".") + 1 + (1 if parts[-1].isalpha() and not parts[-2:-1] == "." else 0)


# What a name starts or ends with that is not the name: list markers, "Lot 2 :", "critère 1 :",
# connectors of weight-first phrasing, "pondéré à".
_LEAD = re.compile(r"^(?:[\s\-–—•*>|/:=(),.]+|(?:pour\s+le\s+)?lots?\s*(?:n\s*[°ºo]?\.?\s*)?\d+(?:\s*[-–àa]\s*\d+)?"
                   r"\s*[:)\-–]\s*|\d+(?:\.\d+)+\.?\s+|\d+(?:\.\d+)*\.?[a-z]?\s*[)/.:\-–]\s*|[ivx]+\s*[).]\s+|"
                   r"[a-z]\s*\)\s*|(?:sous[- ])?crit[èe]res?\s*(?:n\s*[°ºo]?\.?\s*)?"
                   r"(?:\d+(?:\.\d+)?\s*[:.\-–]?|[:.\-–\x22«“])\s*|dont\s+|et\s+|"
                   r"pour\s+|sur\s+|au\s+titre\s+d[eu]\s+)+", re.IGNORECASE)
_TRAIL = re.compile(r"(?:[\s\-–—•*>|/:=(,]+|\bsoit|\bet|\bpour|\bsur|\bpond[ée]r[ée]e?s?\s*(?:[àa]|de)?|"
                    r"\bpond[ée]ration\s*(?:totale\s*)?(?:de)?|\bnot[ée]e?s?\s*sur|\bcoefficient|\bde|\bà)+$",
                    re.IGNORECASE)


def _clean_name(name: str) -> str:
    name = " ".join(re.sub(r"\(\s*\)", " ", name).split())
    for _ in range(3):
        name = _LEAD.sub("", name)
        name = _TRAIL.sub("", name)
    name = name.strip(" :-–—•*\t;,.\"«»“”")
    if name.count("(") > name.count(")"):
        name = name[:name.rfind("(")].strip()
    elif name.count(")") > name.count("(") and name.endswith(")"):
        name = name[:-1].rstrip()
    return name[:200].rstrip()


def _starts_with_marker(line: str) -> bool:
    folded = "\n" + _fold_same_length(line.lstrip(" \t"))
    return any(m.start() <= 1 for pattern in (_TOP_MARK, _SUB_MARK) for m in [pattern.search(folded)] if m)


def _has_letters(name: str) -> bool:
    return len(re.findall(r"[^\W\d_]", name)) >= 3


def _name_after(text: str, token: _Token, next_start: int) -> str:
    after = text[token.end:next_start]
    stop = _BOUNDARY.search(after)
    after = after[:stop.start()] if stop else after
    return _clean_name(re.split(r"[,(]|\bet\b", after)[0])


def _name_for(text: str, token: _Token, prev_end: int, next_start: int, weight_first: bool) -> tuple[str, bool]:
    """The criterion's name around its weight, and whether it was read after the weight."""
    before = text[prev_end:token.start]
    cut = [m.end() for m in _BOUNDARY.finditer(before)]
    # The words that announce the list ("les critères suivants :") are no criterion's name.
    folded = _fold_same_length(before)
    for m in _AWARD_CUE.finditer(folded):
        tail = re.match(r"[^:\n]{0,40}:", folded[m.end():])  # "critères de jugement des offres :"
        cut.append(m.end() + tail.end() if tail else m.end())
    start = max(cut) if cut else 0
    # An item wrapped over two lines: "1. Pertinence de l'insertion par rapport au\nprogramme : 40 %".
    line_start = before.rfind("\n", 0, start) + 1 if start and before[start - 1] == "\n" else None
    if line_start is not None and not _starts_with_marker(before[start:]):
        previous = before.rfind("\n", 0, line_start - 1) + 1
        wrapped = before[previous:start].rstrip()
        if (previous >= max([c for c in cut if c < start], default=0) and not wrapped.endswith((".", ";", ":"))
                and _starts_with_marker(wrapped)):
            start = previous
    name = _clean_name(before[start:])
    if weight_first and "\n" not in before:
        # "60 % sur la valeur technique et 40 % sur le prix": the names follow their weights.
        after = _name_after(text, token, next_start)
        if _has_letters(after):
            return after, True
    if _has_letters(name):
        return name, False
    after = _name_after(text, token, next_start)
    if _has_letters(after):
        return after, True
    # "4) prix (selon le bordereau)." then the weight in the next sentence: the marked item
    for piece in reversed(_BOUNDARY.split(before)):
        if _TOP_MARK.match(piece.lstrip()) or _TOP_MARK.match("\n" + piece):
            cleaned = _clean_name(piece)
            if cleaned:
                return cleaned, False
    return "Critère", False


# --- hierarchy -------------------------------------------------------------------------------------
_TOL = 0.011


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= _TOL * max(1.0, abs(b) / 100)


def _reduce(weights: list[float], target: float, full: float) -> list[int] | None:
    """Indices of the top-level weights when the list reads as criteria (adding up to `target`),
    each optionally followed by a run of two or more sub-weights that add up to it or to `full`."""
    n = len(weights)

    @functools.cache
    def solve(i: int, j: int, t: float) -> tuple[int, ...] | None:
        if i >= j:
            return () if _close(t, 0) else None
        if t < -_TOL:
            return None
        for k in range(i + 1, j + 1):  # k: next top-level index; i+1..k-1 is the sub-run of i
            run = k - i - 1
            if run == 1:
                continue
            if run >= 2 and solve(i + 1, k, round(weights[i], 4)) is None and solve(i + 1, k, full) is None:
                continue
            rest = solve(k, j, round(t - weights[i], 4))
            if rest is not None:
                return (i,) + rest
        return None

    found = solve(0, n, target)
    return list(found) if found is not None else None


def _top_level(tokens: list[_Token]) -> set[int]:
    """Indices of the tokens that are criteria; the others are sub-criteria."""
    weights = [t.value for t in tokens]
    full = 1.0 if all(w <= 1 for w in weights) else 100.0
    level0 = [i for i, t in enumerate(tokens) if t.level == 0]
    if level0 and _close(sum(weights[i] for i in level0), full):
        return set(level0)
    if _close(sum(weights), full):
        return set(range(len(tokens)))
    for candidates in (level0, list(range(len(tokens)))):
        if len(candidates) < 2:
            continue
        found = _reduce([weights[i] for i in candidates], full, full)
        if found is not None:
            return {candidates[i] for i in found}
    # Trailing numbers that are not criteria ("avance de 5 %" read too far): the longest prefix
    # that adds up.
    for end in range(len(tokens) - 1, 1, -1):
        found = _reduce(weights[:end], full, full)
        if found is not None:
            return set(found)
    return set(level0) if level0 else set(range(len(tokens)))


def _restated(first: _Token, second: _Token, text: str) -> bool:
    """"coefficient 0,6) : 60 %", "30 points (soit 30 %)": one weight written twice."""
    between = text[first.end:second.start]
    if len(between) > 40 or "\n" in between or first.kind == second.kind:
        return False
    a, b = first.value, second.value
    return _close(a, b) or _close(a * 100, b) or _close(b * 100, a)


def _choose_kinds(tokens: list[_Token], text: str) -> list[_Token]:
    """Scales and "/30" count only when a passage has no other kind of weight."""
    for kinds in (("pct", "pts", "pond"), ("scale",), ("slash",)):
        chosen = [t for t in tokens if t.kind in kinds]
        if chosen and (kinds != ("slash",) or len(chosen) >= 2):
            break
    else:
        return []
    kept: list[_Token] = []
    for t in chosen:
        if kept and _restated(kept[-1], t, text):
            if kept[-1].kind == "pond":  # keep the weight in the unit the others use, named as before
                kept[-1] = _Token(t.value, t.kind, kept[-1].start, t.end, t.lot)
            continue
        kept.append(t)
    return kept


# A table row or list line ending with a bare number ("Prix | 60"), read only when a whole passage
# has no other weight and such numbers add up to 100.
_BARE_ROW = re.compile(r"^[ \t]*(?P<name>[^\n]*?[^\W\d_][^\n]*?)(?:[ \t]*\|[ \t]*|[ \t]*[:=][ \t]*|[ \t]+)"
                       r"(?P<value>\d{1,3}(?:[.,]\d{1,2})?)[ \t]*\|?[ \t]*[.;]?[ \t]*$", re.MULTILINE)
_BARE_NOT = re.compile(r"(?:\b(?:article|art|page|n|no|lot|lots|chapitre|annexe|tranche|sur|de|du|des|le|la|les|"
                       r"au|en|par|et|ou|a|version|phase|tour|etape|mois|jours?|ans?)|[°º./\d])\s*[:=|]?\s*$")


def _bare_tokens(folded: str, lots: list[tuple[int, str | None]]) -> list[_Token]:
    found = []
    for m in _BARE_ROW.finditer(folded):
        name = m.group("name").rstrip(" |:=\t")
        if _BARE_NOT.search(name) or _tokens(m.group(0), []):
            continue
        value = _number(m.group("value"))
        lot = None
        for offset, lot_here in lots:
            if offset <= m.start("value"):
                lot = lot_here
        found.append(_Token(value, "pts", m.start("value"), m.end("value"), lot))
    by_lot: dict[str | None, list[_Token]] = {}
    for t in found:
        by_lot.setdefault(t.lot, []).append(t)
    return [t for group in by_lot.values() if len(group) >= 2 and _complete([t.value for t in group]) for t in group]


_BARE_ITEM = re.compile(r"(?:^|\n)[ \t]*(?:\d+\s*[)/.\-–]|[-–—•])\s*[^\n\d%]{3,150}?\s(\d{1,3})\s*[.;]?[ \t]*"
                        r"(?=\n|$)")


def _criteria_of_passage(passage: _Passage) -> list[tuple[str | None, list[_Token], set[int]]]:
    """Per lot: tokens and the indices of the top-level ones."""
    text = passage.text
    folded = _fold_same_length(text)
    lots = list(passage.lots)
    # "Lot 2 :" inside the passage switches the lot of what follows; "pour tous les lots" resets it.
    for m in _INLINE_LOT.finditer(folded):
        lots.append((m.start(1), _lot_key(m.group(1))))
    for m in _ALL_LOTS.finditer(folded):
        lots.append((m.start(), None))
    lots.sort(key=lambda x: x[0])
    tokens = _choose_kinds(_tokens(folded, lots), folded) or _bare_tokens(folded, lots)
    if not tokens:
        return []
    if len({t.lot for t in tokens}) > 1 and sum(
            1 for lot in {t.lot for t in tokens} if sum(t.lot == lot for t in tokens) >= 2) < 2:
        # One list with a lot-specific aside ("pour le lot 2, sous-critère ..."): one lot for all.
        tokens = _choose_kinds(_tokens(folded, sorted(passage.lots, key=lambda x: x[0])), folded)
    groups = _paren_groups(folded)
    for t in tokens:
        t.group = next((i for i, (a, b) in enumerate(groups) if a < t.start and t.end <= b + 1), None)
    prev_end, base_indent, weight_first = 0, None, False
    depths: list[int | None] = []
    for i, t in enumerate(tokens):
        depth = _marker_depth(folded[prev_end:t.start])
        line_start = folded.rfind("\n", 0, t.start) + 1
        indent = len(folded[line_start:]) - len(folded[line_start:].lstrip(" \t"))
        base_indent = indent if base_indent is None else base_indent
        if depth is None and indent >= base_indent + 2 and re.match(r"[ \t]*[-–•*]", folded[line_start:]):
            depth = _WORD_SUB  # an indented bullet under a criterion
        depths.append(depth)
        next_start = tokens[i + 1].start if i + 1 < len(tokens) else len(text)
        t.name, weight_first = _name_for(text, t, prev_end, next_start, weight_first)
        prev_end = t.end
    # Numbering is relative: "8.1 Prix", "8.2 Délai" in an article 8 are the criteria themselves.
    top_depth = min((d for d in depths if d is not None and d != _WORD_SUB), default=1)
    for t, depth in zip(tokens, depths):
        t.level = 1 if depth is not None and depth > top_depth else 0
    out = []
    for lot in dict.fromkeys(t.lot for t in tokens):
        mine = [t for t in tokens if t.lot == lot]
        counts: dict[int, int] = {}
        for t in mine:
            if t.group is not None:
                counts[t.group] = counts.get(t.group, 0) + 1
        for t in mine:
            # Several weights inside one parenthesis detail the weight before it.
            if t.group is not None and 1 < counts[t.group] < len(mine):
                t.level = 1
        top = _top_level(mine)
        # "4) garanties 10." : a last item written without its unit, kept when it completes the list.
        full = 1.0 if all(t.value <= 1 for t in mine) else 100.0
        total = sum(mine[i].value for i in top)
        if not _close(total, full) and all(t.kind in ("pond", "pts") for t in mine):
            for m in _BARE_ITEM.finditer(text, mine[-1].end):
                value = float(m.group(1))
                if _close(total + value, full):
                    extra = _Token(value, "pond", m.start(1), m.end(1), lot, 0,
                                   _clean_name(text[m.start():m.start(1)]))
                    mine.append(extra)
                    top.add(len(mine) - 1)
                    break
        out.append((lot, mine, top))
    return out


# --- entry point -----------------------------------------------------------------------------------
def _complete(weights: list[float]) -> bool:
    full = 1.0 if all(w <= 1 for w in weights) else 100.0
    return _close(sum(weights), full)


def extract_award_criteria(document: Document) -> list[AwardCriterion]:
    """Award criteria with weights, per lot when the text says so; sub-criteria as SubCriterion."""
    row_blocks, passages = _scan(_prepared_lines(document))
    criteria: list[AwardCriterion] = []
    seen: set[tuple] = set()
    for block in row_blocks:
        for lot in dict.fromkeys(r[3] for r in block):
            rows = [r for r in block if r[3] == lot]
            key = (lot, tuple(r[1] for r in rows))
            if key in seen:
                continue  # the same criteria printed again (another copy of the notice)
            seen.add(key)
            for name, weight, ctype, _ in rows:
                criteria.append(AwardCriterion(name=name, weight=weight, lot=lot, type=ctype or criterion_type(name),
                                               aspects=classify_aspects(name)))
    if criteria:
        return criteria

    # Free text: one block per lot, the first complete one (adding up to 100) preferred.
    chosen: dict[str | None, tuple[list[_Token], set[int]]] = {}
    for passage in passages:
        for lot, tokens, top in _criteria_of_passage(passage):
            weights = [tokens[i].value for i in sorted(top)]
            key = (lot, tuple(weights))
            if key in seen:
                continue
            seen.add(key)
            if lot not in chosen:
                chosen[lot] = (tokens, top)
                continue
            old_tokens, old_top = chosen[lot]
            old_weights = [old_tokens[i].value for i in sorted(old_top)]
            if _complete(old_weights):
                continue
            merged = old_tokens + tokens
            merged_top = _top_level(merged)
            if _complete([merged[i].value for i in sorted(merged_top)]):
                chosen[lot] = (merged, merged_top)  # one list cut by long explanations
            elif _complete(weights) or len(weights) > len(old_weights):
                chosen[lot] = (tokens, top)
    lot_lists = {tuple(tokens[i].value for i in sorted(top)) for lot, (tokens, top) in chosen.items() if lot}
    for lot, (tokens, top) in chosen.items():
        if lot is None and tuple(tokens[i].value for i in sorted(top)) in lot_lists:
            continue  # the lots' own lists already say it
        if len(top) < 2 and not _complete([tokens[i].value for i in top]):
            continue  # one lone percentage ("30 % de matériaux recyclés") is no list of criteria
        parent: str | None = None
        for i, token in enumerate(tokens):
            name = token.name or "Critère"
            fields = dict(name=name, weight=token.value, lot=lot, type=criterion_type(name),
                          aspects=classify_aspects(name))
            if i in top:
                criteria.append(AwardCriterion(**fields))  # type: ignore[arg-type]
                parent = name
            else:
                criteria.append(SubCriterion(parent=parent, **fields))  # type: ignore[arg-type]
    return criteria
