"""Section headings of notices and DCE documents, and the section kind in force at each point.

Why: the same words ("gestion des déchets", "insertion professionnelle") are an award criterion
under "II.2.5) Critères d'attribution", an execution condition under "Conditions d'exécution",
and a mere description of the purchase under "II.1.4) Description succincte".
Pure text functions; the spaCy component in nlp.pipeline only wraps `find_headings`.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import yaml

from nlp.patterns import PATTERNS_DIR
from text import fold

SECTIONS_PATH = PATTERNS_DIR / "sections.yml"
KINDS: tuple[str, ...] = ("award", "execution", "reserved", "selection", "object", "other")

# "Section III :", "II.2.5)", "IV.1)", "III.1.5)"
_NOTICE_NUM = re.compile(r"^(?:Section\s+(?P<sec>[IVX]+)\s*:|(?P<roman>[IVX]+(?:\.\d+)+)\)?)\s*", re.IGNORECASE)
# "Article 5 -", "ARTICLE 5.2 :", "Chapitre II", "Titre 3"
_ARTICLE_NUM = re.compile(
    r"^(?:article|art\.|chapitre|titre|partie)\s+(?P<num>(?:\d+|[IVX]+)(?:\.\d+)*)\s*(?:er\b)?\s*[-–—:.)]?\s*",
    re.IGNORECASE,
)
# "5.2 Critères", "5.2.1. Valeur technique"
_DOTTED_NUM = re.compile(r"^(?P<num>\d+(?:\.\d+)+)\.?\)?\s+")
# "1. Prix", "A) ...", "2 - Critères": list item or heading, a heading only when a cue follows
_SINGLE_NUM = re.compile(r"^(?:\d+|[A-Z])\s*[.)\-–]\s+")


@dataclass(frozen=True)
class Heading:
    start: int  # offsets of the heading line in the text
    end: int
    kind: str  # one of KINDS
    depth: int  # 1 = top level; 0 = unnumbered (same level as the innermost open section)
    numbered: bool


@functools.cache
def _cues() -> list[tuple[str, str]]:
    """(folded cue, kind), longest first so that the most specific cue wins."""
    with SECTIONS_PATH.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    cues = [(fold(cue), kind) for kind, items in data["kinds"].items() for cue in items]
    return sorted(cues, key=lambda c: -len(c[0]))


def _kind_of(title: str) -> str | None:
    folded = fold(title.strip()).lstrip("-–—•*> ").replace("’", "'")
    for cue, kind in _cues():
        if folded.startswith(cue) and (len(folded) == len(cue) or not folded[len(cue)].isalnum()):
            return kind
    return None


_FIELD_LABEL = re.compile(r"([A-ZÉÈÀÂ][^:\n]{2,50}?)\s*:\s+\S")


def field_kind(sentence: str) -> str | None:
    """ "object" for a sentence that opens with an object field ("Objet du marché : ...",
    "Intitulé : ..."), "award" for one that opens with a criterion field ("Critère : Qualité
    environnementale : 15 %"), wherever it stands (a notice flattened on one line keeps no
    headings; TED forms print their criteria under the description)."""
    field = _FIELD_LABEL.match(sentence.lstrip())
    kind = _kind_of(field.group(1)) if field else None
    return kind if kind in ("object", "award") else None


def _is_all_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.85


def classify_line(line: str) -> tuple[str, int, bool] | None:
    """(kind, depth, numbered) when `line` is a heading, else None."""
    text = line.strip()
    if not text:
        return None
    field = _FIELD_LABEL.match(text)
    if field and _kind_of(field.group(1)) == "object":
        # "Objet du marché : <long description>" on one line (flattened notices): the value is
        # a description of the purchase, whatever section came before.
        return ("object", 0, False)
    if len(text) > 200:
        return None
    m = _NOTICE_NUM.match(text)
    if m and (m.group("sec") or m.group("roman")):
        depth = 1 if m.group("sec") else m.group("roman").count(".") + 1
        return (_kind_of(text[m.end() :]) or "other", depth, True)
    m = _ARTICLE_NUM.match(text)
    if m and len(text) <= 120:
        depth = m.group("num").count(".") + 1
        return (_kind_of(text[m.end() :]) or "other", depth, True)
    m = _DOTTED_NUM.match(text)
    if m and len(text) <= 120 and not text.rstrip().endswith((",", ";")):
        return (_kind_of(text[m.end() :]) or "other", m.group("num").count(".") + 1, True)
    if len(text) > 90 or text.endswith((",", ";")):
        return None
    body = text[_SINGLE_NUM.match(text).end() :] if _SINGLE_NUM.match(text) else text
    if not body[:1].isupper():
        return None
    kind = _kind_of(body)
    if kind:
        return (kind, 0, False)
    if _is_all_caps(body) and len(text) <= 90:
        return ("other", 1, True)
    return None


def find_headings(text: str) -> list[Heading]:
    """Heading lines of `text` with their kind and level."""
    headings = []
    pos = 0
    for line in text.splitlines(keepends=True):
        found = classify_line(line)
        if found:
            stripped = line.rstrip("\r\n")
            lead = len(stripped) - len(stripped.lstrip())
            end = pos + len(stripped.rstrip())
            headings.append(Heading(pos + lead, end, found[0], found[1], found[2]))
        pos += len(line)
    return headings


@dataclass
class SectionTracker:
    """Open sections as a stack of (depth, kind); walks headings across the pages of a document."""

    stack: list[tuple[int, str]] = field(default_factory=list)

    def feed(self, kind: str, depth: int, numbered: bool) -> None:
        current = self.kind
        if not numbered:
            # Criteria names listed under an award heading ("Développement durable") are not
            # headings of their own: stay in the award section ("Objet du marché" still ends it).
            if current == "award" and kind == "execution":
                return
            depth = self.stack[-1][0] if self.stack else 1
        while self.stack and self.stack[-1][0] >= depth:
            self.stack.pop()
        self.stack.append((depth, kind))

    @property
    def kind(self) -> str:
        """Innermost section kind that says something; "other" when none does."""
        for _, kind in reversed(self.stack):
            if kind != "other":
                return kind
        return "other"
