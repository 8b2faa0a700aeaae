"""Award criteria read from text, and their social/environmental aspects.

Formats handled (one criterion per line):
  TED rendering   "Critère de qualité - Nom : Valeur technique / Pondération : 20", "Prix - Pondération : 50",
                  "Coût - Nom : Coût global / Pondération : 30", "Critère : Prix / Pondération : 40"
  BOAMP           "1. Valeur technique de l'offre / Pondération : 60" under "Critère de qualité" / "Prix :"
  tables          "Prix | 60 %", "Valeur technique | 40 points"
  prose           "Prix des prestations : 40 %", "1. Valeur technique (50 %)", "2. Délais : sur 5 points",
                  "Performance environnementale = 10 %"
  sub-criteria    "— sous-critère 1 (80 %) : ...", "1.1 Méthodologie (20 %)", indented "- dont ...", kept as
                  `SubCriterion` (an AwardCriterion with `parent`)
Lines are read only inside an award-criteria section (see nlp.sections) or when the line itself
says "Pondération"/"critère". "Lot n° 2" lines set the lot of the criteria that follow.
Pure functions: no spaCy.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from nlp.legal_refs import _fold
from nlp.pipeline import category_files
from nlp.sections import SectionTracker, classify_line
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
    if re.search(r"^(?:le\s+)?(?:prix|montant|tarif|offre financiere|valeur economique|critere financier)|\bprix\b", folded):
        return "price"
    return "quality"


# --- extraction ------------------------------------------------------------------------------------
_NUM = r"(\d+(?:[.,]\d+)?)"
_WORD_NUMBERS = {"un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
                 "neuf": 9, "dix": 10, "quinze": 15, "vingt": 20, "trente": 30, "quarante": 40,
                 "cinquante": 50, "soixante": 60}
_LOT = re.compile(r"^\s*(?:[-–—•]\s*)?lot\s*(?:n\s*[°ºo]\.?\s*:?\s*)?(\d+)\b", re.IGNORECASE)
_TED = re.compile(
    r"^(?P<kind>crit[èe]re de qualit[ée]|co[ûu]t|prix|crit[èe]re)\s*(?:-\s*nom)?\s*:\s*(?P<name>.+?)\s*/\s*"
    r"pond[ée]ration\s*:\s*" + _NUM,
    re.IGNORECASE,
)
_TED_PRICE = re.compile(r"^(?P<kind>prix|co[ûu]t)\s*-\s*pond[ée]ration\s*:\s*" + _NUM, re.IGNORECASE)
_SLASH = re.compile(r"^(?P<name>.+?)\s*/\s*pond[ée]ration\s*:\s*" + _NUM, re.IGNORECASE)
_TABLE = re.compile(r"^(?P<name>[^|]{2,150}?)\s*\|\s*" + _NUM + r"\s*(?:%|points?|pts?)?\s*\|?\s*$", re.IGNORECASE)
_PAREN = re.compile(r"^(?P<name>.{2,150}?)\s*\(\s*(?:pond[ée]ration\s*:?\s*)?" + _NUM + r"\s*(?:%|points?|pts?)\s*\)", re.IGNORECASE)
_COLON = re.compile(
    r"^(?P<name>[^:=]{2,150}?)\s*[:=]\s*(?:sur\s+|pond[ée]r[ée]e? [àa]\s+|not[ée]e? sur\s+)?" + _NUM
    + r"\s*(?:%|points?|pts?\b)",
    re.IGNORECASE,
)
_WORD_POINTS = re.compile(r"^(?P<name>.{2,150}?)\s*\((?P<word>[a-zé]+)\s+points?\)", re.IGNORECASE)
_MARKER = re.compile(
    r"^(?P<indent>\s*)(?P<marker>(?:[-–—•*>]+\s*)+|\d+(?:\.\d+)*\s*[.)\-–]?\s+|[a-z]\)\s+|"
    r"(?:sous[- ]crit[èe]re|crit[èe]re)\s*(?:n\s*[°ºo]\.?\s*)?\d*(?:\.\d+)?\s*[:.\-–]?\s*)?",
    re.IGNORECASE,
)
_SUB_WORDS = re.compile(r"^(?:sous[- ]crit[èe]re|dont\b)", re.IGNORECASE)
_HEADER_WORDS = {"critere", "criteres", "ponderation", "note", "points", "critere de qualite", "criteres d'attribution"}


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _clean_name(name: str) -> str:
    name = re.sub(r"^(?:crit[èe]re\s*(?:n\s*[°ºo]\.?\s*)?\d*\s*[:.\-–]\s*|dont\s+)", "", name.strip(), flags=re.IGNORECASE)
    return name.strip(" :-–—•*\t;,.").strip()


def _parse_line(line: str) -> tuple[str, float | None, str | None, bool] | None:
    """(name, weight, explicit type, is_sub) for a criterion line, else None."""
    m = _TED.match(line.strip())
    if m:
        kind = _fold(m.group("kind"))
        ctype = "cost" if kind.startswith("cout") else "price" if kind == "prix" else None
        name = m.group("name").strip()
        return name, _number(m.group(3)), ctype, bool(_SUB_WORDS.match(name))
    m = _TED_PRICE.match(line.strip())
    if m:
        kind = _fold(m.group("kind"))
        return ("Coût" if kind.startswith("cout") else "Prix"), _number(m.group(2)), \
            ("cost" if kind.startswith("cout") else "price"), False
    marker = _MARKER.match(line)
    indent = len(marker.group("indent")) if marker else 0
    mark = (marker.group("marker") or "") if marker else ""
    body = line[marker.end():] if marker else line
    is_sub = (
        bool(_SUB_WORDS.match(mark.strip()) or _SUB_WORDS.match(body.strip()))
        or bool(re.match(r"\d+\.\d+", mark.strip()))
        or (indent >= 2 and bool(mark.strip()))
        or mark.strip().startswith(("——", "--", "o ", "◦"))
    )
    for pattern in (_SLASH, _TABLE, _PAREN, _COLON):
        m = pattern.match(body.strip())
        if m:
            name = _clean_name(m.group("name"))
            if not name or _fold(name) in _HEADER_WORDS and pattern is _TABLE:
                return None
            return name, _number(m.group(2)), None, is_sub
    m = _WORD_POINTS.match(body.strip())
    if m and _fold(m.group("word")) in _WORD_NUMBERS:
        return _clean_name(m.group("name")), float(_WORD_NUMBERS[_fold(m.group("word"))]), None, is_sub
    return None


def extract_award_criteria(document: Document) -> list[AwardCriterion]:
    """Award criteria with weights, per lot when the text says so; sub-criteria as SubCriterion."""
    criteria: list[AwardCriterion] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    tracker = SectionTracker()
    lot: str | None = None
    parent: str | None = None
    for page in document.pages:
        for line in page.text.splitlines():
            lot_match = _LOT.match(line)
            if lot_match and len(line) < 200:
                lot, parent = lot_match.group(1), None
            heading = classify_line(line)
            if heading:
                tracker.feed(*heading)
            cue = re.search(r"pond[ée]ration|crit[èe]re", line, re.IGNORECASE)
            if tracker.kind != "award" and not cue:
                continue
            parsed = _parse_line(line)
            if not parsed:
                continue
            name, weight, ctype, is_sub = parsed
            if len(name) > 200:
                continue
            key = (_fold(name), lot, parent if is_sub else None)
            if key in seen:
                continue
            seen.add(key)
            fields = dict(
                name=name,
                weight=weight,
                lot=lot,
                type=ctype or criterion_type(name),
                aspects=classify_aspects(name),
            )
            if is_sub and parent:
                criteria.append(SubCriterion(parent=parent, **fields))  # type: ignore[arg-type]
            else:
                criteria.append(AwardCriterion(**fields))  # type: ignore[arg-type]
                parent = name
    return criteria
